"""The model-call cache: a validated completion kept under a hash of the call.

The key hashes what decides the answer, the model, the prompt's version, the
messages and the answer's schema (and the response mode, which decides how the
schema is sent), never the timeout or the retries. Only a completion that passed
validation is put; a read that no longer validates is ignored. The cache reaches
the model backend through ``using_cache`` (a context variable), so the Python API,
the CLI and the workers share one mechanism without threading it through every
constructor.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, runtime_checkable

KEY_VERSION = "call-v1"


@runtime_checkable
class ModelCallCache(Protocol):
    def get(self, key: str) -> str | None: ...

    def put(self, key: str, completion: str) -> None: ...


def call_key(
    *,
    model: str,
    prompt_version: str,
    messages: Sequence[dict[str, str]],
    schema: dict[str, Any] | str | None,
    mode: str = "",
) -> str:
    """sha256 over the call's identity, as canonical JSON."""
    identity = {
        "v": KEY_VERSION,
        "model": model,
        "prompt_version": prompt_version,
        "messages": list(messages),
        "schema": schema,
        "mode": mode,
    }
    canonical = json.dumps(identity, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class MemoryCache:
    """A cache in a dict (tests, one process); counts hits and misses."""

    def __init__(self) -> None:
        self.entries: dict[str, str] = {}
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            found = self.entries.get(key)
            if found is None:
                self.misses += 1
            else:
                self.hits += 1
            return found

    def put(self, key: str, completion: str) -> None:
        with self._lock:
            self.entries[key] = completion


class StoreCache:
    """The store's cache table as a ``ModelCallCache``."""

    def __init__(self, store: Any) -> None:
        self.store = store  # a summarizer.store.Store (Any: no import cycle)

    def get(self, key: str) -> str | None:
        found: str | None = self.store.cache_get(key)
        return found

    def put(self, key: str, completion: str) -> None:
        self.store.cache_put(key, completion)


_current: contextvars.ContextVar[ModelCallCache | None] = contextvars.ContextVar(
    "summarizer_call_cache", default=None
)


def current_cache() -> ModelCallCache | None:
    """The cache model calls in this context read and fill, if any."""
    return _current.get()


@contextmanager
def using_cache(cache: ModelCallCache | None) -> Iterator[None]:
    """Model calls made inside (and in tasks started inside) use ``cache``; None
    turns caching off for them."""
    token = _current.set(cache)
    try:
        yield
    finally:
        _current.reset(token)
