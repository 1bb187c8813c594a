"""The job loop: claim a job, summarise it under a lease kept alive by heartbeats,
record progress, finish it, and POST its webhook.

Any number of workers, in threads, processes or machines, share one store: a claim
gives each job to one worker; a worker that dies stops heartbeating and its job is
claimed again when the lease runs out. A cancel requested while a job runs stops it
at the next stage (``JobStopped``). ``run_worker`` runs until ``stop`` is set;
``drain`` runs until the queue is empty (tests and benches).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from ..api import asummarize
from ..backends import DEFAULT_BACKEND, ProgressCallback, backend_spec, get_backend
from ..errors import ConfigError, InputError, ModelError, SummarizerError
from ..ingest import cluster_from_input
from ..models.jobs import Job, JobError
from ..models.summary import ClusterSummary
from ..segment import segment_cluster
from ..store import DEFAULT_LEASE_S, Store, StoreCache, using_cache
from .runner import JobStopped, ThreadRun
from .stories import record_version
from .webhook import deliver

logger = logging.getLogger(__name__)

# summarize(job, progress) -> the job's summary.
Summarize = Callable[[Job, ProgressCallback], Awaitable[ClusterSummary]]
POLL_S = 0.5
JOB_SOURCE = "job"
ERROR_TYPES: tuple[tuple[type[Exception], str], ...] = (
    (InputError, "input_error"),
    (ConfigError, "config_error"),
    (ModelError, "model_error"),
    (SummarizerError, "summarizer_error"),
)


def new_worker_id(prefix: str = "worker") -> str:
    return f"{prefix}-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def summarize_with(
    store: Store,
    *,
    default_backend: str = DEFAULT_BACKEND,
    backend_settings: dict[str, Any] | None = None,
    cache: bool = True,
) -> Summarize:
    """The default ``summarize``: the job's backend (else ``default_backend``) with the
    worker's settings (a request chooses only the backend and the model), through the
    store's model-call cache unless ``cache`` is off."""
    settings = dict(backend_settings or {})

    async def summarize(job: Job, progress: ProgressCallback) -> ClusterSummary:
        request = job.request
        cluster = cluster_from_input(request.cluster, base_dir=None, source=JOB_SOURCE)
        corpus = segment_cluster(cluster)
        name = request.backend or default_backend
        chosen = {**settings, **({"model": request.model} if request.model else {})}
        takes = backend_spec(name).settings_type.model_fields
        engine = get_backend(name, **{k: v for k, v in chosen.items() if k in takes})
        with using_cache(StoreCache(store) if cache else None):
            return await asummarize(
                corpus, backend=engine, max_words=request.max_words, progress=progress
            )

    return summarize


def job_error(error: BaseException) -> JobError:
    for kind, name in ERROR_TYPES:
        if isinstance(error, kind):
            return JobError(type=name, message=str(error))
    return JobError(type="internal_error", message="internal error; see the worker's log")


class Worker:
    """Runs jobs from ``store`` one at a time (run several for concurrency)."""

    def __init__(
        self,
        store: Store,
        summarize: Summarize,
        *,
        worker_id: str | None = None,
        lease_s: float = DEFAULT_LEASE_S,
        webhook_secret: str | None = None,
    ) -> None:
        self.store = store
        self.summarize = summarize
        self.worker_id = worker_id or new_worker_id()
        self.lease_s = lease_s
        self.webhook_secret = webhook_secret

    async def run_one(self) -> Job | None:
        """Claim and run one job; None when none was waiting."""
        job = await asyncio.to_thread(self.store.claim_job, self.worker_id, self.lease_s)
        if job is None:
            return None
        finished = await self.run(job)
        return finished or job

    async def run(self, job: Job) -> Job | None:
        """Run a claimed job to its end; None when the lease was lost meanwhile."""
        store, worker_id = self.store, self.worker_id

        def progress(stage: str, done: int, total: int) -> None:
            running.check()
            if not store.set_progress(job.id, worker_id, done, total, stage):
                running.stop()
                running.check()

        running = ThreadRun(lambda: self.summarize(job, progress))
        beating = asyncio.ensure_future(self._heartbeat(job.id, running))
        result: ClusterSummary | None = None
        error: JobError | None = None
        try:
            result = await running.result()
        except JobStopped:
            error = JobError(type="cancelled", message="cancelled on request")
        except Exception as failure:
            if not isinstance(failure, SummarizerError):
                logger.exception("job %s failed", job.id)
            error = job_error(failure)
        finally:
            beating.cancel()
            await asyncio.gather(beating, return_exceptions=True)
        finished = await asyncio.to_thread(
            store.finish_job, job.id, worker_id, result=result, error=error
        )
        if finished is None:
            logger.warning("job %s: lease lost to another worker; its result is dropped", job.id)
            return None
        if finished.status == "done" and finished.story_id is not None and result is not None:
            await asyncio.to_thread(record_version, store, finished, result)
        if finished.callback_url:
            await deliver(store, finished.id, secret=self.webhook_secret)
        return finished

    async def _heartbeat(self, job_id: str, running: ThreadRun) -> None:
        interval = self.lease_s / 3
        while True:
            await asyncio.sleep(interval)
            kept = await asyncio.to_thread(
                self.store.heartbeat, job_id, self.worker_id, self.lease_s
            )
            if not kept:
                running.stop()
                return

    async def deliver_pending(self) -> None:
        """Send webhooks left pending (a worker died after finishing a job)."""
        for job_id in await asyncio.to_thread(self.store.pending_deliveries):
            await deliver(self.store, job_id, secret=self.webhook_secret)


async def drain(worker: Worker) -> int:
    """Run jobs until none is waiting; how many ran."""
    count = 0
    while await worker.run_one() is not None:
        count += 1
    return count


async def run_worker(
    store: Store,
    *,
    stop: threading.Event,
    worker_id: str | None = None,
    summarize: Summarize | None = None,
    wake: threading.Event | None = None,
    poll_s: float = POLL_S,
    lease_s: float = DEFAULT_LEASE_S,
    concurrency: int = 1,
    webhook_secret: str | None = None,
) -> None:
    """Claim and run jobs, ``concurrency`` at a time, until ``stop`` is set; jobs in
    flight then run to their end. ``wake`` cuts a poll short (a job was queued)."""
    if webhook_secret is None:
        from ..settings import ServiceSettings

        webhook_secret = ServiceSettings().webhook_secret
    base = worker_id or new_worker_id()
    run = summarize or summarize_with(store)
    wake = wake or threading.Event()

    async def slot(number: int) -> None:
        worker = Worker(
            store,
            run,
            worker_id=base if concurrency == 1 else f"{base}/{number}",
            lease_s=lease_s,
            webhook_secret=webhook_secret,
        )
        while not stop.is_set():
            try:
                job = await worker.run_one()
                if job is None and number == 0:
                    await worker.deliver_pending()
            except Exception:
                logger.exception("worker %s: the store failed; trying again", worker.worker_id)
                job = None
            if job is None and not stop.is_set():
                await asyncio.to_thread(wake.wait, poll_s)
                wake.clear()

    await asyncio.gather(*(slot(number) for number in range(concurrency)))
