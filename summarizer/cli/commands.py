"""The commands: ``summarize`` and ``serve`` (``eval`` is mounted from ``summarizer.evals``).

A thin shell over ``summarizer.api``. Results go to stdout (or ``-o``), progress and
errors to stderr. Exit codes: 0 done, warnings or not (a model call that failed or ran
past ``--deadline`` is summarised from the articles' own sentences and named in a
warning); 1 when nothing could be summarised, the model server cannot be used at all
(a rejected key, no such model, no server), or under ``--fail-on-warnings``; 2 usage or
input error. ``--usage`` prints the model calls on failure too. Every option can also
come from an environment variable ``SUMMARIZER_<OPTION>`` (e.g. ``SUMMARIZER_MAX_WORDS``).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..api import ClusterSource, asummarize, asummarize_stories
from ..models import ClusterSummary
from ..render import FORMATS
from ..settings import (
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_WORDS,
    MAX_CONCURRENCY,
    MAX_MAX_WORDS,
    MIN_MAX_WORDS,
)
from .errors import EXIT_FAILURE, fail, user_errors
from .options import backend_settings, call_cache, check_server_options, db_option, model_options
from .output import check_story_output, echo_warnings, write_summaries
from .streams import (
    print_usage,
    progress_display,
    read_source,
    usage_on_failure,
)


class CommandGroup(click.Group):
    """The top-level group; ``eval`` is loaded on use (``summarizer.evals.cli`` imports
    this package's option set, so mounting it at import time would be a cycle)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), "eval"})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "eval":
            from ..evals.cli import eval_group

            return eval_group
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=CommandGroup,
    context_settings={"auto_envvar_prefix": "SUMMARIZER", "help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="summarizer")
def main() -> None:
    """Neutral, cited summaries of a cluster of news articles."""


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
@click.option(
    "--all-stories",
    is_flag=True,
    help="Input that holds several stories: summarise each, largest first (default: the "
    "largest). JSON: one object with a list; Markdown: a section a story; HTML: a page a "
    "story, -o NAME.html written as NAME-1.html, NAME-2.html...",
)
@click.option("--progress/--no-progress", default=True, help="Progress bar (terminals only).")
@click.option("--cache/--no-cache", default=True, help="Reuse validated model answers (openai).")
@db_option
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
    all_stories: bool,
    progress: bool,
    cache: bool,
    db: str | None,
    backend: str,
    **model_settings: Any,
) -> None:
    """Summarise the cluster at PATH: a folder of articles, a cluster.json, or - (stdin).

    With no PATH, a JSON cluster piped on stdin is read.
    """
    check_server_options(backend)
    check_story_output(all_stories, fmt, output)
    if path is None:
        if sys.stdin.isatty():
            raise click.UsageError("give PATH (a folder, a cluster.json, or - for stdin)")
        path = "-"
    with user_errors():
        source = read_source(path)
        with (
            progress_display(progress) as on_progress,
            call_cache(backend, cache, db),
            usage_on_failure(show_usage),
        ):
            run = asummarize_stories if all_stories else _one_summary
            summaries = asyncio.run(
                run(
                    source,
                    backend=backend,
                    max_words=max_words,
                    style_guide=style_guide,
                    concurrency=concurrency,
                    progress=on_progress,
                    **backend_settings(backend, **model_settings),
                )
            )
        write_summaries(summaries, fmt, output, all_stories)  # type: ignore[arg-type]
        echo_warnings(summaries)
        if show_usage:
            for summary in summaries:
                print_usage(summary)
        if not any(summary.sentences for summary in summaries):
            fail("no summary sentence could be written from this input", EXIT_FAILURE)
        if fail_on_warnings and any(summary.warnings for summary in summaries):
            count = sum(len(summary.warnings) for summary in summaries)
            fail(f"{count} check(s) unmet (see warnings)", EXIT_FAILURE)


async def _one_summary(source: ClusterSource, **options: Any) -> list[ClusterSummary]:
    return [await asummarize(source, **options)]


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option(
    "--db",
    envvar="SUMMARIZER_DATABASE_URL",
    help="The store: an SQLite file or postgresql://... [default: the user data directory]",
)
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Run jobs in this process (--no-worker: separate `summarizer worker`s run them).",
)
@model_options
def serve(
    host: str, port: int, db: str | None, worker: bool, backend: str, **model_settings: Any
) -> None:
    """Run the HTTP service: summaries, jobs, stories (docs/http-api.md)."""
    from ..service import serve as run_server

    with user_errors():
        run_server(
            host=host,
            port=port,
            store=db or None,
            worker=worker,
            default_backend=backend,
            backend_settings=backend_settings(backend, **model_settings),
        )


def _mount_store_commands() -> None:
    from .keys import keys_group
    from .worker import worker_command

    main.add_command(worker_command, name="worker")
    main.add_command(keys_group, name="keys")


_mount_store_commands()
