"""The eval report: a pydantic model (written as JSON) and its rich tables."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError
from rich.console import Console
from rich.table import Table

from ..errors import InputError, validation_problems
from ..models import JudgeVerdict, UsageTotals
from .baselines import LEAD, PREVIOUS
from .dataset import read_utf8
from .metrics import METRICS
from .scorer import (
    ContestedDetail,
    FactHit,
    LoadedTermHit,
    MetricValue,
    OffTopicCitation,
    Score,
)

REPORT_VERSION = "1"
Metrics = dict[str, MetricValue]


class JudgeResult(BaseModel):
    verdicts: list[JudgeVerdict]
    core_fact_recall: float | None
    fact_recall: float | None
    usage: UsageTotals = Field(default_factory=UsageTotals)
    prompt_version: str | None = None
    error: str | None = Field(default=None, description="The judge failed; the run went on.")


class Timings(BaseModel):
    prepare_s: float = Field(0.0, description="Reading and segmenting the cluster.")
    summarize_s: float = Field(0.0, description="Inside the summariser call.")
    score_s: float = Field(0.0, description="Scoring the system and the baselines.")


class ClusterResult(BaseModel):
    cluster_id: str
    folder: str
    max_words: int
    metrics: Metrics = Field(default_factory=dict)
    facts: list[FactHit] = Field(default_factory=list)
    contested: list[ContestedDetail] = Field(default_factory=list)
    loaded_terms: list[LoadedTermHit] = Field(default_factory=list)
    off_topic: list[OffTopicCitation] = Field(
        default_factory=list, description="Summary sentences citing an off-topic article."
    )
    summary: dict[str, Any] | None = Field(default=None, description="The system's output JSON.")
    warnings: list[str] = Field(default_factory=list)
    usage: UsageTotals = Field(default_factory=UsageTotals)
    timings: Timings = Field(default_factory=Timings)
    baselines: dict[str, Metrics] = Field(default_factory=dict)
    judge: JudgeResult | None = None
    error: str | None = None

    def take_score(self, result: Score) -> None:
        self.metrics = result.metrics
        self.facts = result.facts
        self.contested = result.contested
        self.loaded_terms = result.loaded_terms
        self.off_topic = result.off_topic


class EvalReport(BaseModel):
    report_version: str = REPORT_VERSION
    created: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    backend: str
    model: str | None = None
    settings: dict[str, Any] = Field(default_factory=dict)
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    clusters: list[ClusterResult] = Field(default_factory=list)
    mean: Metrics = Field(default_factory=dict)
    baselines_mean: dict[str, Metrics] = Field(default_factory=dict)
    judge_mean: dict[str, float | None] | None = None
    judge_note: str | None = None
    setup_s: float = Field(0.0, description="Building the backend (imports, model setup).")
    wall_s: float = 0.0

    @property
    def errors(self) -> list[str]:
        return [f"{result.cluster_id}: {result.error}" for result in self.clusters if result.error]

    def cluster(self, cluster_id: str) -> ClusterResult | None:
        return next((result for result in self.clusters if result.cluster_id == cluster_id), None)


def mean_metrics(rows: Iterable[Metrics]) -> Metrics:
    """Per metric, the mean over the rows that have a value; None where none has."""
    rows = list(rows)
    means: Metrics = {}
    for name in METRICS:
        values = [row[name] for row in rows if row.get(name) is not None]
        means[name] = sum(values) / len(values) if values else None  # type: ignore[arg-type]
    return means


def load_report(path: Path) -> EvalReport:
    try:
        return EvalReport.model_validate_json(read_utf8(path))
    except ValidationError as error:
        problem = validation_problems(error, limit=1)
        raise InputError(str(path), f"not an eval report: {problem}") from error


def write_report(report: EvalReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")


# --- tables -----------------------------------------------------------------------------


def format_value(name: str, value: MetricValue) -> str:
    if value is None:
        return "—"
    if METRICS[name].kind == "share":
        return f"{value:.3f}"
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def versus(name: str, system: MetricValue, baseline: MetricValue) -> str:
    """Ratio to the baseline for shares, difference for counts."""
    if system is None or baseline is None:
        return "—"
    if METRICS[name].kind == "count":
        return (
            f"{system - baseline:+g}"
            if float(system - baseline).is_integer()
            else (f"{system - baseline:+.1f}")
        )
    return f"×{system / baseline:.2f}" if baseline else "—"


def metric_table(
    title: str, system: Metrics, baselines: dict[str, Metrics], show_previous: bool
) -> Table:
    table = Table(title=title, title_justify="left")
    for header in ("metric", "system", LEAD, f"vs {LEAD}"):
        table.add_column(header, justify="left" if header == "metric" else "right")
    if show_previous:
        table.add_column(PREVIOUS, justify="right")
    lead = baselines.get(LEAD, {})
    previous = baselines.get(PREVIOUS, {})
    for name in METRICS:
        cells = [
            name,
            format_value(name, system.get(name)),
            format_value(name, lead.get(name)),
            versus(name, system.get(name), lead.get(name)),
        ]
        if show_previous:
            cells.append(format_value(name, previous.get(name)))
        table.add_row(*cells)
    return table


def print_report(report: EvalReport, console: Console) -> None:
    show_previous = any(PREVIOUS in result.baselines for result in report.clusters)
    for result in report.clusters:
        title = f"{result.cluster_id} (max {result.max_words} words)"
        if result.error:
            console.print(f"[bold red]{title}: failed: {result.error}[/]")
        console.print(metric_table(title, result.metrics, result.baselines, show_previous))
        _print_details(result, console)
        _print_judge(result, console)
    if len(report.clusters) > 1:
        title = f"mean over {len(report.clusters)} clusters"
        console.print(metric_table(title, report.mean, report.baselines_mean, show_previous))
    if report.judge_mean is not None:
        shown = ", ".join(
            f"{name} {format_value(name, value)}" for name, value in report.judge_mean.items()
        )
        console.print(f"judge (semantic, beside the lexical figures): {shown}")


def _print_details(result: ClusterResult, console: Console) -> None:
    missed = [hit.fact_id for hit in result.facts if not hit.matched and hit.importance == "core"]
    if missed:
        console.print(f"  core facts missed: {' '.join(missed)}")
    mentions = {
        mention.index: mention.attributed
        for detail in result.contested
        for mention in detail.mentions
    }
    if mentions:
        claims = [detail.claim_id for detail in result.contested if detail.mentions]
        console.print(
            f"  contested claims mentioned: {' '.join(claims)} in {len(mentions)} sentence(s), "
            f"{sum(mentions.values())} attributed"
        )
    unattributed = [
        f"{detail.claim_id} (sentence {mention.index + 1})"
        for detail in result.contested
        for mention in detail.mentions
        if not mention.attributed
    ]
    if unattributed:
        console.print(f"  contested claims not attributed: {', '.join(unattributed)}")
    if result.loaded_terms:
        used = ", ".join(f"{hit.term} (sentence {hit.index + 1})" for hit in result.loaded_terms)
        console.print(f"  loaded terms in own voice: {used}")
    if result.off_topic:
        cites = ", ".join(
            f"sentence {hit.index + 1} ({', '.join(hit.articles)})" for hit in result.off_topic
        )
        console.print(f"  off-topic articles cited: {cites}")


def _print_judge(result: ClusterResult, console: Console) -> None:
    """The judge's recalls beside the lexical ones, and the facts where they differ."""
    judge = result.judge
    if judge is None:
        return
    if judge.error:
        console.print(f"  judge failed: {judge.error}")
        return
    names = ("core_fact_recall", "fact_recall")
    judged = (judge.core_fact_recall, judge.fact_recall)
    shown = ", ".join(
        f"{name} {format_value(name, value)}" for name, value in zip(names, judged, strict=True)
    )
    lexical = ", ".join(format_value(name, result.metrics.get(name)) for name in names)
    console.print(f"  judge: {shown} (lexical {lexical})")
    matched = {hit.fact_id for hit in result.facts if hit.matched}
    covered = {verdict.fact_id for verdict in judge.verdicts if verdict.covered}
    order = [verdict.fact_id for verdict in judge.verdicts]
    if judge_only := [fact_id for fact_id in order if fact_id in covered - matched]:
        console.print(f"  covered by the judge, not matched lexically: {' '.join(judge_only)}")
    if lexical_only := [fact_id for fact_id in order if fact_id in matched - covered]:
        console.print(f"  matched lexically, not covered by the judge: {' '.join(lexical_only)}")


METRIC_TARGETS = {
    "words": "<= max_words",
    "core_fact_recall": "1.0",
    "fact_recall": "high",
    "cited_fact_recall": "= core_fact_recall",
    "citation_validity": "1.0",
    "uncited_sentences": "0",
    "contested_attribution": "1.0",
    "contested_mentions": "reported",
    "loaded_terms_own_voice": "0",
    "source_coverage": "1.0",
    "source_balance": "reported",
    "off_topic_citations": "0",
}


def score_table(title: str, values: Metrics) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("target", justify="right")
    for name in METRICS:
        table.add_row(name, format_value(name, values.get(name)), METRIC_TARGETS[name])
    return table


def print_score(title: str, result: ClusterResult, console: Console) -> None:
    console.print(score_table(title, result.metrics))
    matched = sum(hit.matched for hit in result.facts)
    console.print(f"  facts matched: {matched} of {len(result.facts)}")
    _print_details(result, console)
