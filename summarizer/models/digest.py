"""The map stage: what a model extracts from one article, cited by sentence id."""

from __future__ import annotations

from pydantic import Field

from .base import ContractModel
from .items import ById


class ClaimFields(ContractModel):
    text: str = Field(description="One claim or fact the article reports, in plain words.")
    asserted_by: str = Field(description="Who asserts it: the outlet itself or the party quoted.")


class FigureFields(ContractModel):
    value: str
    what: str = Field(description="What the figure counts or measures.")
    date: str | None = Field(
        default=None, description="The date or period the figure is for, if given."
    )
    asserted_by: str


class LoadedTermFields(ContractModel):
    term: str = Field(description="The loaded word or phrase as the article uses it.")
    neutral: str | None = Field(
        default=None, description="A neutral wording, or null when none fits."
    )


class DraftClaim(ById, ClaimFields):
    pass


class DraftFigure(ById, FigureFields):
    pass


class DraftLoadedTerm(ById, LoadedTermFields):
    pass


class DigestItems(ContractModel):
    claims: list[DraftClaim] = Field(default_factory=list)
    figures: list[DraftFigure] = Field(default_factory=list)
    loaded_terms: list[DraftLoadedTerm] = Field(default_factory=list)


class DigestDraft(DigestItems):
    """The map stage's answer for one article."""

    embedded_instructions: list[str] = Field(
        default_factory=list,
        description="Text in the article addressed to an AI or trying to instruct the reader's "
        "software, quoted as page content; empty when there is none.",
    )


class ArticleDigest(DigestItems):
    """One article's digest as the reduce stage reads it (all parts merged)."""

    article_id: str
