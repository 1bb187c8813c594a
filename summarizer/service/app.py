"""The app: middleware, routes, the store and the in-process worker, put together.

Middleware, outermost first: request id, unexpected errors (500), metrics, CORS, body
limit. So every answer, a 413, a 429, a 500 or a CORS refusal included, carries
``X-Request-ID`` and is counted, and a browser sees CORS headers on 4xx answers too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from .. import __version__
from ..backends import DEFAULT_BACKEND
from ..settings import ServiceSettings, StoreSettings
from ..store import Store, open_store
from .docs_assets import add_docs
from .errors import UnexpectedErrors, add_error_handlers, error_responses
from .limits import BodySizeLimit
from .observability import REQUEST_ID_HEADER, MetricsMiddleware, RequestIdMiddleware
from .ratelimit import RateLimiter
from .routes_jobs import router as jobs_router
from .routes_stories import router as stories_router
from .routes_summarize import router as summarize_router
from .state import BackendFactory, ServiceState, StoreHandle, default_backend_factory
from .worker import InProcessWorker

DESCRIPTION = """\
Neutral, cited summaries of a cluster of news articles from outlets with different slants.

Send the articles inline (`text`); every summary sentence cites the source sentences it
rests on (article id, sentence number, character offsets into the text you sent, and the
quoted sentence). `POST /v1/summarize` answers in the request; `POST /v1/jobs` queues the
same body and `GET /v1/jobs/{id}` follows it; `/v1/stories` keeps a story whose articles
arrive one at a time. Errors are `{"error": {"type": ..., "message": ...}}`.
"""


def create_app(
    *,
    default_backend: str = DEFAULT_BACKEND,
    backend_settings: dict[str, Any] | None = None,
    backend_factory: BackendFactory = default_backend_factory,
    max_body_bytes: int | None = None,
    settings: ServiceSettings | None = None,
    store: Store | str | Path | None = None,
    worker: bool = False,
) -> FastAPI:
    """The service. ``backend_settings`` (model, base_url, api_key...) go to every
    backend built; a request may name only ``backend`` and ``model``. ``store`` is a
    Store, a URL or a path (None: ``SUMMARIZER_DATABASE_URL``, else the default file),
    opened on first use; ``worker`` runs jobs in this process."""
    config = settings or ServiceSettings()
    body_limit = max_body_bytes or int(config.max_body_mb * 2**20)
    state = ServiceState(
        settings=config,
        store=StoreHandle(store),
        default_backend=default_backend,
        backend_settings=dict(backend_settings or {}),
        backend_factory=backend_factory,
        limiter=RateLimiter(config.requests_per_minute, config.rate_burst),
        cache=StoreSettings().cache,
    )
    in_process = InProcessWorker(state) if worker else None
    if in_process is not None:
        state.wake_worker = in_process.wake

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if in_process is not None:
            in_process.start()
        try:
            yield
        finally:
            if in_process is not None:
                await in_process.stop()
            state.store.close()

    app = FastAPI(
        title="Neutral summarizer",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        responses=error_responses(body_limit / 2**20),
    )
    app.state.service = state
    state.metrics.watch_jobs(lambda: state.store().job_counts())
    app.add_middleware(BodySizeLimit, max_bytes=body_limit)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=config.cors_origins,
        allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        allow_headers=[
            "Authorization",
            "X-API-Key",
            "Content-Type",
            "Idempotency-Key",
            REQUEST_ID_HEADER,
        ],
        expose_headers=[REQUEST_ID_HEADER, "Location", "Retry-After"],
        max_age=600,
    )
    app.add_middleware(MetricsMiddleware, metrics=state.metrics)
    app.add_middleware(UnexpectedErrors)
    app.add_middleware(RequestIdMiddleware)
    add_error_handlers(app)

    @app.get("/healthz", summary="Liveness check")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
    async def metrics() -> Response:
        rendered = await run_in_threadpool(state.metrics.render)
        return Response(rendered, media_type=CONTENT_TYPE_LATEST)

    app.include_router(summarize_router)
    app.include_router(jobs_router)
    app.include_router(stories_router)
    if config.docs:
        add_docs(app)
    return app


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    worker: bool = True,
    log_level: str = "info",
    **create_app_kwargs: Any,
) -> None:
    """Run the service with uvicorn until interrupted, with an in-process worker
    unless ``worker`` is False; every log line carries the request id."""
    import uvicorn

    from .observability import log_config

    store = create_app_kwargs.pop("store", None)
    # Opened before listening, so a bad --db is a one-line error, not a log entry.
    opened = store if isinstance(store, Store) else open_store(store)
    try:
        app = create_app(worker=worker, store=opened, **create_app_kwargs)
        uvicorn.run(app, host=host, port=port, log_config=log_config(log_level))
    finally:
        if opened is not store:
            opened.close()
