"""Figures in a sentence: a number, what it counts, and the event it counts, by rules.

"St Brennan's Hospital said it had treated 14 people" holds 14 people (exact) in the
event family "injured"; "at least 40 supporters were treated" holds 40 supporters or
more. Two figures conflict when they count the same thing and their ranges cannot
both hold (``conflict``). No rule here knows any story's words: the event families are
the casualty and count words of news in general.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...lexicon.words import NEWS_STOP_WORDS, stem
from ...text import outside_quotes

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "dozen": 12,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD_NUMBER = (
    r"(?:(?:"
    + "|".join(_TENS)
    + r")(?:[-\s](?:"
    + "|".join(_UNITS)
    + r"))?|"
    + "|".join(sorted(_UNITS, key=len, reverse=True))
    + r")"
)
_FIGURE = re.compile(
    r"(?P<bound>\b(?:at\s+least|more\s+than|over|upwards\s+of|up\s+to|at\s+most|fewer\s+than"
    r"|less\s+than|nearly|almost|about|around|some|roughly|approximately|an\s+estimated)\s+)?"
    r"(?P<number>\b\d[\d,]*(?:\.\d+)?\b|\b(?:a\s+)?" + _WORD_NUMBER + r"\b)"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion)\b)?",
    re.IGNORECASE,
)
_NOT_COUNTS = re.compile(
    r"^\s*(?:am|pm|a\.m|p\.m|o'clock|per\s*cent|percent|%|years?\s+old|km|kilomet|metres"
    r"|miles|hours?|minutes?|days?|weeks?|months?|years?|january|february|march|april|may"
    r"|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)
# People counted in general: a count of a named group can be part of such a total.
GENERIC_HEADS = frozenset({"people", "person", "persons", "others", "individuals"})
# What a count of people is a count of, in news of any kind (a word start each).
EVENT_FAMILIES: dict[str, tuple[str, ...]] = {
    "were killed": ("kill", "dead", "die", "died", "death", "toll", "bodies", "lost their li"),
    "were injured": ("injur", "wound", "hurt", "treated", "hospital"),
    "were arrested": ("arrest", "detain", "custody"),
    "were displaced": ("displac", "fled", "flee", "evacuat", "homeless", "forced from"),
    "are missing": ("missing",),
}
_HEAD_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_WINDOW = 8  # words each side of the number that say what it counts
# A count outside the event families (money, jobs, votes) is the same count as another
# only when this many words around the two numbers are the same.
MIN_SHARED_CONTEXT = 3


@dataclass(frozen=True)
class Figure:
    text: str  # the figure as written ("at least 40", "Twenty-seven")
    low: float
    high: float
    head: str  # stem of what it counts ("people", "member", "mark")
    noun: str  # that word as written ("people", "members", "marks")
    modifiers: frozenset[str]  # stems between the number and its noun ("Turkish", "regime")
    family: str | None  # an EVENT_FAMILIES key, or None
    context: frozenset[str]  # content stems around the number

    def counts_people_generally(self) -> bool:
        return self.head in {stem(word) for word in GENERIC_HEADS}


def _value(number: str, scale: str | None) -> float | None:
    cleaned = number.lower().removeprefix("a ").strip()
    if cleaned[:1].isdigit():
        value = float(cleaned.replace(",", ""))
    else:
        parts = re.split(r"[-\s]+", cleaned)
        value = float(sum(_TENS.get(part, _UNITS.get(part, 0)) for part in parts))
    return value * _SCALE[scale.lower()] if scale else value


def _range(value: float, bound: str | None) -> tuple[float, float]:
    word = (bound or "").lower().split()
    if word[:1] in (["at"], ["more"], ["over"], ["upwards"]) and word != ["at", "most"]:
        return value, float("inf")
    if word[:1] in (["up"], ["fewer"], ["less"], ["nearly"], ["almost"]) or word == ["at", "most"]:
        return 0.0, value
    if word:  # about, around, some, roughly: within a sixth either way
        return value * 5 / 6, value * 7 / 6
    return value, value


def _head(after: str) -> tuple[str, frozenset[str]]:
    """What the number counts, and the words before that noun: 'of our members' ->
    members; 'Turkish soldiers' -> soldiers, {turk}."""
    words = _HEAD_WORD.findall(after)[:4]
    while words and words[0].lower() in {"of", "our", "their", "its", "his", "her", "the"}:
        words.pop(0)
    kept: list[str] = []
    for word in words[:3]:
        if word.lower() in NEWS_STOP_WORDS:
            break
        kept.append(word)
    if not kept:
        return "", frozenset()
    return kept[-1], frozenset(stem(word) for word in kept[:-1])


def _family(after: str, before: str) -> str | None:
    """The event the count is of: the nearest event word after the number, else before."""
    for window in (after, " ".join(reversed(before.split()))):
        lowered = window.lower()
        hits = [
            (found.start(), family)
            for family, starts in EVENT_FAMILIES.items()
            for start in starts
            if (found := re.search(r"(?<![^\W_])" + re.escape(start), lowered)) is not None
        ]
        if hits:
            return min(hits)[1]
    return None


def figures(text: str) -> list[Figure]:
    """Every count in the sentence's own words (quotations left out), years and times not."""
    unquoted = outside_quotes(text)
    found: list[Figure] = []
    for match in _FIGURE.finditer(unquoted):
        after = unquoted[match.end() : match.end() + 60]
        number = match.group("number")
        if _NOT_COUNTS.match(after) or re.fullmatch(r"(19|20)\d\d", number):
            continue
        if re.search(r"[A-Z][a-z]+\s+$", unquoted[: match.start()]) and number[:1].isdigit():
            continue  # a name's number ("Gate 4", "Route 9"), not a count
        value = _value(number, match.group("scale"))
        noun, modifiers = _head(after)
        if value is None or not noun:
            continue
        before = " ".join(unquoted[: match.start()].split()[-_WINDOW:])
        after = " ".join(after.split()[:_WINDOW])
        window = f"{before} {after}"
        low, high = _range(value, match.group("bound"))
        context = frozenset(
            stem(word) for word in _HEAD_WORD.findall(window) if word.lower() not in NEWS_STOP_WORDS
        )
        text = match.group(0).strip()
        family = _family(after, before)
        found.append(Figure(text, low, high, stem(noun), noun, modifiers, family, context))
    return found


def conflict(first: Figure, second: Figure) -> bool:
    """The two figures count the same thing and cannot both be right.

    A count of people in general may be larger than a count of a named group among them
    (14 people treated, 9 of them officers), never smaller (14 people, 27 members).
    """
    if first.family != second.family:
        return False
    if first.modifiers and second.modifiers and not first.modifiers & second.modifiers:
        return False  # 16 regime soldiers, 36 Turkish soldiers: two counts
    if first.family is None and (
        first.head != second.head or len(first.context & second.context) < MIN_SHARED_CONTEXT
    ):
        return False
    if first.head == second.head:
        return first.high < second.low or second.high < first.low
    general, named = (first, second) if first.counts_people_generally() else (second, first)
    if not general.counts_people_generally() or named.counts_people_generally():
        return False
    return named.low > general.high
