"""One job's summary on a thread of its own, with its own event loop.

A backend may hold its loop for seconds (the extractive one computes without
awaiting), so the worker's loop, which keeps the lease alive, never runs it; a stop
cancels the job's task from outside, and the progress callback refuses to go on
after one (the extractive backend's stages are where it next looks).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any


class JobStopped(Exception):
    """The job's lease was lost or a cancel was requested: stop where it is."""


class ThreadRun:
    """Runs ``make()`` in a thread; ``stop()`` from any thread cancels it."""

    def __init__(self, make: Callable[[], Awaitable[Any]]) -> None:
        self._make = make
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._ready = threading.Lock()
        self.stopped = threading.Event()

    async def result(self) -> Any:
        return await asyncio.to_thread(asyncio.run, self._main())

    async def _main(self) -> Any:
        task = asyncio.ensure_future(self._make())
        with self._ready:
            self._loop = asyncio.get_running_loop()
            self._task = task
        if self.stopped.is_set():
            task.cancel()
        try:
            return await task
        except asyncio.CancelledError:
            raise JobStopped("stopped") from None

    def stop(self) -> None:
        self.stopped.set()
        with self._ready:
            loop, task = self._loop, self._task
        if loop is not None and task is not None:
            loop.call_soon_threadsafe(task.cancel)

    def check(self) -> None:
        """Raise ``JobStopped`` once a stop was asked (called between stages)."""
        if self.stopped.is_set():
            raise JobStopped("stopped")
