"""Letter scripts: which script each letter belongs to, which scripts a language is
written in, and the two checks that text is in another script than expected."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def names(text: str) -> frozenset[str]:
    """A set of names written as one space-separated string."""
    return frozenset(text.split())


# Languages whose pages default to Windows-1252 when they are not UTF-8.
WESTERN_LANGUAGES = names("en fr de es it pt nl da sv no nb nn fi is ga ca eu gl af sq id ms sw")

LANGUAGE_SCRIPTS: dict[str, frozenset[str]] = {
    **{code: frozenset({"latin"}) for code in WESTERN_LANGUAGES},
    **{
        code: frozenset({"latin"})
        for code in names("tr pl cs sk sl hr bs ro hu et lv lt vi tl az uz mt")
    },
    **{code: frozenset({"cyrillic"}) for code in names("ru uk bg sr mk be kk ky tg mn")},
    **{code: frozenset({"arabic"}) for code in names("ar fa ur ps ku sd ug")},
    "el": frozenset({"greek"}),
    "he": frozenset({"hebrew"}),
    "yi": frozenset({"hebrew"}),
    "zh": frozenset({"cjk"}),
    "ja": frozenset({"cjk", "hiragana", "katakana"}),
    "ko": frozenset({"hangul", "cjk"}),
    **{code: frozenset({"devanagari"}) for code in names("hi mr ne sa")},
}

# A page line with less than this share of letters in the article's script is
# furniture; a decoded page with at least this share of Latin letters is "mostly Latin".
MIN_SCRIPT_SHARE = 0.5
# A candidate sentence of an English cluster with less than this share of Latin
# letters is never selected (stricter than for page lines: a summary sentence must
# read as English, a page line only has to belong to the page).
MIN_LATIN_SENTENCE_SHARE = 0.8
# The languages whose clusters the sentence check applies to.
LATIN_SENTENCE_LANGUAGES = (None, "", "en")


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The script of one letter: "latin", else the first word of its Unicode name."""
    code = ord(char)
    if code < 0x250 or 0x1E00 <= code < 0x1F00:
        return "latin"
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0].lower() if name else "unknown"


# The code points ``script_of`` calls Latin, and the letters among them (``isalpha``:
# word characters less digits, "_" and the numeric ² ³ ¹ ¼ ½ ¾): counted by the regex
# engine, since a Python loop over every character was most of the furniture check.
_LATIN_RANGE = re.compile(r"[\x00-\u024f\u1e00-\u1eff]+")
_LATIN_LETTER = re.compile(r"(?=[\x00-\u024f\u1e00-\u1eff])[^\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be]")


def letter_scripts(text: str) -> dict[str, int]:
    """How many letters of ``text`` belong to each script."""
    counts: dict[str, int] = {}
    latin = _LATIN_LETTER.subn("", text)[1]
    if latin:
        counts["latin"] = latin
    for char in _LATIN_RANGE.sub("", text):
        if char.isalpha():
            script = script_of(char)
            counts[script] = counts.get(script, 0) + 1
    return counts


def share_in_scripts(counts: dict[str, int], scripts: frozenset[str]) -> float:
    """The share of counted letters in ``scripts`` (0 when there are no letters)."""
    total = sum(counts.values())
    return sum(counts.get(script, 0) for script in scripts) / total if total else 0.0


def expected_scripts(language: str | None, text: str) -> frozenset[str]:
    """The scripts of ``language``; when most of the text's letters are in another
    script (a language guessed wrong, or not given), that script."""
    known = LANGUAGE_SCRIPTS.get((language or "").lower().split("-")[0])
    counts = letter_scripts(text[:200_000])
    if not counts:
        return known or frozenset({"latin"})
    dominant = max(counts, key=counts.__getitem__)
    return known if known is not None and dominant in known else frozenset({dominant})


def mostly_latin(text: str) -> bool:
    """At least MIN_SCRIPT_SHARE of the letters of ``text`` (its first 100,000
    characters) are Latin; true for text without letters."""
    counts = letter_scripts(text[:100_000])
    return counts.get("latin", 0) >= MIN_SCRIPT_SHARE * max(1, sum(counts.values()))


def is_foreign_script(text: str, language: str | None) -> bool:
    """A sentence mostly in a non-Latin script inside an English cluster (page furniture)."""
    if language not in LATIN_SENTENCE_LANGUAGES:
        return False
    counts = letter_scripts(text)
    if not counts:
        return True
    return counts.get("latin", 0) < MIN_LATIN_SENTENCE_SHARE * sum(counts.values())
