"""The store's interface: jobs, the model-call cache, API keys and stories.

Two implementations share it: SQLite (``sqlite.py``, the default, one file) and
PostgreSQL (``postgres.py``, for workers on many machines). Every method is blocking
and safe to call from any thread; async callers run them in a thread
(``asyncio.to_thread``). Times are UTC.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from ..errors import SummarizerError
from ..models.input import ArticleInput
from ..models.jobs import ApiKey, Job, JobError, JobStatus, SummarizeRequest
from ..models.stories import Story, StoryArticle, StoryChanges, StoryVersion
from ..models.summary import ClusterSummary

DEFAULT_LEASE_S = 30.0
# A job whose worker died this many times is failed instead of claimed again.
MAX_ATTEMPTS = 3
# A webhook delivery taken this long ago and never recorded (its sender died) is
# taken again.
DELIVERY_STALE_S = 300.0


class StoreError(SummarizerError):
    """The store could not be opened or migrated."""


class IdempotencyConflict(SummarizerError):
    """An idempotency key used again with a different request body."""

    def __init__(self, key: str, job_id: str) -> None:
        self.key = key
        self.job_id = job_id
        super().__init__(f"idempotency key {key!r} was used for job {job_id} with another body")


class Store(ABC):
    """Where jobs, cached model calls, API keys and stories live."""

    url: str  # where it is, without a password

    # --- jobs --------------------------------------------------------------------------

    @abstractmethod
    def create_job(
        self,
        request: SummarizeRequest,
        *,
        callback_url: str | None = None,
        idempotency_key: str | None = None,
        key_id: str | None = None,
        story_id: str | None = None,
        story_revision: int | None = None,
    ) -> Job:
        """Queue a job. A repeated ``idempotency_key`` (per ``key_id``) returns the
        existing job; with a different request it raises ``IdempotencyConflict``."""

    @abstractmethod
    def get_job(self, job_id: str) -> Job | None: ...

    @abstractmethod
    def cancel_job(self, job_id: str) -> Job | None:
        """A queued job is cancelled at once; a running one is marked
        ``cancel_requested`` and its worker stops between stages; a finished one is
        left as it is. None when there is no such job."""

    @abstractmethod
    def claim_job(self, worker_id: str, lease_s: float = DEFAULT_LEASE_S) -> Job | None:
        """Take the oldest queued job, or a running one whose lease ran out (its worker
        died), for ``lease_s`` seconds; at most one worker gets each. A job whose
        workers died ``MAX_ATTEMPTS`` times is failed instead."""

    @abstractmethod
    def heartbeat(self, job_id: str, worker_id: str, lease_s: float = DEFAULT_LEASE_S) -> bool:
        """Extend the lease. False when the worker no longer holds the job or a cancel
        was requested: the worker should stop."""

    @abstractmethod
    def set_progress(
        self, job_id: str, worker_id: str, done: int, total: int, stage: str | None = None
    ) -> bool:
        """Record progress (and extend nothing); False as for ``heartbeat``."""

    @abstractmethod
    def finish_job(
        self,
        job_id: str,
        worker_id: str,
        *,
        result: ClusterSummary | None = None,
        error: JobError | None = None,
    ) -> Job | None:
        """End a job: done with ``result``, failed with ``error``, or cancelled when a
        cancel was requested. None when the worker no longer holds it (its lease ran
        out and another worker took it): nothing is written."""

    @abstractmethod
    def job_counts(self) -> dict[JobStatus, int]:
        """Jobs by status, every status present."""

    # --- webhook deliveries ------------------------------------------------------------

    @abstractmethod
    def claim_delivery(self, job_id: str, stale_s: float = DELIVERY_STALE_S) -> Job | None:
        """Take a finished job's pending webhook delivery, or one taken ``stale_s``
        ago and never recorded (its sender died); a second caller gets None."""

    @abstractmethod
    def pending_deliveries(self, stale_s: float = DELIVERY_STALE_S) -> list[str]:
        """Ids of finished jobs whose delivery ``claim_delivery`` would take now."""

    @abstractmethod
    def record_delivery(
        self,
        job_id: str,
        *,
        delivered: bool,
        attempts: int,
        status_code: int | None = None,
        error: str | None = None,
    ) -> None: ...

    # --- model-call cache --------------------------------------------------------------

    @abstractmethod
    def cache_get(self, key: str) -> str | None:
        """A validated completion stored under ``key`` (see ``store.cache.call_key``)."""

    @abstractmethod
    def cache_put(self, key: str, completion: str, model: str | None = None) -> None: ...

    # --- API keys ----------------------------------------------------------------------

    @abstractmethod
    def create_key(self, name: str) -> tuple[ApiKey, str]:
        """A new key and its secret: the secret is shown once; only its hash is kept."""

    @abstractmethod
    def list_keys(self) -> list[ApiKey]: ...

    @abstractmethod
    def revoke_key(self, key_id: str) -> bool:
        """False when there is no such active key."""

    @abstractmethod
    def verify_key(self, secret: str) -> str | None:
        """The id of the active key whose secret this is, else None."""

    @abstractmethod
    def any_keys(self) -> bool:
        """Whether any active key exists (then every request needs one)."""

    # --- stories -----------------------------------------------------------------------

    @abstractmethod
    def put_article(self, story_id: str, article_id: str, article: ArticleInput) -> StoryArticle:
        """Add or replace one article. The story's revision moves on only when the
        content hash changed (a repeated put is a no-op)."""

    @abstractmethod
    def delete_article(self, story_id: str, article_id: str) -> bool:
        """False when there was no such article."""

    @abstractmethod
    def story(self, story_id: str) -> Story | None: ...

    @abstractmethod
    def story_articles(self, story_id: str) -> list[StoryArticle]:
        """In the order they were first put."""

    @abstractmethod
    def add_story_version(
        self,
        story_id: str,
        revision: int,
        article_hashes: dict[str, str],
        summary: ClusterSummary,
        changes: StoryChanges,
        job_id: str | None = None,
    ) -> StoryVersion:
        """Record the next summary version (numbered 1, 2, ...)."""

    @abstractmethod
    def story_versions(self, story_id: str) -> list[StoryVersion]:
        """Oldest first."""

    @abstractmethod
    def latest_story_version(self, story_id: str) -> StoryVersion | None: ...

    @abstractmethod
    def story_job(self, story_id: str, revision: int) -> Job | None:
        """The newest job summarising ``revision`` of the story, if any."""

    # --- lifecycle ---------------------------------------------------------------------

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
