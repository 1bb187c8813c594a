"""The store: jobs, the model-call cache, API keys and stories, in SQLite or PostgreSQL.

``open_store(url)``: ``postgresql://...`` (or ``postgres://``) opens PostgreSQL; a path
or ``sqlite:///path`` an SQLite file; None reads ``SUMMARIZER_DATABASE_URL``, else the
default file ``summarizer.db`` in the user data directory. Schema migrations are
applied on open.
"""

from __future__ import annotations

from pathlib import Path

from ..settings import StoreSettings
from .base import DEFAULT_LEASE_S, MAX_ATTEMPTS, IdempotencyConflict, Store, StoreError
from .cache import MemoryCache, ModelCallCache, StoreCache, call_key, current_cache, using_cache

APP_NAME = "summarizer"
DEFAULT_FILE = "summarizer.db"


def default_database_path() -> Path:
    """summarizer.db in the user data directory (e.g. ~/.local/share/summarizer)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DEFAULT_FILE


def resolve_url(url: str | Path | None) -> str:
    """The URL ``open_store`` opens: the given one, the setting, or the default file."""
    if url is None or str(url) == "":
        url = StoreSettings().database_url or default_database_path()
    return str(url)


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def open_store(url: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``url``."""
    resolved = resolve_url(url)
    if is_postgres(resolved):
        from .postgres import PostgresStore

        return PostgresStore(resolved)
    from .sqlite import SqliteStore

    path = resolved.removeprefix("sqlite:///") if resolved.startswith("sqlite:///") else resolved
    return SqliteStore(Path(path))


__all__ = [
    "DEFAULT_LEASE_S",
    "MAX_ATTEMPTS",
    "IdempotencyConflict",
    "MemoryCache",
    "ModelCallCache",
    "Store",
    "StoreCache",
    "StoreError",
    "call_key",
    "current_cache",
    "default_database_path",
    "open_store",
    "resolve_url",
    "using_cache",
]
