"""The language-model path, measured: on a fake server with a fixed latency per token,
beside LangChain's map-reduce summarisation, and on a real llama.cpp server.

Fake server (``LatencyServer`` below, OpenAI-compatible over real HTTP): each request
is answered after ``prompt tokens x --prompt-ms + answer tokens x --token-ms``, with an
answer that cites the sentence ids it was shown (a digest, a summary draft, or plain
text for LangChain). It records when each request was being "modelled", so:

- overhead: wall time during which no request was being modelled (ingest, segment,
  prompts, token counting, verify), as a share of the modelled time (goal <= 5 %);
- concurrency: wall time against the slowest digest plus the reduce (1.0x when the
  map calls really run together);
- tokens sent per cluster: prompt tokens of every request (schema included) against
  the cluster's own token count (goal <= 2.3x).

LangChain (a bench-only dependency, ``pip install -e '.[bench]'``): the map-reduce
summarisation of its documentation (map prompt per article, then the reduce prompt
over the summaries), with ``langchain-openai``'s ``ChatOpenAI`` on the same fake
server and the same concurrency: tokens, requests, wall time. Its output has no
citations; ours are resolved and verified.

Real server (``--real``): the idlib cluster end to end through the CLI against
llama.cpp serving SmolLM2-135M (``tests/llama_server.py``), as the issue's acceptance
run: wall time, tokens, requests, cut-off answers, warnings, citations valid.

Figures are printed side by side, ratios within the same run; nothing is asserted.

    .venv/bin/python bench/bench_llm.py                # fake server + LangChain
    .venv/bin/python bench/bench_llm.py --real         # and the real llama.cpp run
    .venv/bin/python bench/bench_llm.py --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from summarizer.api import asummarize, build_corpus  # noqa: E402
from summarizer.models import ClusterSummary, Corpus  # noqa: E402
from summarizer.styleguide import default_style_guide  # noqa: E402
from summarizer.tokens import count_message_tokens, count_tokens  # noqa: E402

CLUSTER = ROOT.parent / "shared" / "evals" / "idlib-2020"
FAKE_MODEL = "gpt-4o-mini"  # a name whose tokenizer and context window tokens.py knows
MAX_WORDS = 250
PROMPT_MS = 0.2  # per prompt token (5,000 tokens/s)
TOKEN_MS = 20.0  # per answer token (50 tokens/s, a hosted model's pace)
REAL_MODEL = "smollm2-135m"
REAL_CONTEXT_WINDOW = 8192
REAL_LIMIT_S = 900  # the goal is 600 s; a longer run is measured, not cut at the goal
_SENTENCE_LINE = re.compile(r"^\[([^\]\s]+:\d+)\] (.+)$", re.MULTILINE)
# LangChain's map-reduce summarisation prompts (its summarize chain's defaults).
LC_MAP_PROMPT = 'Write a concise summary of the following:\n\n\n"{text}"\n\n\nCONCISE SUMMARY:'
LC_REDUCE_PROMPT = (
    "The following is a set of summaries:\n{text}\n"
    "Take these and distill it into a final, consolidated summary of the main themes."
)


# --- the fake server ---------------------------------------------------------------------


@dataclass
class Served:
    """One request as the fake saw it."""

    kind: str  # digest, reduce, reask, text
    prompt_tokens: int
    completion_tokens: int
    started: float
    ended: float


@dataclass
class Latency:
    prompt_ms: float = PROMPT_MS
    token_ms: float = TOKEN_MS

    def seconds(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.prompt_ms + completion_tokens * self.token_ms) / 1000


def digest_answer(shown: list[tuple[str, str]]) -> dict[str, Any]:
    claims = [
        {"text": text, "asserted_by": "the outlet", "cites": [sentence_id]}
        for sentence_id, text in shown[:4]
    ]
    return {"claims": claims, "figures": [], "loaded_terms": [], "embedded_instructions": []}


def reduce_answer(shown: list[tuple[str, str]]) -> dict[str, Any]:
    """Each article's first sentence free of the style guide's loaded terms."""
    loaded = [term.term.casefold() for term in default_style_guide().terms]
    leads: dict[str, tuple[str, str]] = {}
    for sentence_id, text in shown:
        if not any(term in text.casefold() for term in loaded):
            leads.setdefault(sentence_id.split(":")[0], (sentence_id, text))
    sentences = [
        {"text": text, "cites": [sentence_id], "attributed_to": None}
        for sentence_id, text in list(leads.values())[:4]
    ]
    return {
        "headline": "What the articles report",
        "sentences": sentences,
        "agreed": [],
        "disputes": [],
        "framing": [],
    }


def text_answer(prompt: str) -> str:
    words = prompt.split()
    return " ".join(words[len(words) // 3 :][:60])


def fake_answer(body: dict[str, Any]) -> tuple[str, str]:
    """(kind, content): the answer a cooperative model would give to ``body``."""
    messages = body.get("messages", [])
    prompt = "\n".join(str(m.get("content", "")) for m in messages)
    schema = body.get("response_format", {}).get("json_schema", {}).get("name", "")
    shown = _SENTENCE_LINE.findall(prompt)
    reask = any(m.get("role") == "assistant" for m in messages)
    if schema == "DigestDraft" or (not schema and '"claims"' in prompt):
        return ("reask" if reask else "digest"), json.dumps(digest_answer(shown))
    if schema == "SummaryDraft" or (not schema and '"headline"' in prompt):
        return ("reask" if reask else "reduce"), json.dumps(reduce_answer(shown))
    return "text", text_answer(prompt)


def request_tokens(body: dict[str, Any]) -> int:
    """Prompt tokens of a request: its messages, plus the schema the server enforces."""
    messages = [{"content": str(m.get("content", ""))} for m in body.get("messages", [])]
    tokens = count_message_tokens(messages, FAKE_MODEL)
    schema = body.get("response_format", {}).get("json_schema", {}).get("schema")
    return tokens + (count_tokens(json.dumps(schema), FAKE_MODEL) if schema else 0)


def completion_body(content: str, prompt_tokens: int, completion_tokens: int) -> dict[str, Any]:
    return {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 0,
        "model": FAKE_MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class LatencyServer:
    """An OpenAI-compatible fake that takes a fixed time per token."""

    def __init__(self, latency: Latency) -> None:
        self.latency = latency
        self.served: list[Served] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> LatencyServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.served.clear()

    def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        kind, content = fake_answer(body)
        prompt_tokens = request_tokens(body)
        completion_tokens = count_tokens(content, FAKE_MODEL)
        time.sleep(self.latency.seconds(prompt_tokens, completion_tokens))
        served = Served(kind, prompt_tokens, completion_tokens, started, time.perf_counter())
        with self._lock:
            self.served.append(served)
        return completion_body(content, prompt_tokens, completion_tokens)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.dumps(fake.answer(json.loads(self.rfile.read(length)))).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


# --- figures from what the fake served -----------------------------------------------------


@dataclass
class FakeFigures:
    system: str
    wall_s: float
    requests: int
    prompt_tokens: int
    completion_tokens: int
    modelled_s: float  # wall time with at least one request being modelled
    overhead_share: float  # (wall - modelled) / modelled
    critical_s: float  # the slowest map call plus the calls after the map
    wall_per_critical: float
    tokens_per_cluster_token: float
    by_stage: dict[str, int] = field(default_factory=dict)
    notes: str = ""


def busy_time(served: Sequence[Served]) -> float:
    """The union of the modelled intervals."""
    total, end = 0.0, float("-inf")
    for item in sorted(served, key=lambda s: s.started):
        if item.started > end:
            total += item.ended - item.started
        elif item.ended > end:
            total += item.ended - end
        end = max(end, item.ended)
    return total


def critical_time(served: Sequence[Served], map_kinds: tuple[str, ...]) -> float:
    """The slowest map call plus every call after the map: the wall time at best."""
    mapped = [s for s in served if s.kind in map_kinds]
    if not mapped:
        return sum(s.ended - s.started for s in served)
    map_end = max(s.ended for s in mapped)
    after = [s.ended - s.started for s in served if s.started >= map_end]
    return max(s.ended - s.started for s in mapped) + sum(after)


def figures(
    system: str,
    wall_s: float,
    served: Sequence[Served],
    cluster_tokens: int,
    map_kinds: tuple[str, ...],
) -> FakeFigures:
    modelled = busy_time(served)
    critical = critical_time(served, map_kinds)
    prompt = sum(s.prompt_tokens for s in served)
    by_stage: dict[str, int] = {}
    for item in served:
        by_stage[item.kind] = by_stage.get(item.kind, 0) + item.prompt_tokens
    return FakeFigures(
        system=system,
        wall_s=round(wall_s, 3),
        requests=len(served),
        prompt_tokens=prompt,
        completion_tokens=sum(s.completion_tokens for s in served),
        modelled_s=round(modelled, 3),
        overhead_share=round((wall_s - modelled) / modelled, 4) if modelled else 0.0,
        critical_s=round(critical, 3),
        wall_per_critical=round(wall_s / critical, 3) if critical else 0.0,
        tokens_per_cluster_token=round(prompt / cluster_tokens, 3),
        by_stage=by_stage,
    )


def cluster_tokens(corpus: Corpus) -> int:
    return sum(
        count_tokens(" ".join(s.text for s in segmented.sentences), FAKE_MODEL)
        for segmented in corpus.articles
    )


# --- the two systems on the fake -----------------------------------------------------------


async def run_ours(
    fake: LatencyServer, cluster: Path, concurrency: int
) -> tuple[float, ClusterSummary]:
    started = time.perf_counter()
    summary = await asummarize(
        cluster,
        backend="openai",
        model=FAKE_MODEL,
        base_url=fake.base_url,
        api_key="x",
        max_words=MAX_WORDS,
        concurrency=concurrency,
    )
    return time.perf_counter() - started, summary


async def run_langchain(fake: LatencyServer, corpus: Corpus, concurrency: int) -> tuple[float, str]:
    """LangChain's map-reduce summarisation: one map call per article, then a reduce."""
    from langchain_core.output_parsers import StrOutputParser
    from langchain_core.prompts import PromptTemplate
    from langchain_openai import ChatOpenAI

    started = time.perf_counter()
    llm = ChatOpenAI(model=FAKE_MODEL, base_url=fake.base_url, api_key="x", max_retries=0)
    texts = [" ".join(s.text for s in segmented.sentences) for segmented in corpus.articles]
    map_chain = PromptTemplate.from_template(LC_MAP_PROMPT) | llm | StrOutputParser()
    reduce_chain = PromptTemplate.from_template(LC_REDUCE_PROMPT) | llm | StrOutputParser()
    summaries = await map_chain.abatch(
        [{"text": text} for text in texts], config={"max_concurrency": concurrency}
    )
    final = await reduce_chain.ainvoke({"text": "\n".join(summaries)})
    return time.perf_counter() - started, final


