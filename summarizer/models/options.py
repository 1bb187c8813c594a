"""The options that shape a summary, whatever the backend."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .. import settings as defaults
from ..styleguide import StyleGuide, default_style_guide


class SummaryOptions(BaseModel):
    """Settings that shape a summary, whatever the backend."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    max_words: int = Field(
        default=defaults.DEFAULT_MAX_WORDS, ge=defaults.MIN_MAX_WORDS, le=defaults.MAX_MAX_WORDS
    )
    style_guide: StyleGuide = Field(default_factory=default_style_guide)
    concurrency: int = Field(
        default=defaults.DEFAULT_CONCURRENCY, ge=1, le=defaults.MAX_CONCURRENCY
    )
    max_reasks: int = Field(default=defaults.DEFAULT_MAX_REASKS, ge=0, le=defaults.MAX_REASKS)
