"""What one ``summarize`` call collects along the way."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...models import CallUsage, Corpus, SummaryOptions


@dataclass
class Run:
    corpus: Corpus
    options: SummaryOptions
    warnings: list[str] = field(default_factory=list)
    calls: list[CallUsage] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
