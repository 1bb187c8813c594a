"""The model-call cache, API keys (hashed) and stories in SQL."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time

from ..models.input import ArticleInput
from ..models.jobs import ApiKey, Job
from ..models.stories import Story, StoryArticle, StoryChanges, StoryVersion
from ..models.summary import ClusterSummary
from .sql import JOB_COLUMNS, Row, SqlBase, dumps, job_from_row, stamp, to_time

SECRET_PREFIX = "sk-sum"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def key_id_of(secret: str) -> str | None:
    """The key id a secret names: ``sk-sum-<id>-<random>`` -> ``key_<id>``."""
    parts = secret.strip().split("-")
    if len(parts) != 4 or "-".join(parts[:2]) != SECRET_PREFIX or not parts[2]:
        return None
    return "key_" + parts[2]


def content_hash(article: ArticleInput) -> str:
    """sha256 of an article's text and metadata (its id left out: the URL names it)."""
    fields = article.model_dump(mode="json", exclude={"id"}, exclude_none=True)
    return hashlib.sha256(dumps(fields).encode()).hexdigest()


def _article(row: Row) -> StoryArticle:
    story_id, article_id, digest, article, revision, updated = row
    return StoryArticle(
        story_id=story_id,
        article_id=article_id,
        content_hash=digest,
        article=ArticleInput.model_validate_json(article),
        revision=revision,
        updated=stamp(updated),
    )


def _version(row: Row) -> StoryVersion:
    story_id, version, revision, hashes, summary, changes, job_id, created = row
    return StoryVersion(
        story_id=story_id,
        version=version,
        revision=revision,
        article_hashes=json.loads(hashes),
        summary=ClusterSummary.model_validate_json(summary),
        changes=StoryChanges.model_validate_json(changes),
        job_id=job_id,
        created=stamp(created),
    )


ARTICLE_COLUMNS = "story_id, article_id, content_hash, article, revision, updated"
VERSION_COLUMNS = "story_id, version, revision, article_hashes, summary, changes, job_id, created"


