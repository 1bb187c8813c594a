"""Stories that grow: articles put one at a time, and versioned summaries of them.

Each put that changes an article's content (its ``content_hash``) bumps the story's
``revision``; a summary version records the revision it summarises, so the current
summary is stale when the story's revision has moved on. ``StoryChanges`` says what
changed since the previous version.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .base import ContractModel
from .input import ArticleInput
from .jobs import Job
from .summary import ClusterSummary


class StoryArticle(ContractModel):
    story_id: str
    article_id: str
    content_hash: str = Field(description="sha256 of the article's text and metadata.")
    article: ArticleInput
    revision: int = Field(description="The story revision at which this content arrived.")
    updated: datetime


class Story(ContractModel):
    id: str
    revision: int = Field(default=0, description="Bumped by every put or delete that changes.")
    articles: int = 0
    title: str | None = None
    updated: datetime


class FigureChange(ContractModel):
    """A figure the summary gives differently now: the sentence before and after."""

    before: str
    after: str
    old: list[str] = Field(description="The figures in the old sentence that went.")
    new: list[str] = Field(description="The figures in the new sentence that came.")


class StoryChanges(ContractModel):
    """What changed between two versions of a story's summary."""

    sentences_added: list[str] = Field(default_factory=list)
    sentences_dropped: list[str] = Field(default_factory=list)
    new_disputes: list[str] = Field(default_factory=list, description="Claims newly disputed.")
    changed_figures: list[FigureChange] = Field(default_factory=list)
    articles_added: list[str] = Field(default_factory=list)
    articles_removed: list[str] = Field(default_factory=list)
    articles_changed: list[str] = Field(default_factory=list)


class StoryVersion(ContractModel):
    story_id: str
    version: int = Field(description="1, 2, ...: one per recomputed summary.")
    revision: int = Field(description="The story revision it summarises.")
    article_hashes: dict[str, str] = Field(description="article id -> content hash summarised.")
    summary: ClusterSummary
    changes: StoryChanges = Field(description="Since the previous version (all new for v1).")
    job_id: str | None = None
    created: datetime


class StorySummary(ContractModel):
    """The answer to "the story's current summary": the latest version, whether it is
    stale, and the job recomputing it when it is."""

    story_id: str
    revision: int
    stale: bool
    version: StoryVersion | None = None
    job: Job | None = None