def measure_prompt_tokens_by_stage(corpus: Corpus) -> dict[str, int] | None:
    """The backend's own prompt tokens per stage, when it exposes them."""
    try:
        from summarizer.backends.llm import budget
    except ImportError:
        return None
    measure: Callable[..., Any] | None = getattr(budget, "prompt_tokens_by_stage", None)
    if measure is None:
        return None
    from summarizer.api import make_options
    from summarizer.settings import ModelSettings

    settings = ModelSettings(model=FAKE_MODEL, base_url="http://127.0.0.1:9/v1", api_key="x")
    result: dict[str, int] = measure(corpus, settings, make_options(max_words=MAX_WORDS))
    return result


def bench_fake(latency: Latency, with_langchain: bool) -> list[FakeFigures]:
    """Ours twice (a cold process, then warm), then LangChain, on one fake server."""
    corpus = build_corpus(CLUSTER)
    tokens = cluster_tokens(corpus)
    concurrency = len(corpus.articles)  # every map call at once
    results: list[FakeFigures] = []
    with LatencyServer(latency) as fake:
        for label in ("ours (cold)", "ours (warm)"):
            fake.reset()
            wall, summary = asyncio.run(run_ours(fake, CLUSTER, concurrency))
            results.append(figures(label, wall, fake.served, tokens, ("digest",)))
            results[-1].notes = _summary_note(summary)
        if with_langchain:
            fake.reset()
            wall, text = asyncio.run(run_langchain(fake, corpus, concurrency))
            theirs = figures("langchain map-reduce", wall, fake.served, tokens, ("text",))
            theirs.critical_s = round(_langchain_critical(fake.served), 3)
            theirs.wall_per_critical = round(wall / theirs.critical_s, 3)
            theirs.notes = f"{len(text.split())} words, no citations"
            results.append(theirs)
    print_fake(results, tokens, latency, concurrency, measure_prompt_tokens_by_stage(corpus))
    return results


