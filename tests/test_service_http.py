"""The service over real HTTP (uvicorn on 127.0.0.1, an httpx client): access, limits,
CORS, request ids, metrics, docs, and the same answer under load."""

from __future__ import annotations

import json
import logging
import logging.config
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from service_server import running

from summarizer.service import create_app
from summarizer.service.observability import RequestIdFilter, log_config
from summarizer.settings import ServiceSettings
from summarizer.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
LEDGER = (
    "A fire broke out at the Orlen textile mill on Tuesday night, the fire service said. "
    "Two workers were taken to hospital with smoke inhalation. "
    "The mill employs 300 people, according to the company."
)
VOICE = (
    "Fire tore through the Orlen mill late on Tuesday. "
    "The union says the owners ignored warnings about faulty wiring. "
    "Police said the cause was not yet known."
)
HERALD = (
    "Firefighters fought the fire at the Orlen textile mill for six hours on Tuesday night. "
    "The owners of the Orlen mill said the wiring had passed an inspection in March. "
    "About 300 workers are employed at the mill, the owners said."
)
TEXTS = {"northern-ledger": LEDGER, "civic-voice": VOICE, "east-herald": HERALD}


def cluster() -> dict[str, Any]:
    return {
        "id": "mill-fire",
        "title": "Fire at the Orlen mill",
        "articles": [
            {"id": name, "outlet": name.replace("-", " ").title(), "text": text}
            for name, text in TEXTS.items()
        ],
    }


def without_timings(summary: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in summary.items() if key != "usage"}


