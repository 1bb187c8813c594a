"""The final, verified summary: what every backend returns and every renderer reads."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, computed_field

from .base import ContractModel
from .corpus import ArticleMeta
from .items import DisputeFields, FramingFields, PointText, Resolved, SentenceText

SCHEMA_VERSION = "1.2"  # 1.2: WordBudget.dates


class SummarySentence(Resolved, SentenceText):
    edited: bool = Field(
        default=False, description="True when text is not a verbatim source sentence."
    )
    original: str | None = Field(default=None, description="The source wording, when edited.")
    attributed_to: str | None = Field(
        default=None, description="Who asserts the sentence's claim, when it is a claim."
    )


class AgreedPoint(Resolved, PointText):
    pass


class DisputeSide(Resolved):
    """One side of a dispute: who says what, with the sentences that say it."""

    party: str
    says: str


class Dispute(Resolved, DisputeFields):
    """What is disputed (``claim``), who claims it, who disputes it; ``citations`` cite
    both sides, ``sides`` split them by party when the backend knows them."""

    kind: Literal["claim", "figure"] = Field(
        default="claim", description="claim: a claim and its denial; figure: figures differ."
    )
    sides: list[DisputeSide] = Field(default_factory=list)


class TimelineEntry(Resolved):
    """One dated development; a figure that changes over time gives one entry a date."""

    date: str = Field(description="ISO date (YYYY-MM-DD) the development happened or was reported.")
    text: str
    figure: str | None = Field(default=None, description="The figure's value on that date.")
    what: str | None = Field(default=None, description="What the figure counts.")


class WordBudget(ContractModel):
    """What the word budget covers, so a reader of ``max_words`` knows what they got."""

    body: int = Field(description="At most this many words in the summary body (sentences).")
    extras: int = Field(
        description="At most this many words in agreed points, disputes, timeline and framing."
    )
    headline: int = Field(description="At most this many words in the headline.")
    dates: int = Field(
        default=0,
        description="At most this many words added to the body beyond ``body``: absolute "
        "dates in parentheses ('on Saturday (29 February)') and the full names of people "
        "named by surname alone ('Defence Minister Stefan Orlo said').",
    )


class OutletFraming(Resolved, FramingFields):
    pass


class CallUsage(ContractModel):
    stage: str
    model: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    wall_s: float = 0.0
    attempts: int = 1


class UsageTotals(ContractModel):
    """A run's usage summed: what an eval report keeps of each cluster's calls."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Usage(ContractModel):
    calls: list[CallUsage] = Field(default_factory=list)
    wall_s: float = 0.0

    def totals(self) -> UsageTotals:
        return UsageTotals(
            calls=len(self.calls),
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
        )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def prompt_tokens(self) -> int:
        return sum(call.prompt_tokens for call in self.calls)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def completion_tokens(self) -> int:
        return sum(call.completion_tokens for call in self.calls)


class VerificationIssue(ContractModel):
    code: Literal[
        "unknown_citation",
        "uncited_sentence",
        "unattributed_claim",
        "loaded_term",
        "too_long",
        "empty_summary",
        "bad_quote",
        "dangling_reference",
    ]
    message: str
    sentence: int | None = Field(default=None, description="0-based index of the sentence.")


class ClusterSummary(ContractModel):
    schema_version: str = SCHEMA_VERSION
    cluster_id: str
    title: str | None = None
    headline: str = ""
    sentences: list[SummarySentence] = Field(default_factory=list)
    agreed: list[AgreedPoint] = Field(default_factory=list)
    disputes: list[Dispute] = Field(default_factory=list)
    framing: list[OutletFraming] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    budget: WordBudget | None = None
    warnings: list[str] = Field(default_factory=list)
    sources: list[ArticleMeta] = Field(default_factory=list)
    backend: str = ""
    model: str | None = None
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    settings: dict[str, object] = Field(default_factory=dict)
    usage: Usage = Field(default_factory=Usage)

    @property
    def text(self) -> str:
        """The summary body (headline excluded): what the word budget applies to."""
        return " ".join(sentence.text for sentence in self.sentences)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def words(self) -> int:
        return len(self.text.split())


class ClusterStories(ContractModel):
    """An input that holds several stories, each summarised apart: what
    ``summarize --all-stories`` and ``"all_stories": true`` return as JSON."""

    schema_version: str = SCHEMA_VERSION
    stories: list[ClusterSummary] = Field(
        description="One summary per story, largest first (cluster_id '<cluster>-story-<n>' "
        "when there are several); each names its articles in ``sources`` and how the input "
        "was split in ``warnings``."
    )
