"""The model server's settings, checked, and the ``AsyncOpenAI`` client built from them."""

from __future__ import annotations

from typing import Any

from openai import AsyncOpenAI
from pydantic import ValidationError

from ...errors import ConfigError
from ...settings import ModelSettings

OPENAI_SERVER = "https://api.openai.com/v1"
# Local servers want no key, but the client refuses to start without one.
PLACEHOLDER_API_KEY = "not-needed"


def model_settings(**values: Any) -> ModelSettings:
    """Settings from keyword values (None means unset); the environment fills the rest."""
    given = {name: value for name, value in values.items() if value is not None}
    try:
        return ModelSettings(**given)
    except ValidationError as error:
        raise ConfigError(_settings_problem(error)) from None


def checked_settings(settings: ModelSettings) -> ModelSettings:
    """``settings`` ready for a client: a model named, a key or a local server."""
    if not settings.model:
        raise ConfigError("no model given: pass --model or set SUMMARIZER_MODEL")
    base_url = settings.base_url or None
    api_key = settings.api_key
    if not api_key:
        if base_url is None:
            raise ConfigError(
                "no API key: set OPENAI_API_KEY, or point --base-url at a local server"
            )
        api_key = PLACEHOLDER_API_KEY
    return settings.model_copy(update={"base_url": base_url, "api_key": api_key})


def server_url(settings: ModelSettings) -> str:
    return settings.base_url or OPENAI_SERVER


def make_client(settings: ModelSettings) -> AsyncOpenAI:
    """A client whose own retries (429, 5xx, timeouts) are the only transport retries."""
    return AsyncOpenAI(
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
    )


def _settings_problem(error: ValidationError) -> str:
    detail = error.errors(include_url=False)[0]
    field = str(detail["loc"][0]) if detail["loc"] else "settings"
    if field == "structured":
        value = detail["input"]
        return f"structured must be auto, json_schema or json_object, not {value!r}"
    if field in ("timeout", "max_retries"):
        return "timeout must be positive and max_retries at least 0"
    if detail["type"] == "extra_forbidden":
        return f"unknown model setting {field!r}"
    return f"model setting {field}: {detail['msg']}"
