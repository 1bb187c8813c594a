"""The items a summary is made of, each in two states that differ only in how they cite.

A model's draft names source sentences by id (``cites``, mixin ``ById``); the final
summary holds citations resolved through ``Corpus.cite`` (``citations``, mixin
``Resolved``). Everything else an item says is declared once here, so the draft and
the final item cannot drift apart and ``verify`` walks both with one walker
(``cited_ids()`` reads either state).
"""

from __future__ import annotations

from typing import Protocol

from pydantic import Field

from .base import ContractModel
from .corpus import Citation


class ById(ContractModel):
    """Cites source sentences by id, as a model writes them: 'reuters:3'."""

    cites: list[str] = Field(description="Ids of the sentences it rests on, e.g. 'reuters:3'.")

    def cited_ids(self) -> list[str]:
        return list(self.cites)


class Resolved(ContractModel):
    """Cites source sentences through citations resolved by the corpus."""

    citations: list[Citation] = Field(default_factory=list)

    def cited_ids(self) -> list[str]:
        return [citation.sentence_id for citation in self.citations]


class SentenceText(ContractModel):
    text: str


class PointText(ContractModel):
    text: str


class DisputeFields(ContractModel):
    claim: str
    claimant: str
    disputed_by: list[str] = Field(default_factory=list)


class FramingFields(ContractModel):
    article_id: str
    outlet: str
    note: str = Field(description="How this outlet frames the story, in neutral words.")
    loaded_terms: list[str] = Field(default_factory=list)


class CitedSentence(Protocol):
    """What verify reads of a summary sentence, drafted or final."""

    @property
    def text(self) -> str: ...

    @property
    def attributed_to(self) -> str | None: ...

    def cited_ids(self) -> list[str]: ...


class CitedItem(Protocol):
    """Any other item with citations: an agreed point, a dispute, a framing note."""

    def cited_ids(self) -> list[str]: ...
