"""The HTTP service: a thin FastAPI shell over ``summarizer.api.asummarize``.

``uvicorn summarizer.service:app`` or ``summarizer serve``. Articles arrive inline
(``text``); the service never reads a file a request names. Errors come back as
``{"error": {"type": ..., "message": ...}}`` and never carry a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import __version__
from .backends import BACKENDS, DEFAULT_BACKEND, Backend, backend_spec, get_backend
from .errors import ConfigError, InputError, ModelError, SummarizerError
from .ingest import cluster_from_input, validate_cluster
from .models import ClusterInput, ClusterSummary, Corpus
from .api import asummarize
from .render import Format, render
from .segment import segment_cluster
from .settings import DEFAULT_MAX_WORDS, MAX_MAX_WORDS, MIN_MAX_WORDS

logger = logging.getLogger(__name__)

# Builds the backend for one request from its name and settings (model, base_url...).
BackendFactory = Callable[[str, dict[str, Any]], Backend]

MAX_BODY_MB = 20
REQUEST_SOURCE = "request"
MEDIA_TYPES: dict[Format, str] = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}

DESCRIPTION = """\
Neutral, cited summaries of a cluster of news articles from outlets with different slants.

Send the articles inline (`text`); every summary sentence cites the source sentences it
rests on (article id, sentence number, character offsets into the text you sent, and the
quoted sentence). Errors are `{"error": {"type": ..., "message": ...}}`.
"""

CLUSTER_EXAMPLE: dict[str, Any] = {
    "id": "mill-fire",
    "title": "Fire at the Orlen textile mill",
    "articles": [
        {
            "id": "northern-ledger",
            "outlet": "Northern Ledger",
            "published": "2024-05-08",
            "text": "A fire broke out at the Orlen mill on Tuesday night, the fire service "
            "said. Two workers were taken to hospital.",
        },
        {
            "id": "civic-voice",
            "outlet": "Civic Voice",
            "published": "2024-05-08",
            "text": "Fire tore through the Orlen mill late on Tuesday. The union says the "
            "owners ignored warnings about faulty wiring.",
        },
    ],
}


class SummarizeRequest(BaseModel):
    """What ``POST /v1/summarize`` accepts."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"cluster": CLUSTER_EXAMPLE, "max_words": 120}]},
    )

    cluster: ClusterInput = Field(
        description=(
            "A cluster.json-shaped object: optional `id`, `title`, `language`, and "
            "`articles`, a non-empty list of objects each with an inline `text` and "
            "optional `id`, `outlet`, `title`, `url`, `published`, `dateline`, "
            "`language`, `content_type` (text, markdown or html). `file` entries are "
            "refused: the service reads no files."
        )
    )
    max_words: int = Field(
        default=DEFAULT_MAX_WORDS,
        ge=MIN_MAX_WORDS,
        le=MAX_MAX_WORDS,
        description="Word budget of the body.",
    )
    backend: str | None = Field(
        default=None, description=f"One of {', '.join(BACKENDS)}; the server's default if unset."
    )
    model: str | None = Field(
        default=None, max_length=200, description="Model name for the openai backend."
    )
    format: Format = Field(
        default="json", description="json (ClusterSummary), md (Markdown) or html (a page)."
    )


class ErrorDetail(BaseModel):
    type: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def error_response(status: int, error_type: str, message: str) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(type=error_type, message=message))
    return JSONResponse(body.model_dump(), status_code=status)


def default_backend_factory(name: str, settings: dict[str, Any]) -> Backend:
    """The server's settings that backend ``name`` takes (model settings go only to
    the model backend)."""
    takes = backend_spec(name).settings_type.model_fields
    return get_backend(name, **{key: value for key, value in settings.items() if key in takes})


def build_request_corpus(cluster: ClusterInput) -> Corpus:
    """Read and segment a cluster sent in a request; ``file`` entries are refused."""
    return segment_cluster(cluster_from_input(cluster, base_dir=None, source=REQUEST_SOURCE))


