"""The HTTP service: summaries in three formats, and errors mapped without tracebacks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from summarizer.backends.base import Backend, ProgressCallback
from summarizer.errors import ModelError
from summarizer.models import ClusterSummary, Corpus, SummaryOptions, SummarySentence
from summarizer.service import create_app
from summarizer.settings import ServiceSettings

LEDGER = (
    "A fire broke out at the Orlen textile mill on Tuesday night, the fire service said. "
    "Two workers were taken to hospital with smoke inhalation."
)
VOICE = (
    "Fire tore through the Orlen mill late on Tuesday. "
    "The union says the owners ignored warnings about faulty wiring."
)


def cluster(**changes: Any) -> dict[str, Any]:
    articles = [
        {
            "id": "northern-ledger",
            "outlet": "Northern Ledger",
            "published": "2024-05-08",
            "text": LEDGER,
        },
        {"id": "civic-voice", "outlet": "Civic Voice", "published": "2024-05-08", "text": VOICE},
    ]
    return {"id": "mill-fire", "title": "Fire at the Orlen mill", "articles": articles} | changes


class FirstSentences:
    """A fake backend: each article's first sentence, cited through the corpus."""

    name = "first-sentences"

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.max_words: list[int] = []

    async def summarize(
        self, corpus: Corpus, options: SummaryOptions, progress: ProgressCallback | None = None
    ) -> ClusterSummary:
        self.max_words.append(options.max_words)
        if self.error is not None:
            raise self.error
        firsts = [segmented.sentences[0] for segmented in corpus.articles]
        return ClusterSummary(
            cluster_id=corpus.cluster_id,
            headline="Fire at the Orlen mill",
            sentences=[
                SummarySentence(text=first.text, citations=[corpus.cite(first.id)])
                for first in firsts
            ],
            backend=self.name,
        )


class Factory:
    """Records what the service asked for and hands out one fake backend."""

    def __init__(self, backend: FirstSentences) -> None:
        self.backend = backend
        self.requests: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, name: str, settings: dict[str, Any]) -> Backend:
        self.requests.append((name, settings))
        return self.backend


@pytest.fixture(autouse=True)
def store_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every app here keeps its store in a temporary file, never the user's."""
    path = tmp_path / "summarizer.db"
    monkeypatch.setenv("SUMMARIZER_DATABASE_URL", str(path))
    return path


@pytest.fixture
def factory() -> Factory:
    return Factory(FirstSentences())


@pytest.fixture
def client(factory: Factory) -> Iterator[TestClient]:
    app = create_app(
        default_backend="first-sentences",
        backend_settings={"base_url": "http://localhost:9/v1"},
        backend_factory=factory,
        max_body_bytes=64 * 1024,
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def error_of(response: Any) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"error"}
    assert "Traceback" not in response.text
    return body["error"]  # type: ignore[no-any-return]


