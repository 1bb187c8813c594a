"""What a language model answers, before its citations are resolved.

Every field is required in the schema a model is given (``backends.llm`` makes it
strict), and citations are sentence ids only: quotes and offsets always come from
the corpus. The items share their fields with the final summary's (``items``).
"""

from __future__ import annotations

from pydantic import Field

from .base import ContractModel
from .items import ById, DisputeFields, FramingFields, PointText, SentenceText


class DraftSentence(ById, SentenceText):
    cites: list[str] = Field(description="Ids of the source sentences this sentence rests on.")
    attributed_to: str | None = Field(
        description="Who makes the sentence's claim when it is a claim, else null."
    )


class DraftPoint(ById, PointText):
    pass


class DraftDispute(ById, DisputeFields):
    pass


class DraftFraming(ById, FramingFields):
    pass


class SummaryDraft(ContractModel):
    """The reduce stage's answer for the whole cluster."""

    headline: str
    sentences: list[DraftSentence]
    agreed: list[DraftPoint]
    disputes: list[DraftDispute]
    framing: list[DraftFraming]
