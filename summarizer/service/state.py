"""What the routes share: the settings, the store (opened on first use), the backends,
the rate limiter and the metrics, kept on ``app.state.service``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request

from ..backends import Backend, backend_spec, get_backend
from ..settings import ServiceSettings
from ..store import Store, open_store
from .observability import Metrics
from .ratelimit import RateLimiter

# Builds the backend for one request from its name and settings (model, base_url...).
BackendFactory = Callable[[str, dict[str, Any]], Backend]


def default_backend_factory(name: str, settings: dict[str, Any]) -> Backend:
    """The server's settings that backend ``name`` takes (model settings go only to
    the model backend)."""
    takes = backend_spec(name).settings_type.model_fields
    return get_backend(name, **{key: value for key, value in settings.items() if key in takes})


class StoreHandle:
    """The store, opened once on first use (a service that never needs it never makes
    the file), from any thread."""

    def __init__(self, store: Store | str | Path | None) -> None:
        self._store = store if isinstance(store, Store) else None
        self._url = None if isinstance(store, Store) else store
        self._owned = self._store is None
        self._lock = threading.Lock()

    def __call__(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = open_store(self._url)
            return self._store

    @property
    def opened(self) -> bool:
        return self._store is not None

    def close(self) -> None:
        with self._lock:
            if self._owned and self._store is not None:
                self._store.close()
                self._store = None


@dataclass
class ServiceState:
    settings: ServiceSettings
    store: StoreHandle
    default_backend: str
    backend_settings: dict[str, Any]
    backend_factory: BackendFactory
    limiter: RateLimiter
    metrics: Metrics = field(default_factory=Metrics)
    # Whether summaries read and fill the store's model-call cache.
    cache: bool = True
    # Called when a job is queued: nudges the in-process worker (a no-op without one).
    wake_worker: Callable[[], None] = lambda: None

    def backend(self, name: str | None, model: str | None) -> Backend:
        """The backend a request asks for, with the server's settings; a request may
        choose only the backend and the model."""
        settings = dict(self.backend_settings)
        if model:
            settings["model"] = model
        return self.backend_factory(name or self.default_backend, settings)


def service_state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state
