"""What an operator sees: a request id on every answer and log line, and Prometheus metrics.

``X-Request-ID`` is taken from the request when it is a plain token (letters, digits,
``.-_:``, at most 128 characters), generated otherwise, echoed on the response and set
in a context variable that a logging filter writes into every log record.
``/metrics`` serves the app's own registry in Prometheus' text format.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..models import ClusterSummary
from ..models.jobs import JobStatus

REQUEST_ID_HEADER = "X-Request-ID"
NO_REQUEST = "-"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=NO_REQUEST
)

LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def current_request_id() -> str:
    return request_id_var.get()


def request_id_from(headers: Headers) -> str:
    given = headers.get(REQUEST_ID_HEADER, "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Gives every record a ``request_id`` (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def log_config(level: str = "info") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for uvicorn and ours: the request id on every line
    (uvicorn's access and error logs and the ``summarizer`` loggers)."""
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "plain",
        "filters": ["request_id"],
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"plain": {"format": LOG_FORMAT}},
        "handlers": {"default": handler},
        "loggers": {
            name: {"handlers": ["default"], "level": level.upper(), "propagate": False}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "summarizer")
        },
    }


class RequestIdMiddleware:
    """Takes or makes the request id, holds it for the request, echoes it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(Headers(scope=scope))
        token = request_id_var.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


# --- metrics -------------------------------------------------------------------------------

JobCounts = Callable[[], Mapping[JobStatus, int]]
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


class JobsCollector(Collector):
    """``summarizer_jobs{state=...}``, read from the store at each scrape."""

    def __init__(self, counts: JobCounts) -> None:
        self.counts = counts

    def collect(self) -> Iterable[Metric]:
        family = GaugeMetricFamily(
            "summarizer_jobs", "Jobs in the store by state", labels=["state"]
        )
        try:
            counts = self.counts()
        except Exception:  # a scrape never fails because the store is away
            logging.getLogger(__name__).exception("could not count jobs for /metrics")
            counts = {}
        for state, count in sorted(counts.items()):
            family.add_metric([state], count)
        yield family


class Metrics:
    """The app's own registry (two apps in one process never share counters)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "summarizer_http_requests",
            "HTTP requests by method, route template and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "summarizer_http_request_duration_seconds",
            "HTTP request latency by route template",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.tokens = Counter(
            "summarizer_model_tokens",
            "Language-model tokens spent by summaries this process computed",
            ["kind"],
            registry=self.registry,
        )
        self.model_calls = Counter(
            "summarizer_model_calls",
            "Language-model calls made by summaries this process computed",
            registry=self.registry,
        )

    def watch_jobs(self, counts: JobCounts) -> None:
        self.registry.register(JobsCollector(counts))

    def count_usage(self, summary: ClusterSummary) -> None:
        usage = summary.usage
        self.tokens.labels("prompt").inc(usage.prompt_tokens)
        self.tokens.labels("completion").inc(usage.completion_tokens)
        self.model_calls.inc(len(usage.calls))

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Counts every answer by route template (not by path: ids stay out of labels)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_counted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_counted)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(route).observe(time.perf_counter() - started)
