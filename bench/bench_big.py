"""Big stories: the offline default and the model path on clusters of many articles.

Offline: clusters of 100, 1,000 and 5,000 articles from ``make_big_cluster.py``, each
summarised in a fresh process (``summarizer summarize``'s path: ``api.summarize``),
its wall time and peak memory (the child's ``ru_maxrss``, from ``os.wait4``) printed
beside the figures measured before the big-story work (issue 11, 2 cores, with a
dense sentence-by-sentence matrix), and the ratio of wall time per article between
100 and 1,000 articles (1.0 is linear). Model path: ``bench_llm.py``'s fake server
(no latency), the model calls and tokens for 50, 200 and 1,000 articles with the
default ``--max-articles``. Figures are printed side by side, never asserted.

    .venv/bin/python bench/bench_big.py                 # everything
    .venv/bin/python bench/bench_big.py --sizes 100 1000 --no-model

Before (issue 11, offline default, 2 cores):

    | articles | wall   | peak memory |
    | 50       | 6.2 s  | 164 MB      |
    | 200      | 18.7 s | 400 MB      |
    | 800      | 91 s   | 4.06 GB     |
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

BEFORE = {50: (6.2, 164), 200: (18.7, 400), 800: (91.0, 4060)}  # wall s, peak MB
TARGETS = {1000: (60.0, 1024), 5000: (300.0, 2048)}


def work(folder: Path) -> dict[str, Any]:
    """In the child: one summary of the cluster at ``folder``."""
    from summarizer.api import summarize

    started = time.perf_counter()
    summary = summarize(folder)
    return {
        "wall_s": time.perf_counter() - started,
        "sentences": len(summary.sentences),
        "citations": sum(len(s.citations) for s in summary.sentences),
        "articles_cited": len({c.article_id for s in summary.sentences for c in s.citations}),
        "grouping": summary.settings.get("grouping"),
    }


def measure(folder: Path) -> dict[str, Any]:
    """Run ``work`` in a fresh process; its wall time and peak RSS."""
    command = [sys.executable, __file__, "--worker", str(folder)]
    if shutil.which("taskset") and (os.cpu_count() or 1) > 2:
        command = ["taskset", "-c", "0,1", *command]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    output = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"the run on {folder} failed (status {status})")
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    return {**result, "process_wall_s": wall, "peak_mb": peak}


def bench_offline(sizes: list[int], folder: Path) -> dict[int, dict[str, Any]]:
    from make_big_cluster import write_cluster

    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        cluster = write_cluster(folder / f"big-{size}", size, 28, 7)
        results[size] = measure(cluster)
        print_offline_row(size, results[size])
    return results


def print_offline_row(size: int, result: dict[str, Any]) -> None:
    wall, peak = result["process_wall_s"], result["peak_mb"]
    target = TARGETS.get(size)
    goal = f"  (target < {target[0]:g} s, < {target[1]} MB)" if target else ""
    print(
        f"  {size:>5} articles: {wall:7.1f} s wall, {peak:7.0f} MB peak, "
        f"{1000 * wall / size:6.1f} ms per article, {result['sentences']} sentences citing "
        f"{result['articles_cited']} articles{goal}",
        flush=True,
    )


def print_offline(results: dict[int, dict[str, Any]]) -> None:
    print("\nbefore (issue 11):")
    for size, (wall, peak) in BEFORE.items():
        print(f"  {size:>5} articles: {wall:7.1f} s wall, {peak:7.0f} MB peak")
    if 100 in results and 1000 in results:
        per = {size: results[size]["process_wall_s"] / size for size in (100, 1000)}
        print(f"wall per article, 1,000 / 100 articles: {per[1000] / per[100]:.2f} (1.0 is linear)")


def bench_model(sizes: list[int], folder: Path) -> None:
    from bench_llm import Latency, LatencyServer
    from make_big_cluster import write_cluster

    from summarizer.api import asummarize
    from summarizer.settings import DEFAULT_MAX_DIGESTED_ARTICLES

    print(f"\nmodel path (fake server, default --max-articles {DEFAULT_MAX_DIGESTED_ARTICLES}):")
    with LatencyServer(Latency(0.0, 0.0)) as fake:
        for size in sizes:
            fake.reset()
            cluster = write_cluster(folder / f"model-{size}", size, 28, 7)
            summary = asyncio.run(
                asummarize(
                    cluster, backend="openai", model="fake", base_url=fake.base_url, api_key="x"
                )
            )
            usage = summary.usage
            read = summary.settings.get("articles_read")
            print(
                f"  {size:>5} articles: {len(usage.calls)} model calls "
                f"({sum(c.stage.startswith('digest') for c in usage.calls)} digests), "
                f"{usage.prompt_tokens} tokens in, {usage.completion_tokens} out; read {read}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 5000])
    parser.add_argument("--model-sizes", type=int, nargs="*", default=[50, 200, 1000])
    parser.add_argument("--no-model", action="store_true", help="offline default only")
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(work(args.worker)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-big-") as temporary:
        folder = Path(temporary)
        print(f"offline default ({os.cpu_count()} cores here):")
        results = bench_offline(args.sizes, folder)
        print_offline(results)
        if not args.no_model:
            bench_model(args.model_sizes, folder)


if __name__ == "__main__":
    main()
