"""Backends: ``extractive`` (offline default) and ``openai`` (any /v1/chat/completions)."""

from __future__ import annotations

from typing import Any

from ..errors import ConfigError
from ..models import SummaryOptions
from .base import Backend, ProgressCallback

BACKENDS = ("extractive", "openai")
DEFAULT_BACKEND = "extractive"


def get_backend(name: str = DEFAULT_BACKEND, **settings: Any) -> Backend:
    """Build a backend by name. ``settings`` go to its constructor (model, base_url...)."""
    if name == "extractive":
        from .extractive import ExtractiveBackend

        return ExtractiveBackend(**settings)
    if name == "openai":
        from .openai_backend import OpenAIBackend

        return OpenAIBackend(**settings)
    raise ConfigError(f"unknown backend {name!r}; choose one of: {', '.join(BACKENDS)}")


__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "Backend",
    "ProgressCallback",
    "SummaryOptions",
    "get_backend",
]
