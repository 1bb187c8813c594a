"""Jobs, webhooks and stories over real HTTP, run by the server's in-process worker,
and a job that survives the server being killed."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from service_server import Gate, GatedBackend, free_port, running
from test_service_http import TEXTS, assert_citations_hold, cluster, without_timings

from summarizer.backends import Backend
from summarizer.service import create_app, default_backend_factory
from summarizer.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[1]
SECRET = "webhook-secret-for-tests"
POLLS = 3000  # of 0.02 s: a minute at most for anything to happen (a loaded machine)
T = TypeVar("T")


def wait_for(check: Callable[[], T | None], what: str, polls: int = POLLS) -> T:
    """Poll ``check`` until it gives something; a bounded loop."""
    for _ in range(polls):
        found = check()
        if found:
            return found
        threading.Event().wait(0.02)
    raise AssertionError(f"gave up waiting for {what}")


def job_when(
    client: httpx.Client, url: str, test: Callable[[dict[str, Any]], bool]
) -> Callable[[], dict[str, Any] | None]:
    def check() -> dict[str, Any] | None:
        job: dict[str, Any] = client.get(url).json()
        return job if test(job) else None

    return check


class Backends:
    """The server's factory: ``gated`` is the test's backend, others as usual."""

    def __init__(self, gated: GatedBackend) -> None:
        self.gated = gated

    def __call__(self, name: str, settings: dict[str, Any]) -> Backend:
        return self.gated if name == "gated" else default_backend_factory(name, settings)


@pytest.fixture
def gate() -> Gate:
    return Gate()


@pytest.fixture
def server(tmp_path: Path, gate: Gate, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A server whose default backend waits at ``gate``, with its own worker (a short
    lease: a cancel is seen at the next heartbeat)."""
    monkeypatch.setenv("SUMMARIZER_LEASE_S", "1.5")
    app = create_app(
        default_backend="gated",
        backend_factory=Backends(GatedBackend(gate)),
        settings=ServiceSettings(requests_per_minute=0, webhook_secret=SECRET),
        store=tmp_path / "summarizer.db",
        worker=True,
    )
    with running(app) as url:
        try:
            yield url
        finally:
            gate.open()  # a job still at the gate lets the worker stop


def test_job_goes_queued_running_done_with_progress_and_cited_result(
    server: str, gate: Gate
) -> None:
    with httpx.Client(base_url=server, timeout=60) as client:
        accepted = client.post("/v1/jobs", json={"cluster": cluster(), "max_words": 60})
        assert accepted.status_code == 202
        job_id = accepted.json()["id"]
        assert accepted.json() == {"id": job_id, "status": "queued"}
        location = accepted.headers["Location"]
        assert location == f"/v1/jobs/{job_id}"
        running_job = wait_for(
            job_when(client, location, lambda job: job["progress"]["done"] == 1), "running"
        )
        assert running_job["status"] == "running"
        assert running_job["progress"]["total"] == 3, running_job
        assert running_job["result"] is None
        assert client.get(location + "/result").status_code == 409
        gate.open()
        done = wait_for(job_when(client, location, lambda job: job["status"] == "done"), "done")
        assert done["progress"]["done"] == done["progress"]["total"] == 3
        assert done["error"] is None
        assert_citations_hold(done["result"])
        markdown = client.get(location + "/result", params={"format": "md"})
        assert markdown.headers["content-type"].startswith("text/markdown")
        assert markdown.text.startswith("# ")
        # The job's answer is the synchronous one.
        direct = client.post("/v1/summarize", json={"cluster": cluster(), "max_words": 60})
        assert without_timings(direct.json()) == without_timings(done["result"])


def test_cancel_a_queued_and_a_running_job(server: str) -> None:
    with httpx.Client(base_url=server, timeout=60) as client:
        first = client.post("/v1/jobs", json={"cluster": cluster()}).headers["Location"]
        wait_for(job_when(client, first, lambda job: job["status"] == "running"), "running")
        second = client.post("/v1/jobs", json={"cluster": cluster()}).headers["Location"]
        assert client.get(second).json()["status"] == "queued"
        cancelled = client.delete(second)
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
        stopping = client.delete(first).json()
        assert stopping["status"] in {"running", "cancelled"}
        ended = wait_for(job_when(client, first, lambda job: job["status"] == "cancelled"), "stop")
        assert ended["result"] is None
        assert client.delete("/v1/jobs/no-such-job").status_code == 404
        assert client.get(second).json()["status"] == "cancelled"


def test_idempotency_key_returns_the_existing_job(server: str) -> None:
    body = {"cluster": cluster(), "max_words": 80}
    key = {"Idempotency-Key": "desk-7f3a"}
    with httpx.Client(base_url=server) as client:
        first = client.post("/v1/jobs", json=body, headers=key)
        again = client.post("/v1/jobs", json=body, headers=key)
        other = client.post("/v1/jobs", json=body | {"max_words": 90}, headers=key)
        fresh = client.post("/v1/jobs", json=body)
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["Location"] == first.headers["Location"]
    assert other.status_code == 409 and other.json()["error"]["type"] == "idempotency_conflict"
    assert fresh.json()["id"] != first.json()["id"]


def test_bad_jobs_are_refused_at_once(server: str) -> None:
    with httpx.Client(base_url=server) as client:
        empty = client.post("/v1/jobs", json={"cluster": {"articles": [{"id": "a", "text": " "}]}})
        unknown = client.post("/v1/jobs", json={"cluster": cluster(), "backend": "gpt-magic"})
        bad_url = client.post("/v1/jobs", json={"cluster": cluster(), "callback_url": "ftp://x"})
    assert empty.status_code == 400 and empty.json()["error"]["type"] == "input_error"
    assert unknown.status_code == 400 and unknown.json()["error"]["type"] == "config_error"
    assert bad_url.status_code == 422


