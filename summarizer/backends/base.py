"""The interface every backend implements, and the options it receives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from ..models import ClusterSummary, Corpus
from ..styleguide import StyleGuide, default_style_guide

# Called as progress(stage, done, total), e.g. ("digest", 2, 5).
ProgressCallback = Callable[[str, int, int], None]


class SummaryOptions(BaseModel):
    """Settings that shape a summary, whatever the backend."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    max_words: int = Field(default=250, ge=20, le=5000)
    style_guide: StyleGuide = Field(default_factory=default_style_guide)
    concurrency: int = Field(default=4, ge=1, le=64)
    max_reasks: int = Field(default=2, ge=0, le=10)


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
