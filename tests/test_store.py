"""The store's contract, on SQLite and on a real PostgreSQL server alike."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from postgres_server import postgres_server, postgres_url

from summarizer.models import ArticleInput, ClusterSummary
from summarizer.models.jobs import JobError, SummarizeRequest
from summarizer.models.stories import StoryChanges
from summarizer.store import MAX_ATTEMPTS, IdempotencyConflict, Store, open_store
from summarizer.store.migrate import migrations

__all__ = ["postgres_server", "postgres_url"]  # the fixtures, imported for pytest

EXPIRED = -1.0  # a lease that has already run out: the next claim may take the job
HOUR = 3600.0  # how far off a worker's clock is, in the tests of the database's clock


def request(text: str = "The bridge opens on Monday, the mayor said.") -> SummarizeRequest:
    return SummarizeRequest(cluster={"id": "c", "articles": [{"id": "a", "text": text}]})


def summary(cluster_id: str = "c") -> ClusterSummary:
    return ClusterSummary(cluster_id=cluster_id, headline="A headline")


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def test_a_job_is_queued_claimed_and_finished(store: Store) -> None:
    job = store.create_job(request(), callback_url="http://127.0.0.1:9/hook", key_id="key_1")
    assert job.status == "queued" and job.progress.total == 1 and job.attempts == 0
    assert job.delivery is not None and job.delivery.status == "pending"
    claimed = store.claim_job("w1", 30)
    assert claimed is not None and claimed.id == job.id
    assert claimed.status == "running" and claimed.worker_id == "w1" and claimed.attempts == 1
    assert store.set_progress(job.id, "w1", 1, 1, "digest")
    assert store.heartbeat(job.id, "w1", 30)
    finished = store.finish_job(job.id, "w1", result=summary())
    assert finished is not None and finished.status == "done"
    assert finished.result == summary() and finished.progress.done == 1
    assert store.get_job(job.id) == finished
    assert store.job_counts() == {
        "queued": 0,
        "running": 0,
        "done": 1,
        "failed": 0,
        "cancelled": 0,
    }


def test_a_failed_job_keeps_its_structured_error(store: Store) -> None:
    job = store.create_job(request())
    assert store.claim_job("w1") is not None
    failed = store.finish_job(job.id, "w1", error=JobError(type="model_error", message="down"))
    assert failed is not None and failed.status == "failed"
    assert failed.error == JobError(type="model_error", message="down")


def test_a_job_is_claimed_by_one_worker_only(store: Store) -> None:
    store.create_job(request())
    assert store.claim_job("w1") is not None
    assert store.claim_job("w2") is None


def test_jobs_are_claimed_oldest_first(store: Store) -> None:
    ids = [store.create_job(request(f"Article number {n} is here.")).id for n in range(3)]
    claimed = [store.claim_job(f"w{n}") for n in range(3)]
    assert [job.id for job in claimed if job] == ids


def test_a_repeated_idempotency_key_returns_the_same_job(store: Store) -> None:
    first = store.create_job(request(), idempotency_key="k-1", key_id="key_a")
    again = store.create_job(request(), idempotency_key="k-1", key_id="key_a")
    assert again.id == first.id
    # Another caller's key is theirs: the same string makes another job.
    other = store.create_job(request(), idempotency_key="k-1", key_id="key_b")
    assert other.id != first.id
    with pytest.raises(IdempotencyConflict):
        store.create_job(request("Another body altogether."), idempotency_key="k-1", key_id="key_a")
    assert store.job_counts()["queued"] == 2


def test_a_job_whose_lease_ran_out_is_claimed_again(store: Store) -> None:
    job = store.create_job(request())
    assert store.claim_job("dead", EXPIRED) is not None
    again = store.claim_job("alive", 30)
    assert again is not None and again.id == job.id and again.attempts == 2
    # The first worker lost it: its heartbeat, progress and result are refused.
    assert not store.heartbeat(job.id, "dead")
    assert not store.set_progress(job.id, "dead", 1, 1)
    assert store.finish_job(job.id, "dead", result=summary()) is None
    done = store.finish_job(job.id, "alive", result=summary())
    assert done is not None and done.status == "done"


def test_a_job_whose_workers_keep_dying_fails(store: Store) -> None:
    job = store.create_job(request())
    for attempt in range(MAX_ATTEMPTS):
        claimed = store.claim_job(f"w{attempt}", EXPIRED)
        assert claimed is not None and claimed.attempts == attempt + 1
    assert store.claim_job("last") is None
    failed = store.get_job(job.id)
    assert failed is not None and failed.status == "failed"
    assert failed.error is not None and failed.error.type == "worker_lost"


# --- the database's clock, not the worker's ---------------------------------------------


@contextmanager
def clock_off_by(monkeypatch: pytest.MonkeyPatch, seconds: float) -> Iterator[None]:
    """This process's clock ``seconds`` off inside the block, as on a worker machine
    whose clock is wrong; the database's clock is left as it is."""
    real = time.time
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: real() + seconds)
        yield