def _summary_note(summary: ClusterSummary) -> str:
    citations = sum(len(s.citations) for s in summary.sentences)
    return (
        f"{len(summary.sentences)} sentences, {citations} citations, "
        f"{len(summary.warnings)} warnings"
    )


def _langchain_critical(served: Sequence[Served]) -> float:
    """LangChain's calls are all 'text': the last to start is the reduce."""
    ordered = sorted(served, key=lambda s: s.started)
    *mapped, reduce = ordered
    return max(s.ended - s.started for s in mapped) + (reduce.ended - reduce.started)


def print_fake(
    results: list[FakeFigures],
    tokens: int,
    latency: Latency,
    concurrency: int,
    by_stage: dict[str, int] | None,
) -> None:
    print(
        f"\nFake server, {CLUSTER.name} ({tokens} tokens of article text), "
        f"{latency.prompt_ms} ms/prompt token, {latency.token_ms} ms/answer token, "
        f"concurrency {concurrency}, max_words {MAX_WORDS}"
    )
    rows = [
        ("wall s", "wall_s"),
        ("requests", "requests"),
        ("prompt tokens", "prompt_tokens"),
        ("answer tokens", "completion_tokens"),
        ("modelled s", "modelled_s"),
        ("overhead / modelled (goal <= 0.05)", "overhead_share"),
        ("slowest map + after-map s", "critical_s"),
        ("wall / (slowest map + after)", "wall_per_critical"),
        ("prompt tokens / cluster tokens (goal <= 2.3)", "tokens_per_cluster_token"),
    ]
    header = f"{'':46}" + "".join(f"{r.system:>22}" for r in results)
    print(header)
    for label, name in rows:
        print(f"{label:46}" + "".join(f"{getattr(r, name)!s:>22}" for r in results))
    for result in results:
        print(f"  {result.system}: prompt tokens by kind {result.by_stage}; {result.notes}")
    if by_stage is None:
        print("  prompt_tokens_by_stage: not exposed by the backend (counted on the fake above)")
    else:
        print(f"  prompt_tokens_by_stage (the backend's own measure): {by_stage}")


