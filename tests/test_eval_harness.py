"""The eval harness end to end: dataset, runner (with a fake backend), baselines,
report, compare and the ``summarizer eval`` command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarizer.api import build_corpus
from summarizer.errors import InputError, ModelError
from summarizer.evals import report as report_module
from summarizer.evals import runner
from summarizer.evals.baselines import lead_baseline, round_robin
from summarizer.evals.cli import eval_group
from summarizer.evals.compare import compare
from summarizer.evals.dataset import Fact, discover, load_eval_set
from summarizer.evals.report import EvalReport, load_report
from summarizer.evals.scorer import SentenceRef, read_summary
from summarizer.models import ClusterSummary, Corpus, JudgeVerdict, SummarySentence

SHARED_EVALS = Path(__file__).parents[1].parent / "shared" / "evals"
IDLIB = SHARED_EVALS / "idlib-2020"

ARTICLES = {
    "alpha": (
        "Officials said ten soldiers were killed in the strike on Monday.\n\n"
        "The ministry accused the regime of carrying out the attack.\n\n"
        "Rescue teams reached the town by night.\n"
    ),
    "beta": (
        "The defence ministry said the troops were embedded with rebel fighters.\n\n"
        "Talks between the two governments are planned for Friday.\n"
    ),
}
LABELS: dict[str, Any] = {
    "cluster": "toy",
    "max_words": 40,
    "facts": [
        {
            "id": "F1",
            "importance": "core",
            "keys": [["ten"], ["soldier"], ["kill"]],
            "evidence": [
                {"article": "alpha", "quote": "ten soldiers were killed", "start": 15, "end": 39}
            ],
        },
        {"id": "F2", "importance": "core", "keys": [["talks"], ["friday"]]},
        {"id": "F3", "importance": "supporting", "keys": [["rescue"]]},
    ],
    "contested": [
        {
            "id": "C1",
            "claim": "Troops were embedded with rebels.",
            "claimant": "Ministry",
            "mention_keys": [["embedded"]],
            "claimant_keys": [["ministry"]],
        },
    ],
    "attribution_cues": ["said", "accus"],
    "loaded_terms": [{"term": "regime", "prefixes": ["regime"]}],
}


def write_eval_set(folder: Path, cluster_id: str = "toy") -> Path:
    (folder / "articles").mkdir(parents=True)
    for article_id, text in ARTICLES.items():
        (folder / "articles" / f"{article_id}.txt").write_text(text, encoding="utf-8")
    cluster = {
        "id": cluster_id,
        "title": "A toy cluster",
        "articles": [
            {"id": name, "file": f"articles/{name}.txt", "outlet": name.title()}
            for name in ARTICLES
        ],
    }
    (folder / "cluster.json").write_text(json.dumps(cluster), encoding="utf-8")
    (folder / "labels.json").write_text(
        json.dumps({**LABELS, "cluster": cluster_id}), encoding="utf-8"
    )
    return folder


@pytest.fixture
def eval_set(tmp_path: Path) -> Path:
    return write_eval_set(tmp_path / "toy")


class FakeBackend:
    """Cites the first sentence of every article, verbatim."""

    name = "fake"

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls = 0

    async def summarize(self, corpus: Corpus, options: Any, progress: Any = None) -> ClusterSummary:
        self.calls += 1
        if self.fail:
            raise ModelError("the model went away")
        sentences = [
            SummarySentence(
                text=segmented.sentences[0].text, citations=[corpus.cite(segmented.sentences[0].id)]
            )
            for segmented in corpus.articles
        ]
        return ClusterSummary(
            cluster_id=corpus.cluster_id, sentences=sentences, prompt_versions={"fake": "1"}
        )


class JudgingBackend(FakeBackend):
    async def judge_facts(self, summary_text: str, facts: list[Fact]) -> list[JudgeVerdict]:
        return [
            JudgeVerdict(fact_id=fact.id, covered=fact.id == "F1", reason="toy") for fact in facts
        ]


# --- dataset ----------------------------------------------------------------------------


def test_load_eval_set_reads_cluster_and_labels(eval_set: Path) -> None:
    loaded = load_eval_set(eval_set)
    assert loaded.id == "toy"
    assert [fact.id for fact in loaded.labels.core_facts] == ["F1", "F2"]


def test_bad_labels_name_the_file_and_the_problem(eval_set: Path) -> None:
    (eval_set / "labels.json").write_text('{"facts": [{"id": "F1"}]}', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_eval_set(eval_set)
    assert "labels.json" in str(caught.value)
    assert "facts.0" in str(caught.value)


def test_discover_takes_a_set_or_finds_sets_below_a_parent(tmp_path: Path) -> None:
    first = write_eval_set(tmp_path / "all" / "a")
    second = write_eval_set(tmp_path / "all" / "group" / "b")
    assert discover([first]) == [first]
    assert discover([tmp_path / "all"]) == [first, second]
    with pytest.raises(InputError, match="no eval set"):
        discover([tmp_path / "all" / "a" / "articles"])


# --- summaries and baselines ------------------------------------------------------------


def test_read_summary_accepts_our_own_json_output(tmp_path: Path, eval_set: Path) -> None:
    corpus = build_corpus(eval_set)
    summary = lead_baseline(corpus, 40)
    path = tmp_path / "summary.json"
    path.write_text(summary.model_dump_json(), encoding="utf-8")  # computed fields included
    loaded = read_summary(path)
    assert loaded.summary is not None
    assert [s.text for s in loaded.sentences] == [s.text for s in summary.sentences]
    assert loaded.sentences[0].citations[0].article_id == "alpha"


def test_read_summary_refuses_json_that_is_not_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "summary.json"
    path.write_text('{"sentences": "no"}', encoding="utf-8")
    with pytest.raises(InputError, match=r"summary\.json"):
        read_summary(path)


def test_lead_baseline_takes_sentences_round_robin_within_the_budget(eval_set: Path) -> None:
    corpus = build_corpus(eval_set)
    order = [sentence.id for sentence in round_robin(corpus)]
    assert order == ["alpha:1", "beta:1", "alpha:2", "beta:2", "alpha:3"]
    lead = lead_baseline(corpus, 30)
    assert [s.citations[0].sentence_id for s in lead.sentences] == ["alpha:1", "beta:1"]
    assert lead.words <= 30


# --- runner -----------------------------------------------------------------------------


def test_run_eval_scores_the_system_and_the_lead_baseline(eval_set: Path) -> None:
    backend = FakeBackend()
    report = runner.run_eval([eval_set], backend=backend)
    result = report.clusters[0]
    assert backend.calls == 1
    assert result.max_words == 40
    assert result.metrics["citation_validity"] == 1.0
    assert result.metrics["source_coverage"] == 1.0
    assert result.metrics["core_fact_recall"] == 0.5  # F1 yes, F2 (talks) no
    assert result.metrics["contested_attribution"] == 1.0
    assert [hit.fact_id for hit in result.facts if hit.matched] == ["F1"]
    assert result.facts[0].sentences[0].index == 0
    assert result.baselines["lead"]["words"] is not None
    assert result.summary is not None and result.summary["cluster_id"] == "toy"
    assert report.prompt_versions == {"fake": "1"}
    assert report.mean["core_fact_recall"] == 0.5
    assert result.timings.summarize_s >= 0 and report.wall_s > 0


def test_run_eval_records_a_failing_cluster_and_goes_on(tmp_path: Path) -> None:
    write_eval_set(tmp_path / "a", "a")
    write_eval_set(tmp_path / "b", "b")
    report = runner.run_eval([tmp_path], backend=FakeBackend(fail=True))
    assert [result.error for result in report.clusters] == ["the model went away"] * 2
    assert report.errors[0].startswith("a: ")
    assert report.mean["core_fact_recall"] is None
    assert report.clusters[0].baselines["lead"]["words"] is not None


def test_max_words_overrides_the_labels_budget(eval_set: Path) -> None:
    report = runner.run_eval([eval_set], backend=FakeBackend(), max_words=25)
    assert report.clusters[0].max_words == 25
    assert report.clusters[0].baselines["lead"]["words"] <= 25  # type: ignore[operator]


def test_previous_report_is_shown_beside_the_run(eval_set: Path) -> None:
    first = runner.run_eval([eval_set], backend=FakeBackend())
    second = runner.run_eval([eval_set], backend=FakeBackend(), previous_report=first)
    assert second.clusters[0].baselines["previous"] == first.clusters[0].metrics
    assert second.baselines_mean["previous"]["fact_recall"] == first.mean["fact_recall"]


def test_judge_is_reported_beside_the_lexical_metrics(eval_set: Path) -> None:
    report = runner.run_eval([eval_set], backend=JudgingBackend(), judge=True)
    judge = report.clusters[0].judge
    assert judge is not None and judge.core_fact_recall == 0.5
    assert report.clusters[0].metrics["core_fact_recall"] == 0.5  # still there
    assert report.judge_mean == {"core_fact_recall": 0.5, "fact_recall": pytest.approx(1 / 3)}


def test_judge_is_skipped_with_a_note_when_the_backend_has_none(eval_set: Path) -> None:
    report = runner.run_eval([eval_set], backend=FakeBackend(), judge=True)
    assert report.clusters[0].judge is None
    assert report.judge_note is not None and "no judge" in report.judge_note


def test_labels_for_another_cluster_are_refused(eval_set: Path) -> None:
    labels = json.loads((eval_set / "labels.json").read_text(encoding="utf-8"))
    (eval_set / "labels.json").write_text(
        json.dumps({**labels, "cluster": "other"}), encoding="utf-8"
    )
    with pytest.raises(InputError, match="other"):
        runner.run_eval([eval_set], backend=FakeBackend())


# --- report and compare -----------------------------------------------------------------


def test_report_round_trips_through_json(tmp_path: Path, eval_set: Path) -> None:
    report = runner.run_eval([eval_set], backend=FakeBackend())
    path = tmp_path / "report.json"
    report_module.write_report(report, path)
    assert load_report(path) == report


def test_versus_lead_is_a_ratio_for_shares_and_a_difference_for_counts() -> None:
    assert report_module.versus("fact_recall", 0.6, 0.4) == "×1.50"
    assert report_module.versus("loaded_terms_own_voice", 0, 6) == "-6"
    assert report_module.versus("fact_recall", 0.6, 0.0) == "—"


def test_compare_reports_better_worse_and_facts_gained_and_lost(eval_set: Path) -> None:
    old = runner.run_eval([eval_set], backend=FakeBackend())
    new = old.model_copy(deep=True)
    result = new.clusters[0]
    result.metrics["fact_recall"] = 1.0
    result.metrics["loaded_terms_own_voice"] = 2
    result.facts[0].sentences = []
    result.facts[1].sentences = [SentenceRef(index=0, text="Talks on Friday.")]
    comparison = compare(old, new)
    verdicts = {change.metric: change.verdict for change in comparison.metrics}
    assert verdicts["fact_recall"] == "better"
    assert verdicts["loaded_terms_own_voice"] == "worse"
    assert verdicts["citation_validity"] == "same"
    assert [(f.fact_id, f.change) for f in comparison.facts] == [("F1", "lost"), ("F2", "gained")]


def test_compare_means_only_the_clusters_both_reports_hold(eval_set: Path) -> None:
    old = runner.run_eval([eval_set], backend=FakeBackend())
    extra = old.clusters[0].model_copy(deep=True)
    extra.cluster_id = "only-new"
    extra.metrics["core_fact_recall"] = 0.0
    second = old.clusters[0].model_copy(deep=True)
    second.cluster_id = "second"
    old.clusters.append(second.model_copy(deep=True))
    new = old.model_copy(deep=True)
    new.clusters.append(extra)
    new.mean = report_module.mean_metrics(result.metrics for result in new.clusters)
    comparison = compare(old, new)
    mean = {c.metric: c.verdict for c in comparison.metrics if c.cluster_id == "(mean)"}
    assert mean["core_fact_recall"] == "same"
    assert comparison.only_new == ["only-new"]


# --- command line -----------------------------------------------------------------------


@pytest.fixture
def fake_backend(monkeypatch: pytest.MonkeyPatch) -> FakeBackend:
    backend = FakeBackend()
    monkeypatch.setattr(runner, "get_backend", lambda name, **settings: backend)
    return backend


def test_cli_runs_the_eval_on_paths_and_writes_the_report(
    tmp_path: Path, eval_set: Path, fake_backend: FakeBackend
) -> None:
    out = tmp_path / "report.json"
    result = CliRunner().invoke(eval_group, [str(eval_set), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "core_fact_recall" in result.stdout and "vs lead" in result.stdout
    assert EvalReport.model_validate_json(out.read_text(encoding="utf-8")).backend == "fake"
    assert fake_backend.calls == 1


def test_cli_fail_under_and_fail_over_exit_1_with_one_line_each(
    eval_set: Path, fake_backend: FakeBackend
) -> None:
    result = CliRunner().invoke(
        eval_group,
        [
            str(eval_set),
            "--fail-under",
            "core_fact_recall=0.9",
            "--fail-over",
            "words=5",
            "--fail-under",
            "citation_validity=1",
        ],
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "mean core_fact_recall = 0.5 is under 0.9",
        "mean words = 22 is over 5",
    ]


def test_cli_refuses_an_unknown_metric_as_a_usage_error(
    eval_set: Path, fake_backend: FakeBackend
) -> None:
    result = CliRunner().invoke(eval_group, [str(eval_set), "--fail-under", "recall=1"])
    assert result.exit_code == 2
    assert "not a metric" in result.stderr
    assert fake_backend.calls == 0


def test_cli_score_scores_a_plain_text_summary(tmp_path: Path, eval_set: Path) -> None:
    summary = tmp_path / "summary.txt"
    summary.write_text("Officials said ten soldiers were killed. Rescue teams came.", "utf-8")
    out = tmp_path / "score.json"
    result = CliRunner().invoke(
        eval_group,
        ["score", str(summary), "--labels", str(eval_set / "labels.json"), "--json", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "fact_recall" in result.stdout
    metrics = json.loads(out.read_text(encoding="utf-8"))["metrics"]
    assert metrics["fact_recall"] == pytest.approx(2 / 3)
    assert metrics["uncited_sentences"] == 2 and metrics["citation_validity"] is None


def test_cli_score_reports_a_missing_file_on_one_line(tmp_path: Path, eval_set: Path) -> None:
    result = CliRunner().invoke(
        eval_group, ["score", str(tmp_path / "none.txt"), "--labels", str(eval_set / "labels.json")]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("none.txt: no such file")


def test_cli_compare_prints_the_verdicts(tmp_path: Path, eval_set: Path) -> None:
    old = runner.run_eval([eval_set], backend=FakeBackend())
    new = old.model_copy(deep=True)
    new.clusters[0].metrics["fact_recall"] = 1.0
    report_module.write_report(old, tmp_path / "old.json")
    report_module.write_report(new, tmp_path / "new.json")
    result = CliRunner().invoke(
        eval_group, ["compare", str(tmp_path / "old.json"), str(tmp_path / "new.json")]
    )
    assert result.exit_code == 0, result.output
    assert "better" in result.stdout and "1 better, 0 worse" in result.stdout


def test_cli_without_arguments_shows_help() -> None:
    result = CliRunner().invoke(eval_group, [])
    assert result.exit_code == 0
    assert "score" in result.stdout and "compare" in result.stdout


# --- the reference figures through the command line -------------------------------------


@pytest.mark.skipif(not IDLIB.is_dir(), reason="../shared/evals is not here")
def test_cli_score_reproduces_the_reference_figures(tmp_path: Path) -> None:
    out = tmp_path / "score.json"
    result = CliRunner().invoke(
        eval_group,
        [
            "score",
            str(IDLIB / "reference" / "lead-2.txt"),
            "--labels",
            str(IDLIB / "labels.json"),
            "--json",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads(out.read_text(encoding="utf-8"))["metrics"]
    assert metrics["words"] == 383
    assert round(metrics["core_fact_recall"], 3) == 0.533
    assert round(metrics["fact_recall"], 3) == 0.433
    assert metrics["loaded_terms_own_voice"] == 6
    assert metrics["source_coverage"] == 0.0
    assert "F01 F08 F10 F12 F16 F18 F19" in result.stdout


def test_cli_prints_the_judge_beside_the_lexical_table(
    eval_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "get_backend", lambda name, **settings: JudgingBackend())
    result = CliRunner().invoke(eval_group, [str(eval_set), "--judge"])
    assert result.exit_code == 0, result.output
    assert "judge (semantic, beside the lexical figures): core_fact_recall 0.500" in result.stdout
    assert "core_fact_recall" in result.stdout.split("judge")[0]


def test_cli_says_on_stderr_when_the_backend_has_no_judge(
    eval_set: Path, fake_backend: FakeBackend
) -> None:
    result = CliRunner().invoke(eval_group, [str(eval_set), "--judge"])
    assert result.exit_code == 0
    assert "has no judge" in result.stderr
