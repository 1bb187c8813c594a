"""``summarizer worker``: runs queued jobs from the store until SIGTERM or SIGINT.

Any number of workers, on any machine that reaches the store, share the queue (with
PostgreSQL for more than one machine). A signal stops the claiming; the jobs in
flight run to their end first (a second signal leaves them to the lease: another
worker takes them up).
"""

from __future__ import annotations

import asyncio
import signal
import threading
from typing import Any

import click

from ..settings import MAX_CONCURRENCY, StoreSettings
from .errors import user_errors
from .options import backend_settings, db_option, model_options


@click.command(name="worker")
@db_option
@click.option(
    "--concurrency",
    type=click.IntRange(1, MAX_CONCURRENCY),
    default=1,
    show_default=True,
    help="Jobs run at once by this worker.",
)
@click.option("--lease", "lease_s", type=click.FloatRange(min=1.0), help="Seconds a job is held.")
@click.option(
    "--poll",
    "poll_s",
    type=click.FloatRange(min=0.01),
    default=0.5,
    show_default=True,
    help="Seconds between looks at an empty queue.",
)
@click.option("--cache/--no-cache", default=True, help="Use the model-call cache in the store.")
@model_options
def worker_command(
    db: str | None,
    concurrency: int,
    lease_s: float | None,
    poll_s: float,
    cache: bool,
    backend: str,
    **model_settings: Any,
) -> None:
    """Run queued jobs (from POST /v1/jobs and stories) until stopped."""
    from ..jobs import new_worker_id, run_worker, summarize_with
    from ..store import open_store

    with user_errors(), open_store(db or None) as store:
        stop = threading.Event()
        wake = threading.Event()
        signals = {"count": 0}

        def on_signal(number: int, frame: Any) -> None:
            signals["count"] += 1
            if signals["count"] > 1:
                raise KeyboardInterrupt
            click.echo("stopping: finishing the jobs in flight", err=True)
            stop.set()
            wake.set()

        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, on_signal)
        worker_id = new_worker_id()
        click.echo(f"{worker_id}: running jobs from {store.url}", err=True)
        summarize = summarize_with(
            store,
            default_backend=backend,
            backend_settings=backend_settings(backend, **model_settings),
            cache=cache,
        )
        asyncio.run(
            run_worker(
                store,
                stop=stop,
                wake=wake,
                worker_id=worker_id,
                summarize=summarize,
                poll_s=poll_s,
                lease_s=lease_s or StoreSettings().lease_s,
                concurrency=concurrency,
            )
        )