def test_a_worker_whose_clock_runs_ahead_takes_no_live_job(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = store.create_job(request(), callback_url="http://127.0.0.1:9/hook")
    assert store.claim_job("honest", 30) is not None
    with clock_off_by(monkeypatch, HOUR):
        assert store.claim_job("ahead", 30) is None
    assert store.finish_job(job.id, "honest", result=summary()) is not None
    assert store.claim_delivery(job.id) is not None  # its sender is sending it now
    with clock_off_by(monkeypatch, HOUR):
        assert store.pending_deliveries() == []
        assert store.claim_delivery(job.id) is None


def test_a_worker_whose_clock_runs_ahead_cannot_stretch_its_lease(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = store.create_job(request())
    with clock_off_by(monkeypatch, HOUR):
        assert store.claim_job("ahead", EXPIRED) is not None
    taken = store.claim_job("honest", 30)
    assert taken is not None and taken.id == job.id and taken.attempts == 2
    with clock_off_by(monkeypatch, HOUR):
        assert store.heartbeat(job.id, "honest", EXPIRED)
    again = store.claim_job("next", 30)
    assert again is not None and again.id == job.id and again.attempts == 3


def test_a_worker_whose_clock_runs_behind_takes_an_expired_job(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = store.create_job(request(), callback_url="http://127.0.0.1:9/hook")
    assert store.claim_job("dead", EXPIRED) is not None
    with clock_off_by(monkeypatch, -HOUR):
        taken = store.claim_job("behind", 30)
        assert taken is not None and taken.id == job.id and taken.attempts == 2
        assert store.finish_job(job.id, "behind", result=summary()) is not None
    assert store.claim_delivery(job.id) is not None  # then its sender died
    with clock_off_by(monkeypatch, -HOUR):
        assert store.pending_deliveries(EXPIRED) == [job.id]
        assert store.claim_delivery(job.id, EXPIRED) is not None


def test_a_worker_whose_clock_runs_behind_still_fails_a_job_that_keeps_dying(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = store.create_job(request())
    for attempt in range(MAX_ATTEMPTS):
        assert store.claim_job(f"w{attempt}", EXPIRED) is not None
    with clock_off_by(monkeypatch, -HOUR):
        assert store.claim_job("behind") is None
    failed = store.get_job(job.id)
    assert failed is not None and failed.status == "failed"
    assert failed.error is not None and failed.error.type == "worker_lost"


def test_a_worker_whose_clock_runs_behind_keeps_its_live_lease(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = store.create_job(request())
    with clock_off_by(monkeypatch, -HOUR):
        assert store.claim_job("behind", 30) is not None
    assert store.claim_job("honest", 30) is None
    with clock_off_by(monkeypatch, -HOUR):
        assert store.heartbeat(job.id, "behind", 30)
    assert store.claim_job("honest", 30) is None
    with clock_off_by(monkeypatch, -HOUR):
        assert store.finish_job(job.id, "behind", result=summary()) is not None


def test_jobs_are_queued_in_the_order_the_database_took_them(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.create_job(request("Sent first, by a server whose clock is right."))
    with clock_off_by(monkeypatch, -HOUR):
        second = store.create_job(request("Sent second, by one whose clock runs behind."))
    assert second.created >= first.created
    claimed = [store.claim_job("w1"), store.claim_job("w2")]
    assert [job.id for job in claimed if job] == [first.id, second.id]


def test_cancelling_a_queued_job_and_a_running_one(store: Store) -> None:
    queued = store.create_job(request("One article to cancel."))
    cancelled = store.cancel_job(queued.id)
    assert cancelled is not None and cancelled.status == "cancelled"
    running = store.create_job(request("One article that runs."))
    assert store.claim_job("w1") is not None
    asked = store.cancel_job(running.id)
    assert asked is not None and asked.status == "running" and asked.cancel_requested
    assert not store.heartbeat(running.id, "w1")  # the worker's cue to stop
    ended = store.finish_job(running.id, "w1", error=JobError(type="cancelled", message="x"))
    assert ended is not None and ended.status == "cancelled"
    assert store.cancel_job("job_missing") is None
    # A finished job stays as it was.
    again = store.cancel_job(running.id)
    assert again is not None and again.status == "cancelled"


def test_a_webhook_delivery_is_taken_once(store: Store) -> None:
    job = store.create_job(request(), callback_url="http://127.0.0.1:9/hook")
    assert store.claim_delivery(job.id) is None  # not finished yet
    assert store.claim_job("w1") is not None
    assert store.finish_job(job.id, "w1", result=summary()) is not None
    assert store.pending_deliveries() == [job.id]
    assert store.claim_delivery(job.id) is not None
    assert store.claim_delivery(job.id) is None
    assert store.pending_deliveries() == []
    store.record_delivery(job.id, delivered=True, attempts=2, status_code=200)
    delivered = store.get_job(job.id)
    assert delivered is not None and delivered.delivery is not None
    assert delivered.delivery.status == "delivered" and delivered.delivery.attempts == 2


def test_the_model_call_cache(store: Store) -> None:
    assert store.cache_get("k") is None
    store.cache_put("k", '{"answer": 1}', model="m")
    store.cache_put("k", '{"answer": 2}', model="m")
    assert store.cache_get("k") == '{"answer": 2}'


def test_api_keys_are_verified_listed_and_revoked(store: Store) -> None:
    assert not store.any_keys()
    key, secret = store.create_key("newsroom")
    assert store.any_keys() and store.verify_key(secret) == key.id
    assert store.verify_key(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert store.verify_key("not a key") is None
    assert [listed.id for listed in store.list_keys()] == [key.id]
    assert store.revoke_key(key.id) and not store.revoke_key(key.id)
    assert store.verify_key(secret) is None and not store.any_keys()
    assert store.list_keys()[0].revoked is not None


def test_api_key_secrets_are_not_stored(store: Store, store_url: str) -> None:
    _, secret = store.create_key("newsroom")
    random_part = secret.rsplit("-", 1)[-1]
    if store_url.startswith("postgresql://"):
        with psycopg.connect(store_url) as connection:
            rows = connection.execute("SELECT * FROM api_keys").fetchall()
        stored = repr(rows)
    else:
        store.close()  # the WAL checkpointed into the file
        stored = Path(store_url).read_bytes().decode("latin-1")
        stored += "".join(
            path.read_bytes().decode("latin-1") for path in Path(store_url).parent.glob("*-wal")
        )
    assert random_part not in stored and secret not in stored


def test_a_story_grows_by_revision(store: Store) -> None:
    first = ArticleInput(text="The dam holds, engineers said.", outlet="Ledger")
    put = store.put_article("dam", "ledger", first)
    assert put.revision == 1 and put.article.id == "ledger"
    assert store.put_article("dam", "ledger", first).revision == 1  # same content: no-op
    story = store.story("dam")
    assert story is not None and story.revision == 1 and story.articles == 1
    store.put_article("dam", "voice", ArticleInput(text="The dam cracked, residents said."))
    changed = store.put_article("dam", "ledger", ArticleInput(text="The dam held overnight."))
    assert changed.revision == 3
    assert [a.article_id for a in store.story_articles("dam")] == ["ledger", "voice"]
    assert store.delete_article("dam", "voice") and not store.delete_article("dam", "voice")
    story = store.story("dam")
    assert story is not None and story.revision == 4 and story.articles == 1
    assert store.story("nothing") is None


def test_story_versions_are_numbered(store: Store) -> None:
    store.put_article("dam", "ledger", ArticleInput(text="The dam holds, engineers said."))
    assert store.latest_story_version("dam") is None
    one = store.add_story_version("dam", 1, {"ledger": "h1"}, summary("dam"), StoryChanges())
    two = store.add_story_version("dam", 2, {"ledger": "h2"}, summary("dam"), StoryChanges())
    assert (one.version, two.version) == (1, 2)
    assert [v.version for v in store.story_versions("dam")] == [1, 2]
    latest = store.latest_story_version("dam")
    assert latest is not None and latest.revision == 2 and latest.article_hashes == {"ledger": "h2"}
    job = store.create_job(request(), story_id="dam", story_revision=2)
    found = store.story_job("dam", 2)
    assert found is not None and found.id == job.id and store.story_job("dam", 1) is None


def test_migrations_are_applied_once(store_url: str) -> None:
    open_store(store_url).close()
    with open_store(store_url) as store:
        store.create_job(request())
    with open_store(store_url) as store:
        assert store.job_counts()["queued"] == 1
    versions = [m.version for m in migrations()]
    assert versions == sorted(set(versions)) and versions[0] == 1
