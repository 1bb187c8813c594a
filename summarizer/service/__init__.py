"""The HTTP service: a thin FastAPI shell over ``summarizer.api.asummarize``, with jobs,
stories that grow, API keys, a rate limit, CORS, request ids and metrics.

``uvicorn summarizer.service:app`` or ``summarizer serve``. Articles arrive inline
(``text``); the service never reads a file a request names. Errors come back as
``{"error": {"type": ..., "message": ...}}`` and never carry a traceback.

One job a module: ``app`` (assembly), ``routes_summarize`` / ``routes_jobs`` /
``routes_stories``, ``security`` (API keys), ``ratelimit``, ``observability``
(request id, logging, metrics), ``limits`` (body size), ``docs_assets`` (Swagger UI
from the installed package), ``errors``, ``schemas``, ``state``, ``worker``.
"""

from __future__ import annotations

from .app import create_app, serve
from .errors import ErrorBody, ErrorDetail, error_response
from .schemas import JobRequest, SummarizeRequest
from .state import BackendFactory, default_backend_factory

# ``uvicorn summarizer.service:app``: defaults from the environment, jobs run in-process.
app = create_app(worker=True)

__all__ = [
    "BackendFactory",
    "ErrorBody",
    "ErrorDetail",
    "JobRequest",
    "SummarizeRequest",
    "app",
    "create_app",
    "default_backend_factory",
    "error_response",
    "serve",
]
