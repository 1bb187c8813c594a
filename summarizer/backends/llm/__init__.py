"""The language-model backend: any server that speaks OpenAI's /v1/chat/completions.

``client`` (settings -> client) · ``errors`` (server failures in words) · ``answers``
(the schema sent, the answer read) · ``structured`` (ask, validate, re-ask) ·
``budget`` (the context window) · ``stages`` (map, reduce) · ``digests`` (one
article's digest checked) · ``resolve`` (draft ids -> citations) · ``backend``.
"""

from __future__ import annotations

from .backend import OpenAIBackend
from .client import PLACEHOLDER_API_KEY, checked_settings, make_client, model_settings
from .structured import Outcome, Request, StructuredCaller

__all__ = [
    "PLACEHOLDER_API_KEY",
    "OpenAIBackend",
    "Outcome",
    "Request",
    "StructuredCaller",
    "checked_settings",
    "make_client",
    "model_settings",
]
