"""The command line: a thin shell over ``summarizer.pipeline``.

Results go to stdout (or ``-o``), progress and errors to stderr. Exit codes: 0 done,
1 runtime or model failure, 2 usage or input error. Every option can also come from
an environment variable ``SUMMARIZER_<OPTION>`` (e.g. ``SUMMARIZER_MAX_WORDS``).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__
from .backends import BACKENDS, DEFAULT_BACKEND, ProgressCallback, backend_spec
from .cli_errors import EXIT_FAILURE, fail, user_errors
from .errors import InputError
from .ingest import load_cluster_data
from .models import Cluster, ClusterSummary
from .pipeline import ClusterSource, asummarize
from .render import FORMATS, render
from .settings import (
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_WORDS,
    MAX_CONCURRENCY,
    MAX_MAX_WORDS,
    MIN_MAX_WORDS,
)


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename, so no half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_source(path: str) -> ClusterSource:
    if path != "-":
        return Path(path)
    if sys.stdin.isatty():
        raise InputError("<stdin>", "expected a JSON cluster on standard input")
    data = sys.stdin.read()
    if not data.strip():
        raise InputError("<stdin>", "empty: expected a JSON cluster on standard input")
    cluster: Cluster = load_cluster_data(data, base_dir=Path.cwd(), source="<stdin>")
    return cluster


@contextmanager
def progress_display(enabled: bool) -> Iterator[ProgressCallback | None]:
    """A rich progress bar on stderr, only when stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def print_usage(summary: ClusterSummary) -> None:
    usage = summary.usage
    click.echo(
        f"usage: {len(usage.calls)} model calls, {usage.prompt_tokens} tokens in, "
        f"{usage.completion_tokens} tokens out, {usage.wall_s:.2f} s",
        err=True,
    )
    for call in usage.calls:
        click.echo(
            f"  {call.stage}: {call.prompt_tokens} in, {call.completion_tokens} out, "
            f"{call.wall_s:.2f} s, {call.attempts} attempt(s)",
            err=True,
        )


def backend_settings(backend: str, **settings: Any) -> dict[str, Any]:
    """The settings given that ``backend`` takes (the model options read from the
    environment may be there for another backend)."""
    takes = backend_spec(backend).settings_type.model_fields
    return {name: value for name, value in settings.items() if value is not None and name in takes}


_SERVER_OPTIONS = ("model", "base_url", "api_key", "timeout", "context_window")


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


@click.group(
    context_settings={"auto_envvar_prefix": "SUMMARIZER", "help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="summarizer")
def main() -> None:
    """Neutral, cited summaries of a cluster of news articles."""


def model_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that runs a backend."""
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
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command()
@click.argument("path", required=False)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@click.option(
    "--max-words",
    type=click.IntRange(MIN_MAX_WORDS, MAX_MAX_WORDS),
    default=DEFAULT_MAX_WORDS,
    show_default=True,
)
@click.option("--style-guide", type=click.Path(dir_okay=False), help="Extra loaded terms (YAML).")
@click.option(
    "--concurrency",
    type=click.IntRange(1, MAX_CONCURRENCY),
    default=DEFAULT_CONCURRENCY,
    show_default=True,
)
@click.option("--usage", "show_usage", is_flag=True, help="Print token and time usage to stderr.")
@click.option("--fail-on-warnings", is_flag=True, help="Exit 1 when any check is unmet.")
@click.option("--progress/--no-progress", default=True, help="Progress bar (terminals only).")
@model_options
def summarize(
    path: str | None,
    fmt: str,
    output: Path | None,
    max_words: int,
    style_guide: str | None,
    concurrency: int,
    show_usage: bool,
    fail_on_warnings: bool,
    progress: bool,
    backend: str,
    **model_settings: Any,
) -> None:
    """Summarise the cluster at PATH: a folder of articles, a cluster.json, or - (stdin).

    With no PATH, a JSON cluster piped on stdin is read.
    """
    check_server_options(backend)
    if path is None:
        if sys.stdin.isatty():
            raise click.UsageError("give PATH (a folder, a cluster.json, or - for stdin)")
        path = "-"
    with user_errors():
        source = read_source(path)
        with progress_display(progress) as on_progress:
            summary = asyncio.run(
                asummarize(
                    source,
                    backend=backend,
                    max_words=max_words,
                    style_guide=style_guide,
                    concurrency=concurrency,
                    progress=on_progress,
                    **backend_settings(backend, **model_settings),
                )
            )
        if not summary.sentences:
            for warning in summary.warnings:
                click.echo(f"warning: {warning}", err=True)
            fail("no summary sentence could be written from this input", EXIT_FAILURE)
        rendered = render(summary, fmt)  # type: ignore[arg-type]
        if output is None:
            click.echo(rendered)
        else:
            write_atomically(output, rendered)
        for warning in summary.warnings:
            click.echo(f"warning: {warning}", err=True)
        if show_usage:
            print_usage(summary)
        if fail_on_warnings and summary.warnings:
            fail(f"{len(summary.warnings)} check(s) unmet (see warnings)", EXIT_FAILURE)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@model_options
def serve(host: str, port: int, backend: str, **model_settings: Any) -> None:
    """Run the HTTP service (POST /v1/summarize)."""
    from .service import serve as run_server

    with user_errors():
        run_server(
            host=host,
            port=port,
            default_backend=backend,
            backend_settings=backend_settings(backend, **model_settings),
        )


def _mount_eval() -> None:
    from .evals.cli import eval_group

    main.add_command(eval_group, name="eval")


_mount_eval()

if __name__ == "__main__":
    main()
