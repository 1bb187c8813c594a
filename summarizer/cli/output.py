"""Where ``summarize`` puts its summaries: stdout or ``-o``, written atomically.

One summary is one document. With ``--all-stories`` the stories of the input are one
JSON object (``ClusterStories``) or one Markdown document (a section a story); HTML is
one page a story, written beside ``-o`` as ``<name>-<n>.html``.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..api import render_stories
from ..models import ClusterSummary
from ..render import Format, render
from .streams import write_atomically


def check_story_output(all_stories: bool, fmt: str, output: Path | None) -> None:
    """HTML pages of several stories need a file name to number (before any work)."""
    if all_stories and fmt == "html" and output is None:
        raise click.UsageError("--all-stories --format html writes one page a story: give -o")


def story_pages(output: Path, count: int) -> list[Path]:
    """``summary.html`` -> ``summary-1.html``, ``summary-2.html``..."""
    return [output.with_name(f"{output.stem}-{n}{output.suffix}") for n in range(1, count + 1)]


def write_summaries(
    summaries: list[ClusterSummary], fmt: Format, output: Path | None, all_stories: bool
) -> None:
    """Write the summaries that have sentences (nothing when none has)."""
    written = [summary for summary in summaries if summary.sentences]
    if not written:
        return
    if not all_stories:
        _write(render(written[0], fmt), output)
    elif fmt == "html":
        assert output is not None  # check_story_output
        for page, summary in zip(story_pages(output, len(written)), written, strict=True):
            write_atomically(page, render(summary, "html"))
            click.echo(f"wrote {page}", err=True)
    else:
        _write(render_stories(written, fmt), output)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text)
    else:
        write_atomically(output, text)


def echo_warnings(summaries: list[ClusterSummary]) -> None:
    """Each warning on stderr; with several stories, each says which story it is of."""
    for number, summary in enumerate(summaries, 1):
        prefix = f"story {number}: " if len(summaries) > 1 else ""
        for warning in summary.warnings:
            click.echo(f"warning: {prefix}{warning}", err=True)
