"""Backends: ``extractive`` (offline default) and ``openai`` (any /v1/chat/completions).

Each is registered with its settings model and built on first use; tests register
fakes with ``register_backend``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..models import SummaryOptions
from ..settings import ExtractiveSettings, ModelSettings
from .base import (
    Backend,
    BackendSpec,
    ProgressCallback,
    backend_names,
    backend_spec,
    get_backend,
    register_backend,
)

DEFAULT_BACKEND = "extractive"


def _extractive() -> Callable[[Any], Backend]:
    from .extractive import ExtractiveBackend

    return lambda settings: ExtractiveBackend(representation=settings.representation)


def _openai() -> Callable[[Any], Backend]:
    from .llm import OpenAIBackend

    return lambda settings: OpenAIBackend(settings)


register_backend(BackendSpec("extractive", ExtractiveSettings, _extractive))
register_backend(BackendSpec("openai", ModelSettings, _openai))

BACKENDS = backend_names()

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "Backend",
    "BackendSpec",
    "ProgressCallback",
    "SummaryOptions",
    "backend_names",
    "backend_spec",
    "get_backend",
    "register_backend",
]
