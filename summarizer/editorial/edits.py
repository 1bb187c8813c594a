"""An edit of a summary sentence, recorded the same way by every editorial stage."""

from __future__ import annotations

from ..models import SummarySentence


def edited(sentence: SummarySentence, text: str) -> SummarySentence:
    """``sentence`` with new wording, marked edited; ``original`` keeps the source wording
    (the first one, when the backend had edited it already)."""
    if text == sentence.text:
        return sentence
    original = sentence.original if sentence.edited else sentence.text
    return sentence.model_copy(update={"text": text, "edited": True, "original": original})
