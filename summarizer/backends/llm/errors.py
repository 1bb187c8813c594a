"""The model server's failures in a user's words, read from openai's typed errors.

Two kinds. A ``FatalModelError`` (a rejected key, no such model, no server listening)
would fail every call the same way, so it ends the run. Any other ``ModelError`` (a
timeout, 429 or 5xx after the client's retries, a refusal, an answer cut off) fails one
call, and the backend summarises what that call was for from the sentences themselves.
"""

from __future__ import annotations

import openai

from ...errors import ModelError
from ...models import CallUsage
from ...settings import ModelSettings
from .client import server_url


class FatalModelError(ModelError):
    """A failure every call would share; ``calls`` holds the run's usage so far."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.calls: list[CallUsage] = []


class RefusedError(ModelError):
    """The model declined to answer (``message.refusal``)."""

    def __init__(self, stage: str, refusal: str) -> None:
        super().__init__(f"{stage}: the model refused: {' '.join(refusal.split())[:200]}")


class CutOffError(ModelError):
    """The answer hit its token cap, also when asked for a shorter one."""

    def __init__(self, stage: str, tokens: int) -> None:
        self.stage = stage
        self.tokens = tokens
        super().__init__(
            f"{stage}: the answer was cut off at {tokens} tokens, also when asked for a shorter one"
        )


def model_error(error: openai.APIError, settings: ModelSettings) -> ModelError:
    message = describe(error, server_url(settings), settings.timeout, settings.max_retries)
    return FatalModelError(message) if is_fatal(error) else ModelError(message)


def is_fatal(error: openai.APIError) -> bool:
    """Whether every other call would fail the same way."""
    if isinstance(error, openai.APITimeoutError):
        return False
    fatal = (
        openai.APIConnectionError,
        openai.AuthenticationError,
        openai.PermissionDeniedError,
        openai.NotFoundError,
    )
    return isinstance(error, fatal)


def describe(error: openai.APIError, server: str, timeout: float, max_retries: int) -> str:
    tries = f"{max_retries + 1} tries" if max_retries else "1 try"
    said = server_message(error)
    if isinstance(error, openai.APITimeoutError):
        return (
            f"no answer from the model server at {server} within the {timeout:g} s timeout "
            f"({tries}); raise --timeout or check the server"
        )
    if isinstance(error, openai.APIConnectionError):
        return f"cannot reach the model server at {server} ({tries}): {error.__cause__ or error}"
    if isinstance(error, openai.AuthenticationError):
        return f"model server at {server} rejected the API key (401); check OPENAI_API_KEY"
    if isinstance(error, openai.PermissionDeniedError):
        return f"model server at {server} denied access (403): {said}"
    if isinstance(error, openai.NotFoundError):
        return f"model server at {server} has no such model or endpoint (404): {said}"
    if isinstance(error, openai.RateLimitError):
        return f"model server at {server} kept rate-limiting the requests (429, {tries})"
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        if status >= 500:
            return f"model server at {server} kept failing ({status}, {tries}): {said}"
        return f"model server at {server} rejected the request ({status}): {said}"
    return f"model server at {server}: {said}"


def server_message(error: openai.APIError) -> str:
    """The server's own words, without the client's "Error code: 400 - " prefix."""
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
    return error.message


def rejects_response_format(error: openai.BadRequestError) -> bool:
    """Whether a 400 says the server does not do structured output (json_schema)."""
    if getattr(error, "param", None) == "response_format":
        return True
    text = f"{error.message} {error.body}".lower()
    return "response_format" in text or "json_schema" in text


def wants_max_completion_tokens(error: openai.BadRequestError) -> bool:
    """Whether a 400 says to cap the answer with max_completion_tokens instead."""
    if getattr(error, "param", None) == "max_tokens":
        return True
    return "max_completion_tokens" in f"{error.message} {error.body}"
