"""The options that shape a summary, whatever the backend."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..styleguide import StyleGuide, default_style_guide


class SummaryOptions(BaseModel):
    """Settings that shape a summary, whatever the backend."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    max_words: int = Field(default=250, ge=20, le=5000)
    style_guide: StyleGuide = Field(default_factory=default_style_guide)
    concurrency: int = Field(default=4, ge=1, le=64)
    max_reasks: int = Field(default=2, ge=0, le=10)
