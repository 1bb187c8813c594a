"""The in-process worker: ``summarizer serve`` runs jobs itself, so the embedded default
needs no second command (``--no-worker`` leaves them to ``summarizer worker``).

A thread with its own event loop (a long summary never blocks the server's loop)
runs the job loop of ``summarizer.jobs`` with the server's backends: the same
backend factory and settings as ``POST /v1/summarize``. A queued job wakes it at
once; otherwise it polls the store, so jobs queued by another process run too.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from typing import TYPE_CHECKING

from ..models.jobs import Job
from ..models.summary import ClusterSummary
from ..settings import StoreSettings

if TYPE_CHECKING:
    from ..backends import ProgressCallback
    from .state import ServiceState

logger = logging.getLogger(__name__)

POLL_S = 1.0
STOP_TIMEOUT_S = 30.0


class InProcessWorker:
    def __init__(self, state: ServiceState, poll_s: float = POLL_S) -> None:
        self.state = state
        self.poll_s = poll_s
        self.worker_id = f"serve-{uuid.uuid4().hex[:12]}"
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=self.worker_id, daemon=True)
        self._thread.start()

    async def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join, STOP_TIMEOUT_S)

    def _run(self) -> None:
        from ..jobs import run_worker

        try:
            asyncio.run(
                run_worker(
                    self.state.store(),
                    worker_id=self.worker_id,
                    summarize=self.summarize,
                    stop=self._stop,
                    wake=self._wake,
                    poll_s=self.poll_s,
                    lease_s=StoreSettings().lease_s,
                    webhook_secret=self.state.settings.webhook_secret,
                )
            )
        except Exception:
            logger.exception("the in-process worker stopped")

    async def summarize(self, job: Job, progress: ProgressCallback) -> ClusterSummary:
        from .routes_summarize import run_summary

        return await run_summary(self.state, job.request, progress)
