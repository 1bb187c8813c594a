"""A ``summarizer worker`` process with two test backends registered, for the tests
that race and kill real worker processes.

``python tests/worker_process.py LOG [worker options...]``: ``counting`` is the
extractive backend that first appends "<worker pid> <cluster id>" to LOG (one line per
run, O_APPEND, so every run is counted); ``slow`` writes the same line, then, when
``$SLOW_HOLD`` names a file that exists, waits (bounded) while it exists: the job stays
mid-run until the test kills the process.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from summarizer.backends import BackendSpec, ProgressCallback, register_backend
from summarizer.backends.extractive import ExtractiveBackend
from summarizer.cli import main
from summarizer.models import ClusterSummary, Corpus, SummaryOptions
from summarizer.settings import ExtractiveSettings

HOLD_STEPS = 6000  # at 0.05 s a step: the hold ends by itself after five minutes


class LoggingBackend:
    def __init__(self, name: str, log: Path, hold: Path | None) -> None:
        self.name = name
        self.log = log
        self.hold = hold
        self.inner = ExtractiveBackend()

    async def summarize(
        self, corpus: Corpus, options: SummaryOptions, progress: ProgressCallback | None = None
    ) -> ClusterSummary:
        line = f"{os.getpid()} {corpus.cluster_id}\n".encode()
        descriptor = os.open(self.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)
        if progress is not None:
            progress("started", 0, 1)
        for _ in range(HOLD_STEPS):
            if self.hold is None or not self.hold.exists():
                break
            await asyncio.sleep(0.05)
        return await self.inner.summarize(corpus, options, progress)


def register(log: Path) -> None:
    hold = Path(os.environ["SLOW_HOLD"]) if os.environ.get("SLOW_HOLD") else None

    def loader(name: str, held: Path | None) -> Any:
        return lambda settings: LoggingBackend(name, log, held)

    register_backend(BackendSpec("counting", ExtractiveSettings, lambda: loader("counting", None)))
    register_backend(BackendSpec("slow", ExtractiveSettings, lambda: loader("slow", hold)))


if __name__ == "__main__":
    register(Path(sys.argv[1]))
    main(["worker", *sys.argv[2:]], prog_name="summarizer")
