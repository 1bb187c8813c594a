"""Numbered schema migrations (``migrations/NNNN_name.sql``), applied on open.

Each file runs once, in number order, inside one transaction with its record in
``schema_migrations``; a store opened by many processes at once applies each once
(the caller holds a write lock for the whole run).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

_NAME = re.compile(r"\A(?P<number>\d{4})_(?P<name>\w+)\.sql\Z")

CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied DOUBLE PRECISION NOT NULL)"
)


class Cursor(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...

    def fetchall(self) -> list[Any]: ...


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The file's statements: split on ';' at line ends, comments dropped."""
        lines = [line for line in self.sql.splitlines() if not line.lstrip().startswith("--")]
        return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]


def migrations() -> list[Migration]:
    folder = resources.files("summarizer.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(
                Migration(int(match["number"]), match["name"], entry.read_text(encoding="utf-8"))
            )
    return sorted(found, key=lambda migration: migration.version)


def apply_migrations(cursor: Cursor) -> list[int]:
    """Apply the migrations not yet recorded; the versions applied now."""
    cursor.execute(CREATE_TABLE)
    cursor.execute("SELECT version FROM schema_migrations")
    done = {int(row[0]) for row in cursor.fetchall()}
    applied = []
    for migration in migrations():
        if migration.version in done:
            continue
        for statement in migration.statements():
            cursor.execute(statement)
        cursor.execute(
            "INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)",
            (migration.version, migration.name, time.time()),
        )
        applied.append(migration.version)
    return applied
