"""``summarizer eval``: a thin click shell over ``runner``, ``scorer`` and ``compare``.

    summarizer eval PATH... [--backend B] [--model M] [--base-url U] [--api-key K]
                            [--timeout S] [--context-window N] [--max-words N]
                            [--json REPORT] [--baseline OLD_REPORT] [--judge]
                            [--fail-under METRIC=VALUE ...] [--fail-over METRIC=VALUE ...]
    summarizer eval score SUMMARY --labels LABELS [--cluster CLUSTER_DIR] [--json OUT]
    summarizer eval compare OLD.json NEW.json

Tables go to stdout; errors, judge notes and missed thresholds to stderr, one line each.
Exit codes: 0 done, 1 a cluster failed or a threshold was missed, 2 usage or input error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from ..cli.errors import EXIT_FAILURE, user_errors
from ..cli.options import backend_settings, check_server_options, model_options
from ..settings import MAX_MAX_WORDS, MIN_MAX_WORDS
from .compare import compare, print_comparison
from .metrics import METRICS
from .report import EvalReport, load_report, print_report, print_score, write_report
from .runner import run_eval, score_summary_file

RUN = "run"
Threshold = tuple[str, float]


def _console() -> Console:
    return Console(soft_wrap=False, highlight=False)


class EvalGroup(click.Group):
    """Runs ``run`` unless the first argument names a subcommand (or asks for help)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [RUN, *args]
        return super().parse_args(ctx, args)


@click.group("eval", cls=EvalGroup, invoke_without_command=True)
@click.pass_context
def eval_group(ctx: click.Context) -> None:
    """Evaluate the summariser on labelled eval sets (see evals/FORMAT.md).

    `summarizer eval PATH...` runs the eval on every eval set at or below PATH;
    `score` scores one summary file; `compare` compares two reports.
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def _parse_thresholds(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> list[Threshold]:
    thresholds: list[Threshold] = []
    for value in values:
        name, _, number = value.partition("=")
        if name not in METRICS:
            raise click.BadParameter(
                f"{name!r} is not a metric; choose from: {', '.join(METRICS)}", ctx, param
            )
        try:
            thresholds.append((name, float(number)))
        except ValueError:
            raise click.BadParameter(f"{value!r}: expected METRIC=NUMBER", ctx, param) from None
    return thresholds


def _shown(value: float | None) -> str:
    return "none" if value is None else f"{value:.4g}"


def missed_thresholds(
    report: EvalReport, under: list[Threshold], over: list[Threshold]
) -> list[str]:
    """One message per threshold the mean metrics miss (a missing value misses)."""
    missed: list[str] = []
    for name, limit in under:
        value = report.mean.get(name)
        if value is None or value < limit:
            missed.append(f"mean {name} = {_shown(value)} is under {limit:g}")
    for name, limit in over:
        value = report.mean.get(name)
        if value is None or value > limit:
            missed.append(f"mean {name} = {_shown(value)} is over {limit:g}")
    return missed


@eval_group.command(RUN)
@click.argument("paths", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--max-words",
    type=click.IntRange(MIN_MAX_WORDS, MAX_MAX_WORDS),
    help="Default: each set's max_words.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the full report here.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An earlier report, shown side by side as 'previous'.",
)
@click.option(
    "--fail-under",
    multiple=True,
    callback=_parse_thresholds,
    metavar="METRIC=VALUE",
    help="Exit 1 when the mean METRIC is under VALUE (repeatable).",
)
@click.option(
    "--fail-over",
    multiple=True,
    callback=_parse_thresholds,
    metavar="METRIC=VALUE",
    help="Exit 1 when the mean METRIC is over VALUE (repeatable).",
)
@click.option("--judge", is_flag=True, help="Also ask the backend's semantic judge, if it has one.")
@model_options
def run_command(
    paths: tuple[Path, ...],
    backend: str,
    max_words: int | None,
    json_path: Path | None,
    baseline_path: Path | None,
    fail_under: list[Threshold],
    fail_over: list[Threshold],
    judge: bool,
    **model_settings: Any,
) -> None:
    """Run the eval on every eval set at or below each PATH."""
    check_server_options(backend)
    with user_errors():
        previous = load_report(baseline_path) if baseline_path else None
        settings = backend_settings(backend, **model_settings)
        report = run_eval(
            list(paths),
            backend=backend,
            max_words=max_words,
            previous_report=previous,
            judge=judge,
            **settings,
        )
        print_report(report, _console())
        if json_path is not None:
            write_report(report, json_path)
    if report.judge_note:
        click.echo(f"judge: {report.judge_note}", err=True)
    for result in report.clusters:
        if result.judge is not None and result.judge.error:
            # The judge is beside the lexical figures: its failure is said, not an exit 1.
            click.echo(f"judge: {result.cluster_id}: {result.judge.error}", err=True)
    problems = report.errors + missed_thresholds(report, fail_under, fail_over)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(EXIT_FAILURE)


@eval_group.command("score")
@click.argument("summary_path", metavar="SUMMARY", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--labels",
    "labels_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The eval set's labels.json.",
)
@click.option(
    "--cluster",
    "cluster_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The cluster folder. Default: the labels file's folder.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the metrics and their detail here.",
)
def score_command(
    summary_path: Path, labels_path: Path, cluster_dir: Path | None, json_path: Path | None
) -> None:
    """Score one SUMMARY: our JSON output or plain text."""
    with user_errors():
        result = score_summary_file(summary_path, labels_path, cluster_dir)
        title = f"{summary_path.name} (max {result.max_words} words)"
        print_score(title, result, _console())
        if json_path is not None:
            json_path.parent.mkdir(parents=True, exist_ok=True)
            json_path.write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")


@eval_group.command("compare")
@click.argument("old_path", metavar="OLD", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new_path", metavar="NEW", type=click.Path(dir_okay=False, path_type=Path))
def compare_command(old_path: Path, new_path: Path) -> None:
    """Compare two eval reports (--json outputs): metrics better/worse, facts gained/lost."""
    with user_errors():
        print_comparison(compare(load_report(old_path), load_report(new_path)), _console())
