"""What the SQLite and PostgreSQL stores share: SQL written once with ``?``
placeholders, run through a cursor that each dialect provides.

A dialect gives ``transaction()`` (a write transaction: SQLite's ``BEGIN IMMEDIATE``,
a PostgreSQL transaction) and ``read()``, the clause that locks a claimed row
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's write lock covers the file), and
its clock: the SQL for "now" that every job time is read from, so that workers on
machines whose clocks disagree still agree on when a lease runs out.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, Protocol

from ..models.jobs import Delivery, Job, JobError, JobProgress, SummarizeRequest
from ..models.summary import ClusterSummary
from .base import Store

Row = tuple[Any, ...]


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


def to_time(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def stamp(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


JOB_COLUMNS = (
    "id, status, request, result, error, progress_done, progress_total, progress_stage, "
    "callback_url, delivery_status, delivery_attempts, delivery_code, delivery_error, "
    "delivered, idempotency_key, key_id, story_id, story_revision, cancel_requested, "
    "attempts, worker_id, created, updated"
)


def job_from_row(row: Row) -> Job:
    (
        job_id,
        status,
        request,
        result,
        error,
        done,
        total,
        stage,
        callback_url,
        delivery_status,
        delivery_attempts,
        delivery_code,
        delivery_error,
        delivered,
        idempotency_key,
        key_id,
        story_id,
        story_revision,
        cancel_requested,
        attempts,
        worker_id,
        created,
        updated,
    ) = row
    delivery = None
    if callback_url is not None:
        delivery = Delivery(
            status=delivery_status or "pending",
            attempts=delivery_attempts,
            status_code=delivery_code,
            error=delivery_error,
            delivered=to_time(delivered),
        )
    return Job(
        id=job_id,
        status=status,
        progress=JobProgress(done=done, total=total, stage=stage),
        request=SummarizeRequest.model_validate_json(request),
        result=None if result is None else ClusterSummary.model_validate_json(result),
        error=None if error is None else JobError.model_validate_json(error),
        callback_url=callback_url,
        delivery=delivery,
        idempotency_key=idempotency_key,
        key_id=key_id,
        story_id=story_id,
        story_revision=story_revision,
        cancel_requested=bool(cancel_requested),
        attempts=attempts,
        worker_id=worker_id,
        created=stamp(created),
        updated=stamp(updated),
    )


class SqlBase(Store):
    """The dialect's hooks; the tables' methods live in ``sql_jobs`` and ``sql_records``."""

    lock_clause = ""  # appended to the claim's SELECT
    queue_order = "created, id"  # the claim's ORDER BY: oldest first
    clock: str  # the database's "now": seconds since the epoch, a float

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Cursor]:
        """A write transaction, committed on leaving, rolled back on an error."""

    @abstractmethod
    def read(self) -> AbstractContextManager[Cursor]:
        """A cursor for reads."""

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with self.read() as cursor:
            cursor.execute(sql, params)
            row: Row | None = cursor.fetchone()
            return row

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.read() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def _now(self, cursor: Cursor) -> float:
        """The database's clock, not this process's: a worker whose clock ran behind
        would keep expired leases alive, one whose clock ran ahead would take live
        jobs. Read once per transaction, so every statement in it sees one instant."""
        cursor.execute(f"SELECT {self.clock}")
        return float(cursor.fetchone()[0])

    def _job(self, cursor: Cursor, job_id: str) -> Job | None:
        cursor.execute(f"SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?", (job_id,))
        row = cursor.fetchone()
        return None if row is None else job_from_row(row)


def rows(cursor: Cursor) -> Iterator[Row]:
    yield from cursor.fetchall()