# --- the webhook --------------------------------------------------------------------------


class Receiver:
    """An HTTP server on 127.0.0.1 that records every POST."""

    def __init__(self) -> None:
        self.posts: list[tuple[dict[str, str], bytes]] = []
        posts = self.posts

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                posts.append((dict(self.headers.items()), self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hooks/summary"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiving = Receiver()
    yield receiving
    receiving.close()


def test_webhook_is_posted_once_and_signed(server: str, gate: Gate, receiver: Receiver) -> None:
    gate.open()
    with httpx.Client(base_url=server) as client:
        body = {"cluster": cluster(), "callback_url": receiver.url}
        location = client.post("/v1/jobs", json=body).headers["Location"]
        job = wait_for(
            job_when(
                client, location, lambda job: (job["delivery"] or {}).get("status") == "delivered"
            ),
            "delivery",
        )
    assert job["status"] == "done" and job["delivery"]["status_code"] == 204
    assert len(receiver.posts) == 1
    headers, raw = receiver.posts[0]
    signature = headers["X-Summarizer-Signature"]
    expected = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(signature, expected)
    sent = json.loads(raw)
    assert sent["id"] == job["id"] and sent["status"] == "done"
    assert_citations_hold(sent["result"])


# --- a story that grows -------------------------------------------------------------------


def article(name: str) -> dict[str, Any]:
    return {"outlet": name.replace("-", " ").title(), "text": TEXTS[name]}


def test_story_grows_and_its_summary_gets_a_new_version_with_changes(tmp_path: Path) -> None:
    app = create_app(
        settings=ServiceSettings(requests_per_minute=0), store=tmp_path / "s.db", worker=True
    )
    with running(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        base = "/v1/stories/mill-fire"
        assert client.get(base + "/summary").status_code == 404
        for name in ("northern-ledger", "civic-voice"):
            put = client.put(f"{base}/articles/{name}", json=article(name))
            assert put.status_code == 201 and put.json()["changed"]
        first = client.get(base + "/summary")
        assert first.status_code == 202 and first.json()["version"] is None
        assert first.headers["Location"] == f"/v1/jobs/{first.json()['job']['id']}"

        def version(number: int) -> Callable[[], dict[str, Any] | None]:
            def check() -> dict[str, Any] | None:
                answer = client.get(base + "/summary")
                body: dict[str, Any] = answer.json()
                fresh = answer.status_code == 200 and not body["stale"]
                return body if fresh and body["version"] == number else None

            return check

        v1 = wait_for(version(1), "version 1")
        assert v1["revision"] == 2 and v1["job"] is None
        assert set(v1["changes"]["articles_added"]) == {"northern-ledger", "civic-voice"}
        assert_citations_hold(v1["summary"])

        same = client.put(f"{base}/articles/civic-voice", json=article("civic-voice"))
        assert same.status_code == 200 and not same.json()["changed"]
        assert client.get(base + "/summary").json()["stale"] is False

        third = client.put(f"{base}/articles/east-herald", json=article("east-herald"))
        assert third.status_code == 201 and third.json()["revision"] == 3
        stale = client.get(base + "/summary")
        assert stale.status_code == 200
        assert stale.json()["stale"] is True and stale.json()["version"] == 1
        assert stale.json()["job"]["id"]

        v2 = wait_for(version(2), "version 2")
        assert v2["revision"] == 3
        assert v2["changes"]["articles_added"] == ["east-herald"]
        changes = v2["changes"]
        assert changes["sentences_added"] or changes["sentences_dropped"]
        cited = {c["article_id"] for s in v2["summary"]["sentences"] for c in s["citations"]}
        assert cited <= set(TEXTS)
        assert_citations_hold(v2["summary"])

        assert client.delete(f"{base}/articles/east-herald").status_code == 204
        assert client.delete(f"{base}/articles/east-herald").status_code == 404
        mismatch = client.put(f"{base}/articles/x", json=article("civic-voice") | {"id": "y"})
        assert mismatch.status_code == 400


# --- restart --------------------------------------------------------------------------------


def start_server(db: Path, gate: Path, port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {"SUMMARIZER_LEASE_S": "1", "SUMMARIZER_REQUESTS_PER_MINUTE": "0"}
    command = [
        sys.executable,
        str(ROOT / "tests" / "service_server.py"),
        "--db",
        str(db),
        "--port",
        str(port),
        "--gate",
        str(gate),
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)

    def up() -> bool:
        assert process.poll() is None, "the server process ended"
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
        except httpx.TransportError:
            return False

    wait_for(up, "the server process", polls=10 * POLLS)
    return process


def test_a_job_survives_the_server_being_killed(tmp_path: Path) -> None:
    db, gate = tmp_path / "summarizer.db", tmp_path / "gate"
    port = free_port()
    first = start_server(db, gate, port)
    try:
        url = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=url) as client:
            location = client.post("/v1/jobs", json={"cluster": cluster()}).headers["Location"]
            wait_for(job_when(client, location, lambda job: job["status"] == "running"), "run")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    gate.touch()
    port = free_port()
    second = start_server(db, gate, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            done = wait_for(job_when(client, location, lambda job: job["status"] == "done"), "done")
        assert_citations_hold(done["result"])
    finally:
        second.terminate()
        second.wait(timeout=30)