# --- the real llama.cpp server -------------------------------------------------------------


@dataclass
class RealFigures:
    command: str
    exit_code: int
    wall_s: float
    requests: int
    max_in_flight: int
    cut_off: int
    prompt_tokens: int
    completion_tokens: int
    sentences: int
    citations: int
    citations_valid: bool
    warnings: list[str]
    stderr_tail: str


def citations_valid(summary: dict[str, Any]) -> tuple[int, bool]:
    """(citations, whether every one round-trips: file[start:end] == quote)."""
    paths = {source["id"]: source.get("path") for source in summary.get("sources", [])}
    kinds = ("sentences", "agreed", "disputes", "framing")
    citations = [c for kind in kinds for item in summary.get(kind, []) for c in item["citations"]]
    valid = True
    for citation in citations:
        with open(paths[citation["article_id"]], encoding="utf-8", newline="") as handle:
            valid &= handle.read()[citation["start"] : citation["end"]] == citation["quote"]
    return len(citations), valid


def bench_real() -> RealFigures:
    from llama_server import CountingProxy, LlamaServer, ServerConfig

    config = ServerConfig(context_window=REAL_CONTEXT_WINDOW, parallel=4, threads=2)
    out = Path(tempfile.mkdtemp()) / "out.json"
    with LlamaServer(config) as server:
        proxy = CountingProxy(server.address).start()
        command = [
            str(Path(sys.executable).parent / "summarizer"),
            "summarize",
            str(CLUSTER),
            "--backend=openai",
            f"--base-url={proxy.base_url}",
            f"--model={REAL_MODEL}",
            "--api-key=x",
            f"--context-window={REAL_CONTEXT_WINDOW}",
            "--format=json",
            "-o",  # a short option: "-o=path" would name the file "=path"
            str(out),
            "--usage",
        ]
        started = time.perf_counter()
        done = run_command(command)
        wall = time.perf_counter() - started
        proxy.stop()
    return real_figures(command, done, wall, proxy, out)


