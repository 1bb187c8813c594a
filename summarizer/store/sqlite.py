"""The SQLite store: one file, WAL, safe across threads and processes.

Each thread gets its own connection; a write runs under ``BEGIN IMMEDIATE`` (the
file's write lock, waited for up to ``BUSY_TIMEOUT_S``), so a claim is atomic across
processes without row locks.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .base import StoreError
from .migrate import apply_migrations
from .sql import Cursor
from .sql_jobs import JobTables
from .sql_records import RecordTables

BUSY_TIMEOUT_S = 60.0
WAL_TRIES = 200


def _set_wal(connection: sqlite3.Connection) -> None:
    """WAL mode (kept in the file). Switching needs the file to itself, and SQLite
    answers "locked" at once instead of waiting while another process holds it, so
    the switch is tried again for a while."""
    for attempt in range(WAL_TRIES):
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            if attempt == WAL_TRIES - 1:
                raise
            time.sleep(0.05)


class SqliteStore(JobTables, RecordTables):
    # julianday, not unixepoch('subsec'): that needs SQLite 3.42; Debian 12 has 3.40.
    clock = "(julianday('now') - 2440587.5) * 86400.0"
    # That clock counts whole milliseconds, so jobs created within one share ``created``;
    # the rowid is the order they were inserted in (and the claim index holds it).
    queue_order = "created, rowid"

    def __init__(self, path: Path) -> None:
        self.path = path.expanduser()
        self.url = str(self.path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.transaction() as cursor:
                apply_migrations(cursor)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the store {self.path}: {error}") from error

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            _set_wal(connection)
            connection.execute("PRAGMA synchronous = NORMAL")
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        connection = self._connection()
        cursor = connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield cursor
        except BaseException:
            connection.rollback()
            raise
        else:
            connection.commit()
        finally:
            cursor.close()

    @contextmanager
    def read(self) -> Iterator[Cursor]:
        cursor = self._connection().cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def close(self) -> None:
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()
