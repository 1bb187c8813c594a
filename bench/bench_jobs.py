"""Measure the job queue: jobs per second through it with the extractive backend, on
SQLite and on PostgreSQL, with one and two ``summarizer worker`` processes; the
per-job overhead against a direct ``summarize`` call; the latency of a model-call
cache hit; and the model calls that adding one article to a five-article story costs
(the fake OpenAI server over real HTTP counts them).

PostgreSQL is a real server started for the run (tests/postgres_server.py: Debian's
binaries, a temporary directory, an unprivileged user). Printed side by side with
ratios. Not a test: numbers vary by machine.

    python bench/bench_jobs.py [--jobs 60]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_openai import FakeOpenAI  # noqa: E402
from model_script import is_digest, scripted_model, story_articles  # noqa: E402
from postgres_server import PostgresServer, _run_as, free_port, postgres_bin  # noqa: E402

from summarizer.api import asummarize, summarize  # noqa: E402
from summarizer.jobs import Worker, drain, story_request, summarize_with  # noqa: E402
from summarizer.models import ArticleInput  # noqa: E402
from summarizer.models.jobs import SummarizeRequest  # noqa: E402
from summarizer.store import MemoryCache, Store, StoreCache, open_store  # noqa: E402

STEP_S = 0.01


def tiny_cluster(n: int) -> dict[str, Any]:
    return {
        "id": f"bench-{n}",
        "articles": [
            {
                "id": "ledger",
                "outlet": "Ledger",
                "text": f"The council approved bridge number {n} on Monday. It will cost "
                f"{n + 3} million euros, the mayor said.",
            },
            {
                "id": "voice",
                "outlet": "Voice",
                "text": "Residents said the bridge was too expensive. The council voted 7 to 2.",
            },
        ],
    }


@contextmanager
def postgres() -> Iterator[PostgresServer]:
    run_as, uid = _run_as()
    root = Path(tempfile.mkdtemp(prefix="summarizer-pg-bench-"))
    if uid is not None:
        os.chown(root, uid, -1)
    server = PostgresServer(postgres_bin(), root, free_port(), run_as)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def start_worker(url: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "summarizer", "worker", "--db", url, "--poll", "0.01"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    ready = process.stderr.readline()
    if "running jobs from" not in ready:
        raise SystemExit(f"the worker did not start: {ready}{process.stderr.read()}")
    return process


def through_the_queue(url: str, workers: int, jobs: int) -> float:
    """Seconds from queueing ``jobs`` jobs to the last one done, ``workers`` processes."""
    with open_store(url) as store:
        processes = [start_worker(url) for _ in range(workers)]
        try:
            requests = [SummarizeRequest(cluster=tiny_cluster(n)) for n in range(jobs)]
            started = time.perf_counter()
            for request in requests:
                store.create_job(request)
            while store.job_counts()["done"] < jobs:
                time.sleep(STEP_S)
            return time.perf_counter() - started
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                process.wait(timeout=120)


def direct(jobs: int) -> float:
    summarize(tiny_cluster(-1))  # imports and warm-up, as a worker has them
    started = time.perf_counter()
    for n in range(jobs):
        summarize(tiny_cluster(n))
    return time.perf_counter() - started


def in_process_queue(store: Store, jobs: int) -> float:
    """One in-process worker: the queue's own cost, without process start or polling."""
    worker = Worker(store, summarize_with(store))
    for n in range(jobs):
        store.create_job(SummarizeRequest(cluster=tiny_cluster(n)))
    started = time.perf_counter()
    asyncio.run(drain(worker))
    return time.perf_counter() - started


def cache_latency(server: FakeOpenAI, store: Store) -> tuple[float, float, float]:
    """A model run (miss), the same run served from the cache (hit), and one lookup."""
    cluster = {"id": "flood", "articles": story_articles(5)}
    settings = {"backend": "openai", "model": "fake-model", "base_url": server.base_url}
    server.add(*[scripted_model] * 6)
    cache = StoreCache(store)
    started = time.perf_counter()
    asyncio.run(asummarize(cluster, cache=cache, **settings))
    miss = time.perf_counter() - started
    started = time.perf_counter()
    asyncio.run(asummarize(cluster, cache=cache, **settings))
    hit = time.perf_counter() - started
    store.cache_put("probe", "{}")
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        store.cache_get("probe")
    return miss, hit, (time.perf_counter() - started) / rounds


