"""The solver: run the summariser on every eval set, time it, score it and its baselines.

Each cluster is read and segmented once; the same ``Corpus`` goes to the summariser and
to the scorer, so the harness adds only label loading, scoring and reporting.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..api import asummarize, build_corpus
from ..backends import DEFAULT_BACKEND, Backend, get_backend
from ..errors import SummarizerError
from ..models import ClusterSummary, Corpus, JudgeVerdict, UsageTotals
from .baselines import LEAD, PREVIOUS, lead_baseline
from .dataset import (
    LABELS_FILE,
    EvalSet,
    Fact,
    check_labels_match,
    discover,
    load_eval_set,
    load_labels,
)
from .report import (
    ClusterResult,
    EvalReport,
    JudgeResult,
    Timings,
    mean_metrics,
)
from .scorer import from_cluster_summary, make_scorer, read_summary

if TYPE_CHECKING:
    from .judge import JudgeFacts


def run_eval(
    paths: Sequence[Path | str],
    *,
    backend: str | Backend = DEFAULT_BACKEND,
    max_words: int | None = None,
    previous_report: EvalReport | None = None,
    judge: bool = False,
    concurrency: int = 4,
    **backend_settings: Any,
) -> EvalReport:
    """Blocking twin of ``arun_eval``."""
    return asyncio.run(
        arun_eval(
            paths,
            backend=backend,
            max_words=max_words,
            previous_report=previous_report,
            judge=judge,
            concurrency=concurrency,
            **backend_settings,
        )
    )


async def arun_eval(
    paths: Sequence[Path | str],
    *,
    backend: str | Backend = DEFAULT_BACKEND,
    max_words: int | None = None,
    previous_report: EvalReport | None = None,
    judge: bool = False,
    concurrency: int = 4,
    **backend_settings: Any,
) -> EvalReport:
    """Evaluate ``backend`` on every eval set found under ``paths`` (see ``discover``).

    ``max_words`` None: each set's own ``labels.max_words``. ``backend_settings`` (model,
    base_url...) build the backend when it is given by name. A summariser failure on one
    cluster is recorded in that cluster's ``error`` and the run goes on.
    """
    started = time.perf_counter()
    folders = discover([Path(path) for path in paths])
    setup_started = time.perf_counter()
    engine = get_backend(backend, **backend_settings) if isinstance(backend, str) else backend
    setup_s = time.perf_counter() - setup_started
    judge_facts = _judge_of(engine) if judge else None
    results: list[ClusterResult] = []
    summaries: list[ClusterSummary] = []
    for folder in folders:
        result, summary = await _evaluate(
            load_eval_set(folder), engine, max_words, concurrency, judge_facts
        )
        results.append(result)
        if summary is not None:
            summaries.append(summary)
    if previous_report is not None:
        _attach_previous(results, previous_report)
    report = _assemble(results, summaries, engine, max_words, judge, judge_facts is not None)
    report.setup_s = round(setup_s, 4)
    report.wall_s = round(time.perf_counter() - started, 4)
    return report


def _judge_of(engine: Backend) -> JudgeFacts | None:
    from .judge import judge_for  # imported here: the judge needs the openai SDK, plain runs not

    return judge_for(engine)


async def _evaluate(
    eval_set: EvalSet,
    engine: Backend,
    max_words: int | None,
    concurrency: int,
    judge_facts: JudgeFacts | None,
) -> tuple[ClusterResult, ClusterSummary | None]:
    budget = max_words or eval_set.labels.max_words
    result = ClusterResult(cluster_id=eval_set.id, folder=str(eval_set.folder), max_words=budget)
    clock = time.perf_counter()
    corpus = build_corpus(eval_set.folder)
    check_labels_match(eval_set.labels, corpus.cluster_id, str(eval_set.folder / LABELS_FILE))
    prepared = time.perf_counter()
    summary: ClusterSummary | None = None
    try:
        summary = await asummarize(
            corpus, backend=engine, max_words=budget, concurrency=concurrency
        )
    except SummarizerError as error:
        result.error = str(error)
    summarized = time.perf_counter()
    _score(result, eval_set, corpus, summary, budget)
    scored = time.perf_counter()
    result.timings = Timings(
        prepare_s=round(prepared - clock, 4),
        summarize_s=round(summarized - prepared, 4),
        score_s=round(scored - summarized, 4),
    )
    if summary is not None and judge_facts is not None:
        result.judge = await _judge(judge_facts, summary, eval_set.labels.facts)
    return result, summary


def _score(
    result: ClusterResult,
    eval_set: EvalSet,
    corpus: Corpus,
    summary: ClusterSummary | None,
    budget: int,
) -> None:
    scorer = make_scorer(eval_set.labels, corpus)
    result.baselines[LEAD] = scorer(from_cluster_summary(lead_baseline(corpus, budget))).metrics
    if summary is None:
        return
    result.take_score(scorer(from_cluster_summary(summary)))
    result.summary = summary.model_dump(mode="json")
    result.warnings = list(summary.warnings)
    result.usage = summary.usage.totals()


async def _judge(
    judge_facts: JudgeFacts, summary: ClusterSummary, facts: list[Fact]
) -> JudgeResult:
    try:
        answers = await judge_facts(summary.text, facts)
    except SummarizerError as error:
        return JudgeResult(verdicts=[], core_fact_recall=None, fact_recall=None, error=str(error))
    verdicts = [JudgeVerdict.model_validate(answer, from_attributes=True) for answer in answers]
    covered = {verdict.fact_id for verdict in verdicts if verdict.covered}
    core = [fact.id for fact in facts if fact.importance == "core"]

    def share(ids: list[str]) -> float | None:
        return sum(fact_id in covered for fact_id in ids) / len(ids) if ids else None

    usage = getattr(answers, "usage", None)
    return JudgeResult(
        verdicts=verdicts,
        core_fact_recall=share(core),
        fact_recall=share([fact.id for fact in facts]),
        usage=UsageTotals(
            calls=1, prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens
        )
        if usage is not None
        else UsageTotals(),
        prompt_version=getattr(answers, "prompt_version", None),
    )


def _attach_previous(results: list[ClusterResult], previous: EvalReport) -> None:
    for result in results:
        earlier = previous.cluster(result.cluster_id)
        if earlier is not None and not earlier.error:
            result.baselines[PREVIOUS] = earlier.metrics


def _assemble(
    results: list[ClusterResult],
    summaries: list[ClusterSummary],
    engine: Backend,
    max_words: int | None,
    judge: bool,
    has_judge: bool,
) -> EvalReport:
    scored = [result for result in results if not result.error]
    first = summaries[0] if summaries else None
    report = EvalReport(
        backend=engine.name,
        model=first.model if first else None,
        settings={**(first.settings if first else {}), "max_words": max_words or "labels"},
        prompt_versions=first.prompt_versions if first else {},
        clusters=results,
        mean=mean_metrics(result.metrics for result in scored),
        baselines_mean={LEAD: mean_metrics(result.baselines[LEAD] for result in scored)},
    )
    previous = [result.baselines[PREVIOUS] for result in scored if PREVIOUS in result.baselines]
    if previous:
        report.baselines_mean[PREVIOUS] = mean_metrics(previous)
    if judge and not has_judge:
        report.judge_note = f"backend {engine.name!r} has no judge (judge_facts): skipped"
    judged = [result.judge for result in results if result.judge is not None]
    judge_version = next((judge.prompt_version for judge in judged if judge.prompt_version), None)
    if judge_version is not None:
        report.prompt_versions = {**report.prompt_versions, "judge": judge_version}
    if judged:
        report.judge_mean = {
            "core_fact_recall": _mean(judge.core_fact_recall for judge in judged),
            "fact_recall": _mean(judge.fact_recall for judge in judged),
        }
    return report


def _mean(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


def score_summary_file(
    summary_path: Path, labels_path: Path, cluster_dir: Path | None = None
) -> ClusterResult:
    """Score one summary file (our JSON output or plain text) against one labels file.

    ``cluster_dir`` (default: the labels file's folder) supplies the articles that
    citations are checked against.
    """
    labels = load_labels(labels_path)
    folder = cluster_dir if cluster_dir is not None else labels_path.parent
    corpus = build_corpus(folder)
    check_labels_match(labels, corpus.cluster_id, str(labels_path))
    loaded = read_summary(summary_path)
    result = ClusterResult(
        cluster_id=corpus.cluster_id, folder=str(folder), max_words=labels.max_words
    )
    result.take_score(make_scorer(labels, corpus)(loaded.sentences))
    if loaded.summary is not None:
        result.summary = loaded.summary.model_dump(mode="json")
        result.warnings = list(loaded.summary.warnings)
    return result
