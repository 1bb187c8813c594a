"""The service over real HTTP for tests: uvicorn on 127.0.0.1 on a free port, in a
thread (``running``) or in a child process (``python tests/service_server.py``), and
a backend that waits at a gate so a test can watch a job run."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from summarizer.backends import BackendSpec, ProgressCallback, register_backend
from summarizer.backends.extractive import ExtractiveBackend
from summarizer.models import ClusterSummary, Corpus, SummaryOptions
from summarizer.settings import ExtractiveSettings

# Bounded waits: a server that is not up in this many polls of 0.02 s failed.
START_POLLS = 1500


class Gate:
    """Open when its event is set or its file exists (a file reaches another process)."""

    def __init__(self, path: Path | None = None) -> None:
        self.event = threading.Event()
        self.path = path

    def open(self) -> None:
        self.event.set()
        if self.path is not None:
            self.path.touch()

    @property
    def is_open(self) -> bool:
        return self.event.is_set() or (self.path is not None and self.path.exists())


class GatedBackend:
    """Reports progress over the articles, waits for its gate, then summarises with
    the extractive backend (real citations)."""

    name = "gated"

    def __init__(self, gate: Gate) -> None:
        self.gate = gate
        self.entered = threading.Event()
        self.runs = 0

    async def summarize(
        self, corpus: Corpus, options: SummaryOptions, progress: ProgressCallback | None = None
    ) -> ClusterSummary:
        self.runs += 1
        total = len(corpus.articles)
        if progress is not None:
            progress("digest", 1, total)
        self.entered.set()
        while not self.gate.is_open:
            await asyncio.sleep(0.02)
        if progress is not None:
            progress("digest", total, total)
        summary = await ExtractiveBackend(representation="tfidf").summarize(corpus, options)
        return summary.model_copy(update={"backend": self.name})


def register_gated(gate: Gate) -> GatedBackend:
    """Register ``gated`` (a job names its backend; a restarted server must know it)."""
    backend = GatedBackend(gate)
    register_backend(BackendSpec("gated", ExtractiveSettings, lambda: lambda _: backend))
    return backend


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def free_port() -> int:
    with free_socket() as sock:
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running(app: FastAPI, log_level: str = "warning") -> Iterator[str]:
    """Serve ``app`` in a thread; yields its base URL; stops it (lifespan included)."""
    sock = free_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level=log_level, lifespan="on", log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(START_POLLS):
            if server.started or not thread.is_alive():
                break
            threading.Event().wait(0.02)
        assert server.started, "the test server did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def main(argv: list[str] | None = None) -> None:
    """A child-process server: ``--db FILE --port N [--gate FILE] [--no-worker]``."""
    import argparse

    from summarizer.service import serve

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--gate")
    parser.add_argument("--no-worker", action="store_true")
    args = parser.parse_args(argv)
    register_gated(Gate(Path(args.gate) if args.gate else None))
    options: dict[str, Any] = {"default_backend": "gated"}
    serve("127.0.0.1", args.port, store=args.db, worker=not args.no_worker, **options)


if __name__ == "__main__":
    main()
