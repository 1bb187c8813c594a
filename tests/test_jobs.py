"""Workers over the store: real worker processes racing and dying, cancellation,
webhooks, restarts and stories. No wall-clock assertions: every wait is a bounded
loop that stops by itself."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from postgres_server import postgres_server, postgres_url

from summarizer.backends import BackendSpec, ProgressCallback, register_backend
from summarizer.backends.extractive import ExtractiveBackend
from summarizer.jobs import (
    SIGNATURE_HEADER,
    Worker,
    changed_figures,
    deliver,
    drain,
    story_request,
    summarize_with,
    verify_signature,
)
from summarizer.models import ArticleInput, ClusterSummary, Corpus, SummaryOptions
from summarizer.models.jobs import SummarizeRequest
from summarizer.settings import ExtractiveSettings
from summarizer.store import Store, open_store

__all__ = ["postgres_server", "postgres_url"]  # the fixtures, imported for pytest

TESTS = Path(__file__).parent
STEP_S = 0.05
STEPS = 2400  # two minutes at most for anything the tests wait for
HOUR = 3600.0  # how far off a worker machine's clock is, in the tests of the database's clock


def cluster(cluster_id: str, text: str | None = None) -> dict[str, Any]:
    return {
        "id": cluster_id,
        "articles": [
            {
                "id": "ledger",
                "outlet": "Ledger",
                "text": text
                or "The council approved the new bridge on Monday. It will cost 4 million euros, "
                "the mayor said.",
            },
            {
                "id": "voice",
                "outlet": "Voice",
                "text": "Residents said the bridge was too expensive. The council voted 7 to 2.",
            },
        ],
    }


def wait_until(check: Callable[[], bool], what: str) -> None:
    for _ in range(STEPS):
        if check():
            return
        time.sleep(STEP_S)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def skewed(seconds: float) -> list[str]:
    """``python tests/worker_process.py`` with ``time.time`` ``seconds`` off: a worker
    on a machine whose clock is wrong (the database's clock is left as it is)."""
    script = (
        "import runpy, time\n"
        f"real, skew = time.time, {seconds!r}\n"
        "time.time = lambda: real() + skew\n"
        f"runpy.run_path({str(TESTS / 'worker_process.py')!r}, run_name='__main__')\n"
    )
    return [sys.executable, "-c", script]


class WorkerProcess:
    """``tests/worker_process.py``: a real ``summarizer worker`` with test backends,
    its clock ``clock_s`` off."""

    def __init__(
        self, url: str, log: Path, *args: str, hold: Path | None = None, clock_s: float = 0.0
    ) -> None:
        env = {**os.environ, "SLOW_HOLD": str(hold) if hold else ""}
        program = skewed(clock_s) if clock_s else [sys.executable, str(TESTS / "worker_process.py")]
        command = [*program, str(log), "--db", url]
        self.process = subprocess.Popen(
            [*command, "--poll", "0.02", *args],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stderr is not None
        ready = self.process.stderr.readline()  # "<worker id>: running jobs from ..."
        if "running jobs from" not in ready:
            self.process.kill()
            raise AssertionError(ready + self.process.stderr.read())

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=120)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=60)


def runs(log: Path) -> list[tuple[int, str]]:
    if not log.exists():
        return []
    return [
        (int(pid), name)
        for pid, name in (line.split() for line in log.read_text().split("\n") if line)
    ]