class RecordTables(SqlBase):
    # --- model-call cache --------------------------------------------------------------

    def cache_get(self, key: str) -> str | None:
        row = self._one("SELECT completion FROM call_cache WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    def cache_put(self, key: str, completion: str, model: str | None = None) -> None:
        with self.transaction() as cursor:
            cursor.execute(
                "INSERT INTO call_cache (key, completion, model, created) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET completion = excluded.completion, "
                "model = excluded.model, created = excluded.created",
                (key, completion, model, time.time()),
            )

    # --- API keys ----------------------------------------------------------------------

    def create_key(self, name: str) -> tuple[ApiKey, str]:
        short = secrets.token_hex(6)
        secret = f"{SECRET_PREFIX}-{short}-{secrets.token_urlsafe(32).replace('-', '_')}"
        key_id = "key_" + short
        now = time.time()
        with self.transaction() as cursor:
            cursor.execute(
                "INSERT INTO api_keys (id, name, secret_hash, created) VALUES (?, ?, ?, ?)",
                (key_id, name, hash_secret(secret), now),
            )
        return ApiKey(id=key_id, name=name, created=stamp(now)), secret

    def list_keys(self) -> list[ApiKey]:
        return [
            ApiKey(id=key_id, name=name, created=stamp(created), revoked=to_time(revoked))
            for key_id, name, created, revoked in self._all(
                "SELECT id, name, created, revoked FROM api_keys ORDER BY created, id"
            )
        ]

    def revoke_key(self, key_id: str) -> bool:
        with self.transaction() as cursor:
            cursor.execute(
                "UPDATE api_keys SET revoked = ? WHERE id = ? AND revoked IS NULL",
                (time.time(), key_id),
            )
            return cursor.rowcount == 1

    def verify_key(self, secret: str) -> str | None:
        key_id = key_id_of(secret)
        if key_id is None:
            return None
        row = self._one(
            "SELECT secret_hash FROM api_keys WHERE id = ? AND revoked IS NULL", (key_id,)
        )
        if row is None or not hmac.compare_digest(str(row[0]), hash_secret(secret.strip())):
            return None
        return key_id

    def any_keys(self) -> bool:
        return self._one("SELECT 1 FROM api_keys WHERE revoked IS NULL LIMIT 1") is not None

    # --- stories -----------------------------------------------------------------------

    def put_article(self, story_id: str, article_id: str, article: ArticleInput) -> StoryArticle:
        article = article.model_copy(update={"id": article_id})
        digest = content_hash(article)
        now = time.time()
        with self.transaction() as cursor:
            cursor.execute("SELECT revision FROM stories WHERE id = ?", (story_id,))
            row = cursor.fetchone()
            revision = 0 if row is None else int(row[0])
            if row is None:
                cursor.execute(
                    "INSERT INTO stories (id, revision, updated) VALUES (?, 0, ?)",
                    (story_id, now),
                )
            cursor.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM story_articles "
                "WHERE story_id = ? AND article_id = ?",
                (story_id, article_id),
            )
            found = cursor.fetchone()
            if found is not None and found[2] == digest:
                return _article(found)
            revision += 1
            cursor.execute(
                "UPDATE stories SET revision = ?, updated = ? WHERE id = ?",
                (revision, now, story_id),
            )
            body = article.model_dump_json(exclude_none=True)
            if found is None:
                cursor.execute(
                    "SELECT COALESCE(MAX(position), 0) FROM story_articles WHERE story_id = ?",
                    (story_id,),
                )
                position = int(cursor.fetchone()[0]) + 1
                cursor.execute(
                    f"INSERT INTO story_articles ({ARTICLE_COLUMNS}, position) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (story_id, article_id, digest, body, revision, now, position),
                )
            else:
                cursor.execute(
                    "UPDATE story_articles SET content_hash = ?, article = ?, revision = ?, "
                    "updated = ? WHERE story_id = ? AND article_id = ?",
                    (digest, body, revision, now, story_id, article_id),
                )
        return StoryArticle(
            story_id=story_id,
            article_id=article_id,
            content_hash=digest,
            article=article,
            revision=revision,
            updated=stamp(now),
        )

    def delete_article(self, story_id: str, article_id: str) -> bool:
        now = time.time()
        with self.transaction() as cursor:
            cursor.execute(
                "DELETE FROM story_articles WHERE story_id = ? AND article_id = ?",
                (story_id, article_id),
            )
            if cursor.rowcount != 1:
                return False
            cursor.execute(
                "UPDATE stories SET revision = revision + 1, updated = ? WHERE id = ?",
                (now, story_id),
            )
            return True

    def story(self, story_id: str) -> Story | None:
        row = self._one(
            "SELECT s.id, s.revision, s.title, s.updated, "
            "(SELECT COUNT(*) FROM story_articles a WHERE a.story_id = s.id) "
            "FROM stories s WHERE s.id = ?",
            (story_id,),
        )
        if row is None:
            return None
        return Story(
            id=row[0], revision=row[1], title=row[2], updated=stamp(row[3]), articles=row[4]
        )

    def story_articles(self, story_id: str) -> list[StoryArticle]:
        found = self._all(
            f"SELECT {ARTICLE_COLUMNS} FROM story_articles WHERE story_id = ? ORDER BY position",
            (story_id,),
        )
        return [_article(row) for row in found]

    def add_story_version(
        self,
        story_id: str,
        revision: int,
        article_hashes: dict[str, str],
        summary: ClusterSummary,
        changes: StoryChanges,
        job_id: str | None = None,
    ) -> StoryVersion:
        now = time.time()
        with self.transaction() as cursor:
            cursor.execute(
                "SELECT COALESCE(MAX(version), 0) FROM story_versions WHERE story_id = ?",
                (story_id,),
            )
            version = int(cursor.fetchone()[0]) + 1
            cursor.execute(
                f"INSERT INTO story_versions ({VERSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    story_id,
                    version,
                    revision,
                    dumps(article_hashes),
                    summary.model_dump_json(),
                    changes.model_dump_json(),
                    job_id,
                    now,
                ),
            )
        return StoryVersion(
            story_id=story_id,
            version=version,
            revision=revision,
            article_hashes=article_hashes,
            summary=summary,
            changes=changes,
            job_id=job_id,
            created=stamp(now),
        )

    def story_versions(self, story_id: str) -> list[StoryVersion]:
        found = self._all(
            f"SELECT {VERSION_COLUMNS} FROM story_versions WHERE story_id = ? ORDER BY version",
            (story_id,),
        )
        return [_version(row) for row in found]

    def latest_story_version(self, story_id: str) -> StoryVersion | None:
        row = self._one(
            f"SELECT {VERSION_COLUMNS} FROM story_versions WHERE story_id = ? "
            "ORDER BY version DESC LIMIT 1",
            (story_id,),
        )
        return None if row is None else _version(row)

    def story_job(self, story_id: str, revision: int) -> Job | None:
        row = self._one(
            f"SELECT {JOB_COLUMNS} FROM jobs WHERE story_id = ? AND story_revision = ? "
            "ORDER BY created DESC, id DESC LIMIT 1",
            (story_id, revision),
        )
        return None if row is None else job_from_row(row)
