"""The interface every backend implements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from ..models import ClusterSummary, Corpus, SummaryOptions

# Called as progress(stage, done, total), e.g. ("digest", 2, 5).
ProgressCallback = Callable[[str, int, int], None]


@runtime_checkable
class Backend(Protocol):
    """Turns a segmented cluster into a cited summary.

    A backend returns citations resolved through ``Corpus.cite`` (never quotes of its
    own making) and fills ``warnings`` with anything it could not satisfy.
    """

    name: str

    async def summarize(
        self,
        corpus: Corpus,
        options: SummaryOptions,
        progress: ProgressCallback | None = None,
    ) -> ClusterSummary: ...