def test_two_worker_processes_race_for_50_jobs_and_do_each_once(
    store: Store, store_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "runs.log"
    workers = [WorkerProcess(store_url, log), WorkerProcess(store_url, log)]
    try:
        ids = [
            store.create_job(SummarizeRequest(cluster=cluster(f"c{n}"), backend="counting")).id
            for n in range(50)
        ]
        wait_until(lambda: store.job_counts()["done"] == 50, "50 jobs done")
    finally:
        codes = [worker.stop() for worker in workers]
    assert codes == [0, 0]
    jobs = [store.get_job(job_id) for job_id in ids]
    assert all(job is not None and job.status == "done" and job.attempts == 1 for job in jobs)
    done = runs(log)
    assert Counter(name for _, name in done) == Counter(f"c{n}" for n in range(50))
    assert {pid for pid, _ in done} == {worker.pid for worker in workers}  # both raced


@pytest.mark.parametrize(
    ("doomed_clock_s", "survivor_clock_s"),
    [(0.0, 0.0), (HOUR, -HOUR)],
    ids=["same clocks", "a dead worker ahead, the survivor behind"],
)
def test_a_worker_killed_mid_job_leaves_it_to_the_other(
    store: Store, store_url: str, tmp_path: Path, doomed_clock_s: float, survivor_clock_s: float
) -> None:
    """Also when the dead worker's clock ran an hour ahead and the survivor's runs an hour
    behind: its last lease ran out a second later by the database's clock."""
    log, hold = tmp_path / "runs.log", tmp_path / "hold"
    hold.touch()
    doomed = WorkerProcess(store_url, log, "--lease", "1", hold=hold, clock_s=doomed_clock_s)
    job = store.create_job(SummarizeRequest(cluster=cluster("held"), backend="slow"))

    def running() -> bool:
        current = store.get_job(job.id)
        return current is not None and current.status == "running" and bool(runs(log))

    wait_until(running, "the job to start on the first worker")
    doomed.kill()  # SIGKILL: no goodbye, the lease just stops being renewed
    survivor = WorkerProcess(store_url, log, "--lease", "1", clock_s=survivor_clock_s)
    try:
        wait_until(lambda: store.job_counts()["done"] == 1, "the job done by the survivor")
    finally:
        survivor.stop()
    finished = store.get_job(job.id)
    assert finished is not None and finished.status == "done" and finished.attempts == 2
    assert finished.result is not None and finished.result.sentences
    assert [pid for pid, _ in runs(log)] == [doomed.pid, survivor.pid]


def test_a_worker_whose_clock_runs_ahead_takes_no_live_job(
    store: Store, store_url: str, tmp_path: Path
) -> None:
    log, hold = tmp_path / "runs.log", tmp_path / "hold"
    hold.touch()
    holder = WorkerProcess(store_url, log, hold=hold)  # the default 30 s lease, renewed
    held = store.create_job(SummarizeRequest(cluster=cluster("held"), backend="slow"))
    wait_until(lambda: bool(runs(log)), "the job to start on the first worker")
    ahead = WorkerProcess(store_url, log, clock_s=HOUR)
    try:
        later = store.create_job(SummarizeRequest(cluster=cluster("later"), backend="counting"))
        wait_until(lambda: store.job_counts()["done"] == 1, "the later job done")
        hold.unlink()
        wait_until(lambda: store.job_counts()["done"] == 2, "the held job done")
    finally:
        codes = [ahead.stop(), holder.stop()]
    assert codes == [0, 0]
    finished = store.get_job(held.id)
    assert finished is not None and finished.status == "done" and finished.attempts == 1
    assert runs(log) == [(holder.pid, "held"), (ahead.pid, "later")]
    done_later = store.get_job(later.id)
    assert done_later is not None and done_later.attempts == 1


def test_a_job_accepted_before_a_crash_is_finished_after_it(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    script = (
        "import sys, time\n"
        "from summarizer.store import open_store\n"
        "from summarizer.models.jobs import SummarizeRequest\n"
        "store = open_store(sys.argv[1])\n"
        f"job = store.create_job(SummarizeRequest(cluster={cluster('crash')!r}))\n"
        "print(job.id, flush=True)\n"
        "time.sleep(600)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    job_id = process.stdout.readline().strip()
    process.kill()  # the accepting process dies without closing anything
    process.wait(timeout=60)
    with open_store(path) as store:
        assert asyncio.run(drain(Worker(store, summarize_with(store)))) == 1
        finished = store.get_job(job_id)
    assert finished is not None and finished.status == "done" and finished.result is not None


# --- cancellation --------------------------------------------------------------------


class GatedBackend:
    """Reports one stage, then waits for ``gate`` before the next."""

    name = "gated"

    def __init__(self, gate: threading.Event) -> None:
        self.gate = gate

    async def summarize(
        self, corpus: Corpus, options: SummaryOptions, progress: ProgressCallback | None = None
    ) -> ClusterSummary:
        assert progress is not None
        progress("digest", 1, 2)
        for _ in range(STEPS):
            if self.gate.is_set():
                break
            await asyncio.sleep(STEP_S)
        progress("digest", 2, 2)
        return await ExtractiveBackend().summarize(corpus, options, progress)


def test_a_cancel_is_honoured_between_stages(store: Store) -> None:
    gate = threading.Event()
    register_backend(BackendSpec("gated", ExtractiveSettings, lambda: lambda _: GatedBackend(gate)))
    job = store.create_job(SummarizeRequest(cluster=cluster("gated"), backend="gated"))
    worker = Worker(store, summarize_with(store), lease_s=30)

    def cancel_mid_job() -> None:
        wait_until(lambda: (store.get_job(job.id) or job).progress.done == 1, "the first stage")
        store.cancel_job(job.id)
        gate.set()

    canceller = threading.Thread(target=cancel_mid_job)
    canceller.start()
    finished = asyncio.run(worker.run_one())
    canceller.join()
    assert finished is not None and finished.status == "cancelled" and finished.result is None
    assert finished.progress.done == 1


# --- webhooks ------------------------------------------------------------------------


class Receiver:
    """A webhook receiver over real HTTP: answers ``statuses`` in turn, then 200."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.received.append((dict(self.headers.items()), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_the_webhook_is_signed_retried_and_sent_once(store: Store) -> None:
    receiver = Receiver(503)
    try:
        job = store.create_job(SummarizeRequest(cluster=cluster("hook")), callback_url=receiver.url)
        worker = Worker(store, summarize_with(store), webhook_secret="s3cret")
        asyncio.run(drain(worker))
        assert not asyncio.run(deliver(store, job.id, secret="s3cret"))  # sent already
    finally:
        receiver.close()
    assert len(receiver.received) == 2  # a 503, then the delivery
    headers, body = receiver.received[-1]
    assert verify_signature(body, "s3cret", headers[SIGNATURE_HEADER])
    assert not verify_signature(body + b" ", "s3cret", headers[SIGNATURE_HEADER])
    sent = json.loads(body)
    assert sent["id"] == job.id and sent["status"] == "done" and sent["result"]["sentences"]
    final = store.get_job(job.id)
    assert final is not None and final.delivery is not None
    assert final.delivery.status == "delivered" and final.delivery.attempts == 2


def test_a_webhook_that_is_refused_is_recorded_not_retried(store: Store) -> None:
    receiver = Receiver(404)
    try:
        job = store.create_job(SummarizeRequest(cluster=cluster("gone")), callback_url=receiver.url)
        asyncio.run(drain(Worker(store, summarize_with(store))))
    finally:
        receiver.close()
    assert len(receiver.received) == 1
    final = store.get_job(job.id)
    assert final is not None and final.delivery is not None
    assert final.delivery.status == "failed" and final.delivery.status_code == 404
    assert SIGNATURE_HEADER not in receiver.received[0][0]  # no secret: unsigned


# --- stories -------------------------------------------------------------------------


def summarise_story(store: Store, story_id: str) -> None:
    story = store.story(story_id)
    request = story_request(store, story_id)
    assert story is not None and request is not None
    store.create_job(request, story_id=story_id, story_revision=story.revision)
    asyncio.run(drain(Worker(store, summarize_with(store))))


def test_a_growing_story_gets_versions_with_what_changed(store: Store) -> None:
    for article in cluster("dam")["articles"]:
        store.put_article("dam", article["id"], ArticleInput.model_validate(article))
    summarise_story(store, "dam")
    first = store.latest_story_version("dam")
    assert first is not None and first.version == 1 and first.revision == 2
    assert first.changes.sentences_added == [s.text for s in first.summary.sentences]
    assert first.changes.articles_added == ["ledger", "voice"]
    store.put_article(
        "dam",
        "ledger",
        ArticleInput(
            outlet="Ledger",
            text="The council approved the new bridge on Monday. It will cost 6 million euros, "
            "the mayor said.",
        ),
    )
    store.put_article(
        "dam", "herald", ArticleInput(outlet="Herald", text="Work on the bridge starts in May.")
    )
    summarise_story(store, "dam")
    second = store.latest_story_version("dam")
    assert second is not None and second.version == 2 and second.revision == 4
    assert second.changes.articles_changed == ["ledger"]
    assert second.changes.articles_added == ["herald"]
    texts = [s.text for s in second.summary.sentences]
    assert set(second.changes.sentences_added) <= set(texts)
    assert not set(second.changes.sentences_dropped) & set(texts)


def test_changed_figures_pair_a_sentence_with_its_new_numbers() -> None:
    dropped = ["The toll rose to 12, officials said.", "The mayor resigned."]
    added = ["The toll rose to 15, officials said.", "Rain is forecast."]
    [change] = changed_figures(dropped, added)
    assert (change.before, change.after) == (dropped[0], added[0])
    assert (change.old, change.new) == (["12"], ["15"])
    assert changed_figures(["Turnout was 40%."], ["A wholly different 41% sentence here."]) == []
