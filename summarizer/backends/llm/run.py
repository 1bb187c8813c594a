"""What one ``summarize`` call collects along the way, and the times it must keep."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ...models import CallUsage, Corpus, SummaryOptions

# The share of the run's deadline the digests may take; the reduce has the rest, and
# all of it when the digests finish sooner.
DIGEST_SHARE_OF_DEADLINE = 0.6
# The deadline is when the summary is back, not when the model stops: this much of it
# (a share, at most FINISH_MARGIN_MAX_S) is kept for the extractive fallback, the
# editorial stages, verification and writing the output.
FINISH_MARGIN_SHARE = 0.05
FINISH_MARGIN_MAX_S = 30.0


@dataclass
class Run:
    corpus: Corpus
    options: SummaryOptions
    deadline_s: float = math.inf
    started: float = 0.0  # the event loop's clock (``loop.time()``) at the start
    warnings: list[str] = field(default_factory=list)
    calls: list[CallUsage] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)  # stages written without the model

    @property
    def digest_deadline(self) -> float:
        return self.started + self.deadline_s * DIGEST_SHARE_OF_DEADLINE

    @property
    def deadline(self) -> float:
        """When the model must be done, the finishing margin kept."""
        margin = min(FINISH_MARGIN_MAX_S, self.deadline_s * FINISH_MARGIN_SHARE)
        return self.started + self.deadline_s - margin

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def fell_back(self, stage: str, message: str) -> None:
        self.fallbacks.append(stage)
        self.warn(message)
