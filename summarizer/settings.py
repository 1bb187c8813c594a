"""Every setting, its default and its environment variable, declared once.

``SummarySettings`` shapes a summary whatever the backend; ``ModelSettings`` points the
language-model backend at a server. Both read the environment through
pydantic-settings (``SUMMARIZER_<NAME>``; the server's address and key use the
``openai`` client's own ``OPENAI_BASE_URL`` and ``OPENAI_API_KEY``), and the CLI, the
Python API and the HTTP service take their defaults and bounds from here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Bounds shared by every entry point (CLI options, API arguments, HTTP bodies).
DEFAULT_MAX_WORDS = 250
MIN_MAX_WORDS = 20
MAX_MAX_WORDS = 5000
DEFAULT_CONCURRENCY = 4
MAX_CONCURRENCY = 64
DEFAULT_MAX_REASKS = 2
MAX_REASKS = 10
# Per request: a 2-core llama.cpp server writes a 1,000-token answer in over 100 s; the
# whole run is bounded by the deadline, so the timeout only needs to catch a hung server.
DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MAX_RETRIES = 3
DEFAULT_DEADLINE_S = 600.0
# Big stories: the model path digests at most this many articles, one per group of
# copies, of outlets as diverse as there are (``max_articles``); any backend reads a
# cluster of more sentences than this with each wire sentence once (``grouping``).
DEFAULT_MAX_DIGESTED_ARTICLES = 40
GROUP_COPIES_ABOVE_SENTENCES = 2000

Structured = Literal["auto", "json_schema", "json_object"]
OutputCapParam = Literal["max_tokens", "max_completion_tokens"]


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
    deadline: float = Field(
        default=DEFAULT_DEADLINE_S,
        gt=0,
        description="Seconds for the whole run; what is unfinished then is summarised "
        "from its own sentences.",
    )
    max_output_tokens: int | None = Field(
        default=None,
        gt=0,
        description="At most this many tokens per answer (below the per-stage sizes).",
    )
    max_articles: int = Field(
        default=DEFAULT_MAX_DIGESTED_ARTICLES,
        ge=1,
        validation_alias="SUMMARIZER_MODEL_MAX_ARTICLES",
        description="Articles digested at most: above, one per group of copies, of outlets "
        "as diverse as there are; the others are named as left out.",
    )
    output_cap_param: OutputCapParam = Field(
        default="max_tokens",
        description="How a request caps its answer: max_tokens, or max_completion_tokens "
        "for servers that want it.",
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
    segment_workers: int | None = Field(
        default=None,
        ge=1,
        description="Processes that segment a big cluster's articles (default: one per core; "
        "1 segments in this process).",
    )


# Limits of the HTTP service (documented in docs/http-api.md).
DEFAULT_MAX_BODY_MB = 20
DEFAULT_MAX_ARTICLES = 200
DEFAULT_REQUESTS_PER_MINUTE = 120


class ServiceSettings(BaseSettings):
    """The HTTP service's own settings: limits, access, CORS, webhooks, docs."""

    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_", extra="ignore")

    max_body_mb: float = Field(
        default=DEFAULT_MAX_BODY_MB, gt=0, description="Largest request body, in MB."
    )
    max_articles: int = Field(
        default=DEFAULT_MAX_ARTICLES, ge=1, description="Most articles in one cluster or story."
    )
    requests_per_minute: int = Field(
        default=DEFAULT_REQUESTS_PER_MINUTE,
        ge=0,
        description="Per API key (or per client address without keys); 0 turns it off.",
    )
    rate_burst: int | None = Field(
        default=None, ge=1, description="Requests allowed at once; requests_per_minute if unset."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed to call from a browser (comma-separated; * for any).",
    )
    webhook_secret: str | None = Field(
        default=None, description="HMAC-SHA256 key that signs webhook bodies."
    )
    docs: bool = Field(default=True, description="Serve Swagger UI at /docs (local assets).")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value


class StoreSettings(BaseSettings):
    """Where jobs, API keys, stories and the model-call cache are kept, and how
    workers hold jobs."""

    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description=(
            "postgresql://... for PostgreSQL, or an SQLite file (a path or sqlite:///path); "
            "unset: summarizer.db in the user data directory (platformdirs)."
        ),
    )
    lease_s: float = Field(
        default=30.0, gt=0, description="Seconds a worker holds a job between heartbeats."
    )
    cache: bool = Field(default=True, description="Read and fill the model-call cache.")
