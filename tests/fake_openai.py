"""A fake OpenAI-compatible server for tests, driven over real HTTP.

``FakeOpenAI`` serves POST /v1/chat/completions on 127.0.0.1 from a script: a queue of
``Reply`` objects (or functions from the request to a ``Reply``), one taken per
request, and records every request so tests can check what was sent. Import the
``fake_openai`` fixture explicitly: ``from fake_openai import fake_openai``.

``sample_corpus`` builds a small fictional cluster directly from the models, so the
backend's tests do not depend on ingest or segment.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import BaseModel

from summarizer.models import Article, Corpus, SegmentedArticle, Sentence


@dataclass
class Reply:
    """One scripted answer: a status, a JSON body or raw text, headers, a delay."""

    status: int = 200
    body: dict[str, Any] | str = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, str]]:
        messages: list[dict[str, str]] = self.body.get("messages", [])
        return messages

    def text(self) -> str:
        """Every message's content, joined: what the model was shown."""
        return "\n".join(message.get("content", "") for message in self.messages)


Script = Reply | Callable[[Received], Reply]


def completion(
    answer: BaseModel | dict[str, Any] | str | None,
    *,
    usage: dict[str, int] | None = None,
    finish_reason: str = "stop",
    refusal: str | None = None,
) -> Reply:
    """A 200 chat.completion whose message content is ``answer`` (JSON-encoded unless
    it is already a string; None sends a null content, as with a refusal)."""
    content: str | None
    if isinstance(answer, BaseModel):
        content = answer.model_dump_json()
    elif isinstance(answer, dict):
        content = json.dumps(answer)
    else:
        content = answer
    body: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish_reason,
            }
        ],
    }
    if usage is not None:
        body["usage"] = {**usage, "total_tokens": sum(usage.values())}
    return Reply(body=body)


def error(
    status: int,
    message: str,
    *,
    param: str | None = None,
    headers: dict[str, str] | None = None,
    delay: float = 0.0,
) -> Reply:
    body = {"error": {"message": message, "type": "invalid_request_error", "param": param}}
    return Reply(status=status, body=body, headers=headers or {}, delay=delay)


class FakeOpenAI:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._script: deque[Script] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def add(self, *replies: Script) -> None:
        with self._lock:
            self._script.extend(replies)

    @property
    def pending(self) -> int:
        return len(self._script)

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()  # waits for serve_forever, so only once started
        self._server.server_close()

    def _next_reply(self, received: Received) -> Reply:
        with self._lock:
            self.requests.append(received)
            item = self._script.popleft() if self._script else None
        if item is None:
            return error(400, "fake server: the test's script has no reply left")
        return item(received) if callable(item) else item

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                received = Received(
                    path=self.path,
                    headers={key.lower(): value for key, value in self.headers.items()},
                    body=json.loads(raw or b"{}"),
                )
                reply = fake._next_reply(received)
                if reply.delay:
                    time.sleep(reply.delay)
                payload = (
                    reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
                ).encode()
                try:
                    self.send_response(reply.status)
                    content_type = (
                        "text/plain" if isinstance(reply.body, str) else "application/json"
                    )
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()


# --- a small fictional cluster -----------------------------------------------------------

SAMPLE_ARTICLES: dict[str, tuple[str, list[str]]] = {
    "harbour-times": (
        "Harbour Times",
        [
            "Dock workers in Westhaven stopped work on Monday, halting the city's container port.",
            "The dockworkers' union said 3,000 members joined the strike over pay.",
            "The port authority said the stoppage costs 2 million euros a day.",
            "Union leader Mara Olsen said the figure was exaggerated.",
        ],
    ),
    "city-ledger": (
        "City Ledger",
        [
            "A strike closed the Westhaven container port on Monday.",
            "Port director Jon Berg called the strikers \u201crioters\u201d who blocked the gates.",
            "The port authority estimated losses at 2 million euros a day.",
            "Police said the protest at the gates was peaceful.",
        ],
    ),
    "workers-voice": (
        "Workers' Voice",
        [
            "Thousands of dock workers walked out in Westhaven on Monday.",
            "The union said wages had not risen in four years.",
            "Talks between the union and the port authority are due on Thursday.",
        ],
    ),
}


def make_article(article_id: str, outlet: str, sentences: list[str]) -> SegmentedArticle:
    raw_text = ""
    segmented: list[Sentence] = []
    for number, text in enumerate(sentences, start=1):
        raw_text += "" if not raw_text else " "
        start = len(raw_text)
        raw_text += text
        segmented.append(
            Sentence(
                id=f"{article_id}:{number}",
                article_id=article_id,
                index=number,
                start=start,
                end=len(raw_text),
                text=text,
            )
        )
    article = Article(
        id=article_id, outlet=outlet, published="2031-05-12", raw_text=raw_text + "\n"
    )
    return SegmentedArticle(article=article, sentences=segmented)


def sample_corpus(extra_sentences: int = 0) -> Corpus:
    """Three fictional articles about a port strike; ``extra_sentences`` pads the last
    one with filler sentences (to make the cluster too large for a small window)."""
    articles = []
    for article_id, (outlet, sentences) in SAMPLE_ARTICLES.items():
        articles.append(make_article(article_id, outlet, list(sentences)))
    if extra_sentences:
        outlet, sentences = SAMPLE_ARTICLES["workers-voice"]
        filler = [
            f"Background note {n}: the harbour has handled ships from many countries "
            f"for over a century, and its quays stretch along the river mouth."
            for n in range(1, extra_sentences + 1)
        ]
        articles[-1] = make_article("workers-voice", outlet, [*sentences, *filler])
    return Corpus(cluster_id="port-strike", title="Westhaven port strike", articles=articles)
