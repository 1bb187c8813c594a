"""Compare two eval reports: per cluster and metric better/worse/same, facts gained/lost."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from .metrics import METRICS
from .report import ClusterResult, EvalReport, Metrics, format_value, mean_metrics
from .scorer import MetricValue

MEAN = "(mean)"
TOLERANCE = 1e-9
Verdict = Literal["better", "worse", "same", "changed", "n/a"]


class MetricChange(BaseModel):
    cluster_id: str
    metric: str
    old: MetricValue
    new: MetricValue
    verdict: Verdict


class FactChange(BaseModel):
    cluster_id: str
    fact_id: str
    importance: str
    change: Literal["gained", "lost"]


class Comparison(BaseModel):
    metrics: list[MetricChange]
    facts: list[FactChange]
    only_old: list[str]
    only_new: list[str]

    def count(self, verdict: Verdict) -> int:
        return sum(1 for change in self.metrics if change.verdict == verdict)


def verdict(metric: str, old: MetricValue, new: MetricValue) -> Verdict:
    """``changed``: a metric with no better direction (words, contested_mentions) moved."""
    if old is None or new is None:
        return "same" if old is None and new is None else "n/a"
    if abs(new - old) <= TOLERANCE:
        return "same"
    better = METRICS[metric].better
    if better is None:
        return "changed"
    return "better" if (new > old) == (better == "higher") else "worse"


def _metric_changes(cluster_id: str, old: Metrics, new: Metrics) -> list[MetricChange]:
    return [
        MetricChange(
            cluster_id=cluster_id,
            metric=name,
            old=old.get(name),
            new=new.get(name),
            verdict=verdict(name, old.get(name), new.get(name)),
        )
        for name in METRICS
    ]


def _fact_changes(old: ClusterResult, new: ClusterResult) -> list[FactChange]:
    before = {hit.fact_id: hit.matched for hit in old.facts}
    changes: list[FactChange] = []
    for hit in new.facts:
        if hit.fact_id not in before or before[hit.fact_id] == hit.matched:
            continue
        change: Literal["gained", "lost"] = "gained" if hit.matched else "lost"
        changes.append(
            FactChange(
                cluster_id=new.cluster_id,
                fact_id=hit.fact_id,
                importance=hit.importance,
                change=change,
            )
        )
    return changes


def compare(old_report: EvalReport, new_report: EvalReport) -> Comparison:
    """Per shared cluster, and the mean over the shared clusters only: a mean over
    different sets of clusters would compare the sets, not the runs."""
    old_ids = [result.cluster_id for result in old_report.clusters]
    new_ids = [result.cluster_id for result in new_report.clusters]
    metric_changes: list[MetricChange] = []
    fact_changes: list[FactChange] = []
    pairs = [
        (old, new)
        for new in new_report.clusters
        if (old := old_report.cluster(new.cluster_id)) is not None
    ]
    for old, new in pairs:
        metric_changes += _metric_changes(new.cluster_id, old.metrics, new.metrics)
        fact_changes += _fact_changes(old, new)
    if len(pairs) > 1:
        old_mean = mean_metrics(old.metrics for old, _ in pairs)
        new_mean = mean_metrics(new.metrics for _, new in pairs)
        metric_changes += _metric_changes(MEAN, old_mean, new_mean)
    return Comparison(
        metrics=metric_changes,
        facts=fact_changes,
        only_old=[cluster_id for cluster_id in old_ids if cluster_id not in new_ids],
        only_new=[cluster_id for cluster_id in new_ids if cluster_id not in old_ids],
    )


_STYLE = {"better": "green", "worse": "red", "changed": "yellow"}
_VERDICTS: tuple[Verdict, ...] = ("better", "worse", "same", "changed", "n/a")


def print_comparison(comparison: Comparison, console: Console) -> None:
    table = Table(title="old -> new", title_justify="left")
    for header in ("cluster", "metric", "old", "new", "verdict"):
        table.add_column(header, justify="right" if header in ("old", "new") else "left")
    for change in comparison.metrics:
        style = _STYLE.get(change.verdict, "")
        table.add_row(
            change.cluster_id,
            change.metric,
            format_value(change.metric, change.old),
            format_value(change.metric, change.new),
            f"[{style}]{change.verdict}[/]" if style else change.verdict,
        )
    console.print(table)
    for fact in comparison.facts:
        console.print(f"  {fact.cluster_id}: {fact.fact_id} ({fact.importance}) {fact.change}")
    for cluster_id in comparison.only_old:
        console.print(f"  {cluster_id}: only in the old report")
    for cluster_id in comparison.only_new:
        console.print(f"  {cluster_id}: only in the new report")
    counts = [f"{comparison.count(verdict)} {verdict}" for verdict in _VERDICTS]
    console.print(", ".join(counts) + f" (of {len(comparison.metrics)})")
