"""Every setting, its default and its environment variable, declared once.

``SummarySettings`` shapes a summary whatever the backend; ``ModelSettings`` points the
language-model backend at a server. Both read the environment through
pydantic-settings (``SUMMARIZER_<NAME>``; the server's address and key use the
``openai`` client's own ``OPENAI_BASE_URL`` and ``OPENAI_API_KEY``), and the CLI, the
Python API and the HTTP service take their defaults and bounds from here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Bounds shared by every entry point (CLI options, API arguments, HTTP bodies).
DEFAULT_MAX_WORDS = 250
MIN_MAX_WORDS = 20
MAX_MAX_WORDS = 5000
DEFAULT_CONCURRENCY = 4
MAX_CONCURRENCY = 64
DEFAULT_MAX_REASKS = 2
MAX_REASKS = 10
DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MAX_RETRIES = 3

Structured = Literal["auto", "json_schema", "json_object"]


class ModelSettings(BaseSettings):
    """Where the language-model backend finds its server, and how it talks to it."""

    # base_url and api_key are read from the openai client's own variables (their
    # aliases); populate_by_name lets callers still pass them by field name.
    model_config = SettingsConfigDict(
        env_prefix="SUMMARIZER_", extra="forbid", populate_by_name=True
    )

    model: str = Field(default="", description="Model name, as the server knows it.")
    base_url: str | None = Field(
        default=None,
        validation_alias="OPENAI_BASE_URL",
        description="An OpenAI-compatible server; OpenAI's own when unset.",
    )
    api_key: str | None = Field(
        default=None,
        validation_alias="OPENAI_API_KEY",
        description="The server's API key; local servers need none.",
    )
    timeout: float = Field(default=DEFAULT_TIMEOUT_S, gt=0, description="Seconds per request.")
    max_retries: int = Field(
        default=DEFAULT_MAX_RETRIES, ge=0, description="Transport retries per request."
    )
    context_window: int | None = Field(
        default=None, gt=0, description="The model's context window in tokens, when not known."
    )
    structured: Structured = Field(
        default="auto", description="json_schema, json_object, or auto (schema, else JSON mode)."
    )


class ExtractiveSettings(BaseSettings):
    """The offline backend's one setting: how sentences are represented."""

    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_", extra="forbid")

    representation: Literal["auto", "tfidf", "embeddings"] = Field(
        default="auto", description="auto is TF-IDF; embeddings need the optional extra."
    )


class RuntimeSettings(BaseSettings):
    """How the tool itself runs: where the prompt files are, whether bugs show tracebacks."""

    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_", extra="ignore")

    prompts_dir: str | None = Field(
        default=None, description="A folder of prompt templates to use instead of ours."
    )
    debug: bool = Field(default=False, description="Show the traceback of an internal error.")
