"""Benchmark of the eval harness (not a test). Run: .venv/bin/python bench/bench_eval.py

(a) scoring speed: 100 cluster outputs scored (the lead baseline of the cluster, scored
    100 times with the scorer built once per cluster, as the runner does); target < 5 s.
(b) harness overhead: a full eval run against the time spent summarising. Building the
    backend, reading and segmenting a cluster count as summarising (``summarize`` does
    them itself); what is left (finding and loading labels, the lead baseline, scoring,
    assembling the report) is the overhead; target < 5 %.

Uses ../shared/evals/idlib-2020 when present, else a small synthetic eval set.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from summarizer.api import build_corpus
from summarizer.evals.baselines import lead_baseline
from summarizer.evals.dataset import load_eval_set
from summarizer.evals.runner import run_eval
from summarizer.evals.scorer import from_cluster_summary, make_scorer

SHARED_SET = Path(__file__).resolve().parents[1].parent / "shared" / "evals" / "idlib-2020"
OUTPUTS = 100
RUNS = 3


def synthetic_eval_set(folder: Path) -> Path:
    """Five articles of twelve plain sentences each, and labels for thirty facts."""
    (folder / "articles").mkdir(parents=True)
    articles = []
    for number in range(5):
        text = "\n\n".join(
            f"Officials in town {number} said {line} soldiers were killed near post {line}."
            for line in range(12)
        )
        (folder / "articles" / f"a{number}.txt").write_text(text + "\n", encoding="utf-8")
        articles.append({"id": f"a{number}", "file": f"articles/a{number}.txt"})
    facts = [
        {
            "id": f"F{n}",
            "importance": "core" if n < 10 else "supporting",
            "keys": [[str(n % 12)], ["soldier"], ["kill"]],
        }
        for n in range(30)
    ]
    labels = {
        "cluster": "synthetic",
        "max_words": 250,
        "facts": facts,
        "loaded_terms": [{"term": "regime", "prefixes": ["regime"]}],
    }
    (folder / "cluster.json").write_text(
        json.dumps({"id": "synthetic", "articles": articles}), encoding="utf-8"
    )
    (folder / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    return folder


def bench_scoring(folder: Path) -> float:
    eval_set = load_eval_set(folder)
    corpus = build_corpus(folder)
    output = from_cluster_summary(lead_baseline(corpus, eval_set.labels.max_words))
    started = time.perf_counter()
    scorer = make_scorer(eval_set.labels, corpus)
    for _ in range(OUTPUTS):
        scorer(output)
    return time.perf_counter() - started


def bench_overhead(folder: Path) -> tuple[float, float]:
    total = summarising = 0.0
    for _ in range(RUNS):
        report = run_eval([folder])
        total += report.wall_s
        summarising += report.setup_s + sum(
            result.timings.prepare_s + result.timings.summarize_s for result in report.clusters
        )
    return total / RUNS, summarising / RUNS


def main() -> int:
    with tempfile.TemporaryDirectory() as temporary:
        folder = SHARED_SET if SHARED_SET.is_dir() else synthetic_eval_set(Path(temporary) / "s")
        print(f"eval set: {folder}")
        scoring_s = bench_scoring(folder)
        verdict = "ok" if scoring_s < 5 else "TOO SLOW"
        print(
            f"(a) scoring {OUTPUTS} outputs: {scoring_s:.3f} s "
            f"({scoring_s / OUTPUTS * 1000:.2f} ms each; target < 5 s: {verdict})"
        )
        total_s, summarising_s = bench_overhead(folder)
        overhead = (total_s - summarising_s) / total_s if total_s else 0.0
        print(
            f"(b) full eval run {total_s:.3f} s | inside the summariser {summarising_s:.3f} s | "
            f"harness overhead {total_s - summarising_s:.3f} s = {overhead:.1%} "
            f"(mean of {RUNS} runs; target < 5 %: {'ok' if overhead < 0.05 else 'OVER'})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