def cluster_problem(error: RequestValidationError) -> str | None:
    """A bad ``cluster`` is bad input (400), worded as the CLI words it: the article,
    the field and the problem; other schema errors stay 422."""
    body = error.body
    if not isinstance(body, dict) or not any(
        tuple(item.get("loc", ()))[:2] == ("body", "cluster") for item in error.errors()
    ):
        return None
    try:
        validate_cluster(body.get("cluster"), REQUEST_SOURCE)
    except InputError as problem:
        return str(problem)
    return None


# --- request body limit -------------------------------------------------------------------


class BodySizeLimit:
    """Answers 413 to a body over ``max_bytes``, declared or streamed, before any parsing."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self.too_large()(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await self.too_large()(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, replay(bytes(body), receive), send)

    def too_large(self) -> JSONResponse:
        limit_mb = self.max_bytes / 2**20
        return error_response(413, "body_too_large", f"request body over {limit_mb:g} MB")


def replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel that hands over the buffered body, then the client's channel."""
    sent = False

    async def receive_buffered() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive_buffered


# --- errors -------------------------------------------------------------------------------


def validation_message(error: RequestValidationError) -> str:
    """Pydantic's errors as "where: what" pairs, without echoing the input."""
    parts = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()))
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def add_error_handlers(app: FastAPI) -> None:
    async def on_input_error(request: Request, error: Exception) -> JSONResponse:
        return error_response(400, "input_error", str(error))

    async def on_config_error(request: Request, error: Exception) -> JSONResponse:
        return error_response(400, "config_error", str(error))

    async def on_model_error(request: Request, error: Exception) -> JSONResponse:
        return error_response(502, "model_error", str(error))

    async def on_summarizer_error(request: Request, error: Exception) -> JSONResponse:
        return error_response(500, "summarizer_error", str(error))

    async def on_validation_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        problem = cluster_problem(error)
        if problem is not None:
            return error_response(400, "input_error", problem)
        return error_response(422, "validation_error", validation_message(error))

    async def on_http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, HTTPException)
        return error_response(error.status_code, "http_error", str(error.detail))

    async def on_unexpected_error(request: Request, error: Exception) -> JSONResponse:
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "internal error; see the server log")

    app.add_exception_handler(InputError, on_input_error)
    app.add_exception_handler(ConfigError, on_config_error)
    app.add_exception_handler(ModelError, on_model_error)
    app.add_exception_handler(SummarizerError, on_summarizer_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected_error)


# --- the app ------------------------------------------------------------------------------

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad input: names the article and the problem."},
    413: {"model": ErrorBody, "description": f"Request body over {MAX_BODY_MB} MB."},
    422: {"model": ErrorBody, "description": "The request does not match the schema."},
    502: {"model": ErrorBody, "description": "The language model failed or was unreachable."},
}


def create_app(
    *,
    default_backend: str = DEFAULT_BACKEND,
    backend_settings: dict[str, Any] | None = None,
    backend_factory: BackendFactory = default_backend_factory,
    max_body_bytes: int = MAX_BODY_MB * 2**20,
) -> FastAPI:
    """The service. ``backend_settings`` (model, base_url, api_key...) go to every
    backend built; a request may name only ``backend`` and ``model``."""
    server_settings = dict(backend_settings or {})
    app = FastAPI(title="Neutral summarizer", version=__version__, description=DESCRIPTION)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    add_error_handlers(app)

    @app.get("/healthz", summary="Liveness check")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.post(
        "/v1/summarize",
        summary="Summarise a cluster of articles",
        response_model=None,
        responses={
            200: {
                "model": ClusterSummary,
                "description": "The summary, in the requested format.",
                "content": {"text/markdown": {}, "text/html": {}},
            },
            **ERROR_RESPONSES,
        },
    )
    async def summarize(request: SummarizeRequest) -> Response:
        corpus = await run_in_threadpool(build_request_corpus, request.cluster)
        settings = dict(server_settings)
        if request.model:
            settings["model"] = request.model
        engine = backend_factory(request.backend or default_backend, settings)
        summary = await asummarize(corpus, backend=engine, max_words=request.max_words)
        return Response(render(summary, request.format), media_type=MEDIA_TYPES[request.format])

    return app


def serve(host: str = "127.0.0.1", port: int = 8000, **create_app_kwargs: Any) -> None:
    """Run the service with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(**create_app_kwargs), host=host, port=port)


app = create_app()
