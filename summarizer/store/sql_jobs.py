"""The job queue in SQL: create (idempotent), claim under a lease, heartbeat,
progress, finish, cancel, and the webhook's delivery record.

Every time here (leases, ``created``, ``updated``, a delivery's) is the database's
clock (``SqlBase._now``), never the worker's: workers on many machines share one
database, and their clocks disagree.
"""

from __future__ import annotations

import hashlib
import secrets

from ..models.jobs import JOB_STATUSES, Job, JobError, JobStatus, SummarizeRequest
from ..models.summary import ClusterSummary
from .base import DEFAULT_LEASE_S, DELIVERY_STALE_S, MAX_ATTEMPTS, IdempotencyConflict
from .sql import JOB_COLUMNS, SqlBase, dumps, job_from_row

LOST = JobError(
    type="worker_lost",
    message=f"the job's worker stopped without finishing it {MAX_ATTEMPTS} times",
)


def new_job_id() -> str:
    return "job_" + secrets.token_hex(12)


def request_json(request: SummarizeRequest) -> str:
    return dumps(request.model_dump(mode="json"))


class JobTables(SqlBase):
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
        body = request_json(request)
        body_hash = hashlib.sha256(body.encode()).hexdigest()
        scope = None if idempotency_key is None else (key_id or "")
        with self.transaction() as cursor:
            now = self._now(cursor)
            if idempotency_key is not None:
                cursor.execute(
                    f"SELECT {JOB_COLUMNS}, request_hash FROM jobs "
                    "WHERE idempotency_scope = ? AND idempotency_key = ?",
                    (scope, idempotency_key),
                )
                found = cursor.fetchone()
                if found is not None:
                    if found[-1] != body_hash:
                        raise IdempotencyConflict(idempotency_key, found[0])
                    return job_from_row(found[:-1])
            job_id = new_job_id()
            cursor.execute(
                "INSERT INTO jobs (id, status, request, request_hash, progress_total, "
                "callback_url, delivery_status, idempotency_scope, idempotency_key, key_id, "
                "story_id, story_revision, created, updated) "
                "VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job_id,
                    body,
                    body_hash,
                    len(request.cluster.articles),
                    callback_url,
                    None if callback_url is None else "pending",
                    scope,
                    idempotency_key,
                    key_id,
                    story_id,
                    story_revision,
                    now,
                    now,
                ),
            )
            job = self._job(cursor, job_id)
        assert job is not None
        return job

    def get_job(self, job_id: str) -> Job | None:
        with self.read() as cursor:
            return self._job(cursor, job_id)

    def cancel_job(self, job_id: str) -> Job | None:
        with self.transaction() as cursor:
            now = self._now(cursor)
            cursor.execute(
                "UPDATE jobs SET status = 'cancelled', updated = ? "
                "WHERE id = ? AND status = 'queued'",
                (now, job_id),
            )
            cursor.execute(
                "UPDATE jobs SET cancel_requested = 1, updated = ? "
                "WHERE id = ? AND status = 'running'",
                (now, job_id),
            )
            return self._job(cursor, job_id)

    def claim_job(self, worker_id: str, lease_s: float = DEFAULT_LEASE_S) -> Job | None:
        with self.transaction() as cursor:
            now = self._now(cursor)
            # Jobs whose worker died: cancelled when asked, failed after MAX_ATTEMPTS.
            cursor.execute(
                "UPDATE jobs SET status = 'cancelled', worker_id = NULL, lease_until = NULL, "
                "updated = ? WHERE status = 'running' AND lease_until < ? "
                "AND cancel_requested = 1",
                (now, now),
            )
            cursor.execute(
                "UPDATE jobs SET status = 'failed', error = ?, worker_id = NULL, "
                "lease_until = NULL, updated = ? WHERE status = 'running' "
                "AND lease_until < ? AND attempts >= ?",
                (LOST.model_dump_json(), now, now, MAX_ATTEMPTS),
            )
            cursor.execute(
                "SELECT id FROM jobs WHERE status = 'queued' "
                "OR (status = 'running' AND lease_until < ?) "
                f"ORDER BY {self.queue_order} LIMIT 1 {self.lock_clause}",
                (now,),
            )
            row = cursor.fetchone()
            if row is None:
                return None
            cursor.execute(
                "UPDATE jobs SET status = 'running', worker_id = ?, lease_until = ?, "
                "attempts = attempts + 1, updated = ? WHERE id = ?",
                (worker_id, now + lease_s, now, row[0]),
            )
            return self._job(cursor, row[0])

    def heartbeat(self, job_id: str, worker_id: str, lease_s: float = DEFAULT_LEASE_S) -> bool:
        with self.transaction() as cursor:
            cursor.execute(
                "UPDATE jobs SET lease_until = ? WHERE id = ? AND worker_id = ? "
                "AND status = 'running' AND cancel_requested = 0",
                (self._now(cursor) + lease_s, job_id, worker_id),
            )
            return cursor.rowcount == 1

    def set_progress(
        self, job_id: str, worker_id: str, done: int, total: int, stage: str | None = None
    ) -> bool:
        with self.transaction() as cursor:
            cursor.execute(
                "UPDATE jobs SET progress_done = ?, progress_total = ?, progress_stage = ?, "
                "updated = ? WHERE id = ? AND worker_id = ? AND status = 'running' "
                "AND cancel_requested = 0",
                (done, total, stage, self._now(cursor), job_id, worker_id),
            )
            return cursor.rowcount == 1

    def finish_job(
        self,
        job_id: str,
        worker_id: str,
        *,
        result: ClusterSummary | None = None,
        error: JobError | None = None,
    ) -> Job | None:
        status = "done" if result is not None else "failed"
        with self.transaction() as cursor:
            now = self._now(cursor)
            cursor.execute(
                "UPDATE jobs SET status = CASE WHEN cancel_requested = 1 THEN 'cancelled' "
                "ELSE ? END, result = ?, error = ?, worker_id = NULL, lease_until = NULL, "
                "updated = ? WHERE id = ? AND worker_id = ? AND status = 'running'",
                (
                    status,
                    None if result is None else result.model_dump_json(),
                    None if error is None else error.model_dump_json(),
                    now,
                    job_id,
                    worker_id,
                ),
            )
            if cursor.rowcount != 1:
                return None
            return self._job(cursor, job_id)

    def job_counts(self) -> dict[JobStatus, int]:
        counts: dict[JobStatus, int] = dict.fromkeys(JOB_STATUSES, 0)
        for status, count in self._all("SELECT status, COUNT(*) FROM jobs GROUP BY status"):
            counts[status] = int(count)
        return counts

    # --- webhook deliveries ------------------------------------------------------------

    def claim_delivery(self, job_id: str, stale_s: float = DELIVERY_STALE_S) -> Job | None:
        with self.transaction() as cursor:
            now = self._now(cursor)
            cursor.execute(
                "UPDATE jobs SET delivery_status = 'sending', delivery_taken = ? "
                "WHERE id = ? AND status IN ('done', 'failed', 'cancelled') "
                "AND (delivery_status = 'pending' "
                "OR (delivery_status = 'sending' AND delivery_taken < ?))",
                (now, job_id, now - stale_s),
            )
            if cursor.rowcount != 1:
                return None
            return self._job(cursor, job_id)

    def pending_deliveries(self, stale_s: float = DELIVERY_STALE_S) -> list[str]:
        with self.read() as cursor:
            cursor.execute(
                "SELECT id FROM jobs WHERE status IN ('done', 'failed', 'cancelled') AND "
                "(delivery_status = 'pending' OR (delivery_status = 'sending' "
                "AND delivery_taken < ?)) ORDER BY updated",
                (self._now(cursor) - stale_s,),
            )
            return [row[0] for row in cursor.fetchall()]

    def record_delivery(
        self,
        job_id: str,
        *,
        delivered: bool,
        attempts: int,
        status_code: int | None = None,
        error: str | None = None,
    ) -> None:
        with self.transaction() as cursor:
            now = self._now(cursor)
            cursor.execute(
                "UPDATE jobs SET delivery_status = ?, delivery_attempts = ?, "
                "delivery_code = ?, delivery_error = ?, delivered = ? WHERE id = ?",
                (
                    "delivered" if delivered else "failed",
                    attempts,
                    status_code,
                    error,
                    now if delivered else None,
                    job_id,
                ),
            )
