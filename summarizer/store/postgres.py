"""The PostgreSQL store (psycopg 3), for workers on any machine that reaches it.

A claim takes the row with ``SELECT ... FOR UPDATE SKIP LOCKED``, so workers never
wait on each other's claims; migrations run under an advisory lock. Each thread gets
its own connection, in autocommit mode, with explicit transactions for writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .base import StoreError
from .migrate import apply_migrations
from .sql import Cursor
from .sql_jobs import JobTables
from .sql_records import RecordTables

MIGRATION_LOCK = 0x5E55_0012  # any constant: one migrator at a time


def redacted(url: str) -> str:
    """The URL without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


class _Placeholders:
    """A psycopg cursor that takes the ``?`` placeholders the shared SQL is written with."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    def execute(self, sql: str, params: Sequence[Any] = (), /) -> Any:
        return self._cursor.execute(sql.replace("?", "%s"), tuple(params))

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall())


class PostgresStore(JobTables, RecordTables):
    lock_clause = "FOR UPDATE SKIP LOCKED"
    # clock_timestamp(), not now(): now() is when the transaction began, behind the time
    # by however long the transaction has waited (a claim can wait on another's row
    # lock); the store reads its clock once per transaction, so it needs no now() to
    # give every statement one instant. EXTRACT gives numeric since 14: the cast.
    clock = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS DOUBLE PRECISION)"

    def __init__(self, url: str) -> None:
        import psycopg

        self._psycopg = psycopg
        self._conninfo = url
        self.url = redacted(url)
        self._local = threading.local()
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        try:
            with self.transaction() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
                apply_migrations(cursor)
        except psycopg.Error as error:
            raise StoreError(f"cannot open the store {self.url}: {error}") from error

    def _connection(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.closed:
            connection = self._psycopg.connect(self._conninfo, autocommit=True)
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        connection = self._connection()
        with connection.transaction(), connection.cursor() as cursor:
            yield _Placeholders(cursor)

    @contextmanager
    def read(self) -> Iterator[Cursor]:
        with self._connection().cursor() as cursor:
            yield _Placeholders(cursor)

    def close(self) -> None:
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()