def test_healthz_reports_ok_and_version(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": "0.1.0"}


def test_summarize_returns_cited_summary_json(client: TestClient, factory: Factory) -> None:
    response = client.post("/v1/summarize", json={"cluster": cluster(), "max_words": 60})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    summary = response.json()
    assert summary["schema_version"] == "1.2"
    assert summary["cluster_id"] == "mill-fire"
    first = summary["sentences"][0]["citations"][0]
    assert first["article_id"] == "northern-ledger" and first["sentence"] == 1
    assert LEDGER[first["start"] : first["end"]] == first["quote"]
    assert [source["id"] for source in summary["sources"]] == ["northern-ledger", "civic-voice"]
    assert factory.backend.max_words == [60]


def test_request_model_reaches_backend_with_server_settings(
    client: TestClient, factory: Factory
) -> None:
    client.post(
        "/v1/summarize", json={"cluster": cluster(), "backend": "openai", "model": "llama3"}
    )
    assert factory.requests == [
        ("openai", {"base_url": "http://localhost:9/v1", "model": "llama3"})
    ]


@pytest.mark.parametrize(
    ("fmt", "media_type", "marker"),
    # The Markdown opens with the headline, which states the lead (issue 10), not the title.
    [("md", "text/markdown", "# "), ("html", "text/html", "<!DOCTYPE html>")],
)
def test_summarize_renders_markdown_and_html(
    client: TestClient, fmt: str, media_type: str, marker: str
) -> None:
    response = client.post("/v1/summarize", json={"cluster": cluster(), "format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.text.startswith(marker)
    assert "Northern Ledger" in response.text


def test_empty_article_is_refused_naming_the_article(client: TestClient) -> None:
    bad = cluster(articles=[{"id": "civic-voice", "text": "   "}])
    response = client.post("/v1/summarize", json={"cluster": bad})
    assert response.status_code == 400
    error = error_of(response)
    assert error["type"] == "input_error"
    assert "civic-voice" in error["message"] and "empty" in error["message"]


def test_empty_article_list_is_refused(client: TestClient) -> None:
    response = client.post("/v1/summarize", json={"cluster": cluster(articles=[])})
    assert response.status_code == 400
    assert "articles" in error_of(response)["message"]


def test_file_entries_are_refused_and_never_read(client: TestClient, factory: Factory) -> None:
    bad = cluster(articles=[{"id": "secrets", "file": "/etc/passwd"}])
    response = client.post("/v1/summarize", json={"cluster": bad})
    assert response.status_code == 400
    error = error_of(response)
    assert "secrets" in error["message"] and "'file'" in error["message"]
    assert "root:" not in response.text
    assert factory.requests == []


def test_schema_errors_are_422_without_echoing_input(client: TestClient) -> None:
    response = client.post(
        "/v1/summarize", json={"cluster": cluster(), "max_words": 3, "format": "pdf"}
    )
    assert response.status_code == 422
    error = error_of(response)
    assert error["type"] == "validation_error"
    assert "body.max_words" in error["message"] and "body.format" in error["message"]
    assert LEDGER not in response.text


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post(
        "/v1/summarize", content=b'{"cluster": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert error_of(response)["type"] == "validation_error"


def test_unknown_backend_is_a_config_error() -> None:
    with TestClient(create_app()) as test_client:
        response = test_client.post(
            "/v1/summarize", json={"cluster": cluster(), "backend": "gpt-magic"}
        )
    assert response.status_code == 400
    error = error_of(response)
    assert error["type"] == "config_error" and "gpt-magic" in error["message"]


def test_model_failure_is_502() -> None:
    failing = Factory(FirstSentences(ModelError("model server at localhost:9 unreachable")))
    with TestClient(create_app(backend_factory=failing)) as test_client:
        response = test_client.post("/v1/summarize", json={"cluster": cluster()})
    assert response.status_code == 502
    assert error_of(response) == {
        "type": "model_error",
        "message": "model server at localhost:9 unreachable",
    }


def test_unexpected_failure_is_500_without_details() -> None:
    broken = Factory(FirstSentences(RuntimeError("secret internal detail")))
    app = create_app(backend_factory=broken)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.post("/v1/summarize", json={"cluster": cluster()})
    assert response.status_code == 500
    assert error_of(response)["type"] == "internal_error"
    assert "secret" not in response.text


def test_oversized_body_is_413(client: TestClient, factory: Factory) -> None:
    huge = cluster(articles=[{"id": "big", "text": "word " * 20_000}])
    response = client.post("/v1/summarize", json={"cluster": huge})
    assert response.status_code == 413
    assert error_of(response)["type"] == "body_too_large"
    assert factory.requests == []


def test_oversized_streamed_body_is_413(client: TestClient) -> None:
    chunks = iter([b'{"cluster": {"articles": [{"text": "', b"x" * 70_000, b'"}]}}'])
    response = client.post(
        "/v1/summarize", content=chunks, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_unknown_path_keeps_the_error_shape(client: TestClient) -> None:
    response = client.get("/v2/nothing")
    assert response.status_code == 404
    assert error_of(response)["type"] == "http_error"


def test_openapi_describes_the_summarize_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/v1/summarize"]["post"]
    assert {"200", "400", "413", "422", "502"} <= set(operation["responses"])
    request_schema = schema["components"]["schemas"]["SummarizeRequest"]
    assert "`file` entries are refused" in request_schema["properties"]["cluster"]["description"]


def test_default_extractive_backend_summarizes_inline_cluster() -> None:
    with TestClient(create_app()) as test_client:
        response = test_client.post("/v1/summarize", json={"cluster": cluster(), "max_words": 40})
    assert response.status_code == 200
    summary = response.json()
    assert summary["backend"] == "extractive"
    assert summary["sentences"]
    texts = {"northern-ledger": LEDGER, "civic-voice": VOICE}
    for sentence in summary["sentences"]:
        for citation in sentence["citations"]:
            text = texts[citation["article_id"]]
            assert text[citation["start"] : citation["end"]] == citation["quote"]


def test_too_many_articles_is_refused() -> None:
    app = create_app(settings=ServiceSettings(max_articles=1))
    with TestClient(app) as test_client:
        response = test_client.post("/v1/summarize", json={"cluster": cluster()})
        job = test_client.post("/v1/jobs", json={"cluster": cluster()})
    assert response.status_code == job.status_code == 400
    assert "at most 1" in error_of(response)["message"]


def test_openapi_declares_the_key_schemes_and_new_routes(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"HTTPBearer", "APIKeyHeader"} <= set(schema["components"]["securitySchemes"])
    assert {"/v1/jobs", "/v1/jobs/{job_id}", "/v1/stories/{story_id}/summary"} <= set(
        schema["paths"]
    )
    assert "429" in schema["paths"]["/v1/jobs"]["post"]["responses"]
