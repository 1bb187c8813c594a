"""One error shape for every answer that is not a success, and the handlers that make it.

``{"error": {"type": ..., "message": ...}}``, never a traceback: details of a bug go to
the server log only.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import ConfigError, InputError, ModelError, SummarizerError
from ..ingest import validate_cluster

logger = logging.getLogger(__name__)

REQUEST_SOURCE = "request"


class ErrorDetail(BaseModel):
    type: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class ServiceError(Exception):
    """An answer other than a success, raised by a route or a dependency."""

    def __init__(
        self,
        status: int,
        error_type: str,
        message: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error_type = error_type
        self.message = message
        self.headers = headers or {}


def not_found(what: str) -> ServiceError:
    return ServiceError(404, "not_found", f"{what} not found")


def error_response(
    status: int, error_type: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(type=error_type, message=message))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def validation_message(error: RequestValidationError) -> str:
    """Pydantic's errors as "where: what" pairs, without echoing the input."""
    parts = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()))
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


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


def add_error_handlers(app: FastAPI) -> None:
    async def on_service_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ServiceError)
        return error_response(error.status, error.error_type, error.message, error.headers)

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
        return error_response(
            error.status_code, "http_error", str(error.detail), dict(error.headers or {})
        )

    app.add_exception_handler(ServiceError, on_service_error)
    app.add_exception_handler(InputError, on_input_error)
    app.add_exception_handler(ConfigError, on_config_error)
    app.add_exception_handler(ModelError, on_model_error)
    app.add_exception_handler(SummarizerError, on_summarizer_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)


class UnexpectedErrors:
    """A bug answers 500 ``internal_error`` and its traceback goes to the log, from
    inside the request id middleware (Starlette's own last-resort handler sits outside
    every middleware: its answer would carry no request id)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception:
            logger.exception("unexpected error on %s %s", scope["method"], scope["path"])
            if started:
                raise
            response = error_response(500, "internal_error", "internal error; see the server log")
            await response(scope, receive, send)


def error_responses(max_body_mb: float) -> dict[int | str, dict[str, Any]]:
    """The error answers every ``/v1`` route documents in the OpenAPI schema."""
    return {
        400: {"model": ErrorBody, "description": "Bad input: names the article and the problem."},
        401: {"model": ErrorBody, "description": "An API key is required, or was refused."},
        413: {"model": ErrorBody, "description": f"Request body over {max_body_mb:g} MB."},
        422: {"model": ErrorBody, "description": "The request does not match the schema."},
        429: {"model": ErrorBody, "description": "Rate limit reached; see Retry-After."},
        502: {"model": ErrorBody, "description": "The language model failed or was unreachable."},
    }
