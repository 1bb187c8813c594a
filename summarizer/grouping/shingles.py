"""Texts as sets of word shingles, on a normalised form: a dateline, case, accents'
composition, punctuation and spacing do not tell two copies of one wire text apart.

Two texts can only be copies when they carry the same numbers and the same negations
(``guard``): a rewrite that changes a figure or says "not" is another fact, however
many words it shares.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")
# A dateline: "PORT ARDEL, Veyra (Wire 17) — ", "LISK, May 3 (Reuters) - " (outlets
# stamp their copies with their own).
_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'\u2019-]{1,40}(?:,[^\n]{0,30}?)?(?:\([^)]{0,40}\))?\s+[-\u2013\u2014]+\s+"
)
_NEGATIONS = frozenset({"not", "no", "never", "nor", "none", "nobody", "nothing", "denied"})


def words(text: str) -> list[str]:
    """The text's words after any dateline, lower-cased, in NFKC form."""
    normal = unicodedata.normalize("NFKC", text)
    normal = _DATELINE.sub("", normal, count=1).lower().replace("\u2019", "'")
    return _WORD.findall(normal.replace("n't", " not"))


def normalised(text: str) -> str:
    return " ".join(words(text))


def shingles(tokens: list[str], size: int) -> set[str]:
    """Every run of ``size`` consecutive words (the whole text when shorter)."""
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[start : start + size]) for start in range(len(tokens) - size + 1)}


def guard(tokens: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What two copies must share exactly: their numbers and their negations, in order."""
    numbers = tuple(token for token in tokens if token[:1].isdigit())
    negations = tuple(token for token in tokens if token in _NEGATIONS)
    return numbers, negations


def jaccard(first: set[str], second: set[str]) -> float:
    if not first and not second:
        return 1.0
    return len(first & second) / len(first | second)
