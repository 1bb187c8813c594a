"""The eval harness's semantic judge: one verdict per labelled fact."""

from __future__ import annotations

from pydantic import Field

from .base import ContractModel


class JudgeVerdict(ContractModel):
    """What a semantic judge says about one fact (beside, never instead of, the lexical match)."""

    fact_id: str = Field(description="The fact's id, exactly as given in the brackets.")
    covered: bool = Field(
        description="True only when the summary states the fact, or its substance, explicitly."
    )
    reason: str = Field(
        default="",
        description="One short sentence: the summary sentence that states it, or what is missing.",
    )


class JudgeDraft(ContractModel):
    """The eval judge's answer: one verdict per labelled fact."""

    verdicts: list[JudgeVerdict]