def run_command(command: list[str]) -> subprocess.CompletedProcess[str]:
    """The CLI run, stopped past REAL_LIMIT_S (exit code 124, as timeout(1) gives)."""
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=REAL_LIMIT_S, check=False
        )
    except subprocess.TimeoutExpired as expired:
        stderr = expired.stderr.decode(errors="replace") if expired.stderr else ""
        return subprocess.CompletedProcess(command, 124, "", stderr)


def real_figures(
    command: list[str],
    done: subprocess.CompletedProcess[str],
    wall: float,
    proxy: Any,
    out: Path,
) -> RealFigures:
    summary: dict[str, Any] = json.loads(out.read_text()) if out.is_file() else {}
    count, valid = citations_valid(summary) if summary else (0, False)
    usage = summary.get("usage", {})
    exchanges = proxy.completions()
    reasons = [c.get("finish_reason") for e in exchanges for c in e.response.get("choices", [])]
    return RealFigures(
        command=" ".join(command),
        exit_code=done.returncode,
        wall_s=round(wall, 1),
        requests=len(exchanges),
        max_in_flight=proxy.max_in_flight,
        cut_off=reasons.count("length"),
        prompt_tokens=int(usage.get("prompt_tokens", 0)),
        completion_tokens=int(usage.get("completion_tokens", 0)),
        sentences=len(summary.get("sentences", [])),
        citations=count,
        citations_valid=valid,
        warnings=list(summary.get("warnings", [])),
        stderr_tail=done.stderr[-3000:],
    )


def print_real(result: RealFigures) -> None:
    print(f"\nReal llama.cpp server ({REAL_MODEL}, 2 threads), {CLUSTER.name}:")
    print(f"  {result.command}")
    print(
        f"  exit {result.exit_code}, wall {result.wall_s} s, {result.requests} requests "
        f"(at most {result.max_in_flight} at once, {result.cut_off} cut off), "
        f"tokens {result.prompt_tokens} prompt + {result.completion_tokens} answer"
    )
    print(
        f"  {result.sentences} summary sentences, {result.citations} citations, "
        f"all valid: {result.citations_valid}; {len(result.warnings)} warnings:"
    )
    for warning in result.warnings:
        print(f"    - {warning}")
    if result.exit_code != 0:
        print(f"  stderr:\n{result.stderr_tail}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prompt-ms", type=float, default=PROMPT_MS)
    parser.add_argument("--token-ms", type=float, default=TOKEN_MS)
    parser.add_argument("--no-langchain", action="store_true", help="Skip the LangChain run.")
    parser.add_argument("--no-fake", action="store_true", help="Skip the fake-server runs.")
    parser.add_argument("--real", action="store_true", help="Also run the real llama.cpp server.")
    parser.add_argument("--json", type=Path, help="Write every figure here.")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {}
    if not args.no_fake:
        fake = bench_fake(Latency(args.prompt_ms, args.token_ms), not args.no_langchain)
        report["fake"] = [asdict(result) for result in fake]
    if args.real:
        real = bench_real()
        print_real(real)
        report["real"] = asdict(real)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