def story_cost(server: FakeOpenAI, store: Store) -> tuple[int, int, int]:
    """Model calls for a five-article story, then after one article more (digests,
    reduce), through the worker and the store's cache."""
    server.add(*[scripted_model] * 20)
    settings = {"model": "fake-model", "base_url": server.base_url}
    worker = Worker(store, summarize_with(store, backend_settings=settings))
    articles = story_articles(6)

    def run() -> None:
        story = store.story("flood")
        request = story_request(store, "flood", backend="openai")
        assert story is not None and request is not None
        store.create_job(request, story_id="flood", story_revision=story.revision)
        asyncio.run(drain(worker))

    for article in articles[:5]:
        store.put_article("flood", article["id"], ArticleInput.model_validate(article))
    run()
    first = len(server.requests)
    store.put_article("flood", articles[5]["id"], ArticleInput.model_validate(articles[5]))
    run()
    added = server.requests[first:]
    return first, sum(map(is_digest, added)), sum(not is_digest(r) for r in added)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=60)
    jobs = parser.parse_args().jobs
    folder = Path(tempfile.mkdtemp(prefix="summarizer-bench-"))
    rates: dict[tuple[str, int], float] = {}
    with postgres() as server:
        urls = {"sqlite": lambda n: str(folder / f"queue-{n}.db"), "postgres": None}
        for backend in ("sqlite", "postgres"):
            for workers in (1, 2):
                url = (
                    urls["sqlite"](workers)  # type: ignore[operator]
                    if backend == "sqlite"
                    else server.create_database()
                )
                rates[(backend, workers)] = jobs / through_the_queue(url, workers, jobs)
        with open_store(folder / "overhead.db") as store:
            direct_s = direct(jobs) / jobs
            queued_s = in_process_queue(store, jobs) / jobs
    fake = FakeOpenAI().start()
    try:
        with open_store(folder / "cache.db") as store:
            miss, hit, lookup = cache_latency(fake, store)
        fake.requests.clear()
        with open_store(folder / "story.db") as store:
            first_calls, digests, reduces = story_cost(fake, store)
    finally:
        fake.stop()
    shutil.rmtree(folder, ignore_errors=True)
    _ = MemoryCache  # the in-memory cache is the tests'; the bench uses the store's

    print(f"Jobs per second through the queue ({jobs} tiny jobs, extractive backend)")
    print(f"{'store':<10}{'1 worker':>12}{'2 workers':>12}{'2 / 1':>8}")
    for backend in ("sqlite", "postgres"):
        one, two = rates[(backend, 1)], rates[(backend, 2)]
        print(f"{backend:<10}{one:>12.1f}{two:>12.1f}{two / one:>8.2f}")
    ratio = rates[("postgres", 1)] / rates[("sqlite", 1)]
    print(f"postgres / sqlite, 1 worker: {ratio:.2f}")
    print()
    print("Per job, in process (SQLite, one worker, no polling)")
    print(f"  direct summarize   {direct_s * 1000:8.1f} ms")
    print(f"  through the queue  {queued_s * 1000:8.1f} ms")
    overhead = queued_s - direct_s
    print(f"  overhead           {overhead * 1000:8.1f} ms  (x{queued_s / direct_s:.2f})")
    print()
    print("Model-call cache (openai backend, fake server, five articles, SQLite store)")
    print(f"  run, all misses    {miss * 1000:8.1f} ms")
    print(f"  run, all hits      {hit * 1000:8.1f} ms  (x{hit / miss:.2f})")
    print(f"  one lookup         {lookup * 1e6:8.1f} us")
    print()
    print("Model calls of a story (fake server)")
    print(f"  five articles      {first_calls:>4}  (five digests and the reduce)")
    print(f"  one article more   {digests + reduces:>4}  ({digests} digest, {reduces} reduce)")


if __name__ == "__main__":
    main()
