"""What the commands read and write: a cluster on stdin, the output file (written
atomically), and progress and usage on stderr."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ..api import ClusterSource
from ..backends import ProgressCallback
from ..errors import InputError, SummarizerError
from ..ingest import load_cluster_data
from ..models import CallUsage, Cluster, ClusterSummary, Usage


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
    print_calls(summary.usage)


@contextmanager
def usage_on_failure(enabled: bool) -> Iterator[None]:
    """With ``--usage``, a failed run's model calls so far too (a backend's error may
    carry them as ``calls``)."""
    try:
        yield
    except SummarizerError as error:
        calls: list[CallUsage] = getattr(error, "calls", [])
        if enabled and calls:
            print_calls(Usage(calls=calls))
        raise


def print_calls(usage: Usage) -> None:
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
