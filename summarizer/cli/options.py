"""The model options every command that runs a backend takes (summarize, serve, eval),
declared once, and how they reach the backend."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..backends import BACKENDS, DEFAULT_BACKEND, backend_spec
from ..settings import DEFAULT_DEADLINE_S, DEFAULT_MAX_DIGESTED_ARTICLES

_SERVER_OPTIONS = (
    "model",
    "base_url",
    "api_key",
    "timeout",
    "context_window",
    "deadline",
    "max_output_tokens",
    "output_cap_param",
    "max_articles",
)


def model_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--backend`` and the model server's options."""
    options = [
        click.option(
            "--backend",
            type=click.Choice(BACKENDS),
            default=DEFAULT_BACKEND,
            show_default=True,
            help="extractive: offline, no model; openai: any /v1/chat/completions server.",
        ),
        click.option("--model", envvar="SUMMARIZER_MODEL", help="Model name (openai backend)."),
        click.option("--base-url", envvar="OPENAI_BASE_URL", help="OpenAI-compatible server URL."),
        click.option(
            "--api-key", envvar="OPENAI_API_KEY", help="API key (local servers need none)."
        ),
        click.option("--timeout", type=float, help="Seconds per model request (openai backend)."),
        click.option("--context-window", type=int, help="Model context in tokens (openai)."),
        click.option(
            "--deadline",
            type=click.FloatRange(min=0, min_open=True),
            help=f"Seconds for the whole run; what is unfinished then is taken from the "
            f"articles' own sentences (openai) [default: {DEFAULT_DEADLINE_S:g}]",
        ),
        click.option(
            "--max-output-tokens",
            type=click.IntRange(min=1),
            help="At most this many tokens per model answer (openai) [default: sized per stage]",
        ),
        click.option(
            "--max-articles",
            type=click.IntRange(min=1),
            help="Articles the model reads at most: above, one per group of copies, of "
            f"outlets as diverse as there are (openai) [default: {DEFAULT_MAX_DIGESTED_ARTICLES}]",
        ),
        click.option(
            "--output-cap-param",
            type=click.Choice(["max_tokens", "max_completion_tokens"]),
            help="How requests cap the answer, for servers that want max_completion_tokens "
            "(openai) [default: max_tokens]",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def backend_settings(backend: str, **settings: Any) -> dict[str, Any]:
    """The settings given that ``backend`` takes (the model options read from the
    environment may be there for another backend)."""
    takes = backend_spec(backend).settings_type.model_fields
    return {name: value for name, value in settings.items() if value is not None and name in takes}


def check_server_options(backend: str) -> None:
    """A server option typed on the command line with the offline backend is a mistake
    (the same variable set in the environment is not: it may serve other tools)."""
    if backend == "openai":
        return
    context = click.get_current_context()
    typed = [
        "--" + name.replace("_", "-")
        for name in _SERVER_OPTIONS
        if context.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE
    ]
    if typed:
        raise click.UsageError(
            f"{', '.join(typed)} only applies to --backend openai (the {backend} backend "
            "runs offline, with no model)"
        )


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--db``: the store (jobs, keys, stories, the model-call cache)."""
    return click.option(
        "--db",
        envvar="SUMMARIZER_DATABASE_URL",
        help="The store: an SQLite file or postgresql://... [default: the user data directory]",
    )(command)


@contextmanager
def call_cache(backend: str, enabled: bool, db: str | None) -> Iterator[None]:
    """The store's model-call cache for the model calls made inside, when the backend
    makes any and ``--no-cache`` was not given (the store is opened only then)."""
    if not enabled or backend == "extractive":
        yield
        return
    from ..store import StoreCache, open_store, using_cache

    with open_store(db or None) as store, using_cache(StoreCache(store)):
        yield