def assert_citations_hold(summary: dict[str, Any]) -> None:
    assert summary["sentences"]
    for sentence in summary["sentences"]:
        assert sentence["citations"]
        for citation in sentence["citations"]:
            text = TEXTS[citation["article_id"]]
            assert text[citation["start"] : citation["end"]] == citation["quote"]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "summarizer.db"
    monkeypatch.setenv("SUMMARIZER_DATABASE_URL", str(path))
    return path


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with open_store(db) as opened:
        yield opened


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server for the tests that change nothing: no keys, no rate limit."""
    db = tmp_path_factory.mktemp("open") / "summarizer.db"
    settings = ServiceSettings(requests_per_minute=0, cors_origins=["http://desk.example"])
    with running(create_app(settings=settings, store=db)) as url:
        yield url


# --- the same answer under load -------------------------------------------------------------


def test_fifty_concurrent_identical_requests_give_one_answer(open_server: str) -> None:
    body = {"cluster": cluster(), "max_words": 60}

    def post(_: int) -> str:
        with httpx.Client(base_url=open_server, timeout=120) as client:
            response = client.post("/v1/summarize", json=body)
        assert response.status_code == 200, response.text
        return json.dumps(without_timings(response.json()), sort_keys=True)

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(post, range(50)))
    assert len(answers) == 50
    assert len(set(answers)) == 1
    assert_citations_hold(json.loads(answers[0]))


def test_processes_with_different_hash_seeds_give_one_answer(tmp_path: Path) -> None:
    path = tmp_path / "cluster.json"
    path.write_text(json.dumps(cluster()), encoding="utf-8")
    answers = set()
    for seed in ("0", "1", "4242"):
        env = os.environ | {"PYTHONHASHSEED": seed}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "summarizer",
                "summarize",
                str(path),
                "--format",
                "json",
                "--max-words",
                "60",
                "--no-progress",
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=300,
            check=True,
        )
        answers.add(json.dumps(without_timings(json.loads(done.stdout)), sort_keys=True))
    assert len(answers) == 1


# --- request ids, CORS, metrics, docs -------------------------------------------------------


def test_request_id_is_echoed_or_generated(open_server: str) -> None:
    with httpx.Client(base_url=open_server) as client:
        given = client.get("/healthz", headers={"X-Request-ID": "desk-42.a"})
        made = client.get("/healthz")
        refused = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
        missing = client.get("/v1/jobs/nope")
    assert given.headers["X-Request-ID"] == "desk-42.a"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", refused.headers["X-Request-ID"])
    assert missing.status_code == 404 and missing.headers["X-Request-ID"]


def test_cors_preflight_answers_allowed_origin(open_server: str) -> None:
    preflight = {
        "Origin": "http://desk.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization, idempotency-key",
    }
    with httpx.Client(base_url=open_server) as client:
        allowed = client.options("/v1/jobs", headers=preflight)
        other = client.options("/v1/jobs", headers=preflight | {"Origin": "http://evil.example"})
        simple = client.get("/healthz", headers={"Origin": "http://desk.example"})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "http://desk.example"
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert "idempotency-key" in allowed.headers["access-control-allow-headers"].lower()
    assert other.status_code == 400
    assert "access-control-allow-origin" not in other.headers
    assert simple.headers["access-control-allow-origin"] == "http://desk.example"
    assert "X-Request-ID" in simple.headers["access-control-expose-headers"]


def test_metrics_count_requests_jobs_tokens_and_latency(open_server: str) -> None:
    with httpx.Client(base_url=open_server) as client:
        client.get("/healthz")
        client.get("/v1/jobs/job-that-is-not-there")
        response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert re.search(
        r'summarizer_http_requests_total\{method="GET",route="/healthz",status="200"\} \d', text
    )
    # Route templates, never raw paths (ids stay out of the labels).
    assert 'route="/v1/jobs/{job_id}",status="404"' in text
    assert "job-that-is-not-there" not in text
    assert 'summarizer_http_request_duration_seconds_bucket{le="0.005",route="/healthz"}' in text
    assert 'summarizer_jobs{state="queued"}' in text
    assert 'summarizer_model_tokens_total{kind="prompt"}' in text


def test_docs_are_served_from_the_package_never_a_cdn(open_server: str) -> None:
    with httpx.Client(base_url=open_server) as client:
        page = client.get("/docs")
        assert page.status_code == 200
        sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert sources and all(source.startswith("/docs/assets/") for source in sources)
        assert "http://" not in page.text and "https://" not in page.text
        for source in sources:
            asset = client.get(source)
            assert asset.status_code == 200 and asset.content
        script = client.get("/docs/assets/swagger-ui-bundle.js")
        assert script.headers["content-type"].startswith("text/javascript")
        assert "SwaggerUIBundle" in script.text
        assert client.get("/docs/assets/index.html").status_code == 404
        assert client.get("/redoc").status_code == 404
        assert client.get("/openapi.json").json()["paths"]["/v1/jobs"]


def test_docs_can_be_switched_off(db: Path) -> None:
    with running(create_app(settings=ServiceSettings(docs=False))) as url:
        assert httpx.get(url + "/docs").status_code == 404
        assert httpx.get(url + "/openapi.json").status_code == 200


# --- keys and the rate limit ----------------------------------------------------------------


def test_keys_are_required_once_one_exists_and_revocation_holds(store: Store) -> None:
    with running(create_app(store=store)) as url, httpx.Client(base_url=url) as client:
        assert client.get("/v1/jobs/none").status_code == 404  # open: no key yet
        key, secret = store.create_key("desk")
        bare = client.get("/v1/jobs/none")
        assert bare.status_code == 401
        assert bare.json()["error"]["type"] == "unauthorized"
        assert bare.headers["WWW-Authenticate"] == "Bearer"
        wrong = client.get("/v1/jobs/none", headers={"Authorization": "Bearer sk-sum-x-y"})
        assert wrong.status_code == 401
        bearer = {"Authorization": f"Bearer {secret}"}
        job = client.post("/v1/jobs", json={"cluster": cluster()}, headers=bearer)
        assert job.status_code == 202
        job_url = job.headers["Location"]
        assert client.get(job_url, headers=bearer).status_code == 200
        assert client.get(job_url, headers={"X-API-Key": secret}).status_code == 200
        assert client.get("/healthz").status_code == 200  # liveness stays open
        _, other = store.create_key("another desk")
        assert client.get(job_url, headers={"X-API-Key": other}).status_code == 404
        assert store.revoke_key(key.id)
        assert client.get(job_url, headers=bearer).status_code == 401


def test_rate_limit_answers_429_with_retry_after(db: Path) -> None:
    settings = ServiceSettings(requests_per_minute=3)
    with running(create_app(settings=settings)) as url, httpx.Client(base_url=url) as client:
        codes = [client.get("/v1/jobs/none").status_code for _ in range(4)]
        assert codes == [404, 404, 404, 429]
        limited = client.get("/v1/jobs/none")
        assert limited.status_code == 429
        assert limited.json()["error"]["type"] == "rate_limited"
        assert 1 <= int(limited.headers["Retry-After"]) <= 20
        assert client.get("/healthz").status_code == 200


def test_every_log_line_carries_the_request_id(db: Path) -> None:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(name) for name in ("summarizer", "uvicorn.access")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        app = create_app(backend_factory=broken_factory)
        with running(app, log_level="info") as url:
            response = httpx.post(
                url + "/v1/summarize", json={"cluster": cluster()}, headers={"X-Request-ID": "t-1"}
            )
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    assert response.status_code == 500 and response.headers["X-Request-ID"] == "t-1"
    failure = [record for record in records if record.name.startswith("summarizer.service")]
    access = [record for record in records if record.name == "uvicorn.access"]
    assert failure and access
    assert {getattr(record, "request_id", None) for record in failure + access} == {"t-1"}
    config = log_config("info")
    logging.config.dictConfig(config)  # a valid config, uvicorn's loggers included
    assert "%(request_id)s" in config["formatters"]["plain"]["format"]


def broken_factory(name: str, settings: dict[str, Any]) -> Any:
    raise RuntimeError("secret internal detail")
