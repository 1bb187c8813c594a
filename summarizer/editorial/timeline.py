"""The timeline: dated developments, each cited, and figures shown as they changed.

Two sources, neither the backend's: (1) body sentences that name the day of their
development ("on Thursday", resolved from the cited article's date), as a short
clause; (2) counts in the corpus ("33 Turkish soldiers were killed"): a number, the
noun phrase it counts and the event it belongs to (the participle after it or the
verb before it). Counts of one thing (same event, same noun, no clashing modifiers)
form a series, dated by the day their sentence names or else by publication; its
distinct values in date order are the figure as it changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from ..lexicon.words import STOP_WORDS, stem
from ..models import ClusterSummary, Corpus, Sentence, TimelineEntry
from .dates import MONTHS, citation_day, parse_day, sentence_day
from .headline import main_clause

# Series shown at most (the most often reported first), and entries in all.
MAX_SERIES = 3
MAX_ENTRIES = 12

# Numbers written as words, as news writes counts below ten (and a few more), and the
# tens they combine with ("fifty-seven").
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_WORDS = (
    r"(?:" + "|".join(TENS) + r")(?:-(?:" + _UNITS + r"))?"
    r"|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
)
_NUMBER = (
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?i:" + _WORDS + r"))"
    r"(?:\s+(?P<scale>million|billion|thousand))?"
)
# Words that count the same people or the same event: a series is one thing counted.
SAME_NOUN = {"troop": "soldier", "personnel": "soldier", "servicemen": "soldier"}
SAME_EVENT = {"died": "kill", "dead": "kill", "death": "kill"}
_PLURALS = r"[a-z]{2,}s|people|children|men|women|police|staff|personnel"
_COUNT = re.compile(
    r"(?<![\w.,$\u20ac\u00a3-])" + _NUMBER + r"\s+(?P<mods>(?:[A-Za-z][\w'\u2019-]*\s+){0,2}?)"
    r"(?P<head>" + _PLURALS + r")\b"
)
_AFTER = re.compile(
    r"^\s+(?:(?:were|was|have|has|had|been|are|is|being|reportedly|also|now|so far)\s+)*"
    r"(?P<event>[a-z]+(?:ed|en)|dead|hurt|missing|held)\b"
)
_BEFORE = re.compile(
    r"\b(?P<event>[a-z]+(?:ing|ed))\s+(?:(?:at least|more than|some|about|nearly|almost"
    r"|over|around|up to|another|a further)\s+)?$"
)
# "the number of Turkish personnel killed ... to 16": a count that names its noun first.
_NUMBER_OF = re.compile(
    r"\bnumber of\s+(?P<mods>(?:[A-Za-z][\w'\u2019-]*\s+){0,2}?)(?P<head>" + _PLURALS + r")"
    r"\s+(?P<event>[a-z]+(?:ed|en))\b[^.;:]{0,80}?\bto\s+(?:at least\s+)?" + _NUMBER + r"\b"
)
# "the death toll ... rose to 19": a count of the dead.
_TOLL = re.compile(
    r"\bdeath toll\b[^.;:]{0,80}?\b(?:(?:rose|climbed|increased|jumped|grew)\s+to|reached"
    r"|stood at|stands at|is|was|hit)\s+(?:at least\s+|more than\s+)?" + _NUMBER + r"\b",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(r"\b(?:at least|more than|nearly|almost|about|around|up to)\s+$", re.I)
_GENERIC = {"more", "other", "further", "additional", "new"}
# Heads that count time, not people or things: "two days later", "four years".
_TIME_UNITS = {"seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades"}


@dataclass(frozen=True)
class Count:
    """One count in one source sentence."""

    value: float
    written: str  # the number as the source writes it: "Fifty-seven"
    figure: str  # in digits: "33", "3.6 million", "57" for "Fifty-seven"
    what: str  # "Turkish soldiers killed"
    event: str  # stem of the event: "kill"
    head: str  # stem of the counted noun: "soldier"
    modifiers: frozenset[str]
    day: date
    sentence: Sentence
    qualifier: str  # "at least " or ""
    day_named: bool = False  # the sentence names the day ("on Thursday"), not publication


def counts_in(sentence: Sentence, published: date | None) -> list[Count]:
    """The counts of ``sentence`` that belong to an event, dated: "33 soldiers were
    killed", "the number of soldiers killed ... to 16", "the death toll rose to 19"."""
    named = sentence_day(sentence.text, published)
    day = named or published
    if day is None:
        return []
    found = [_count(match, sentence, day) for match in _COUNT.finditer(sentence.text)]
    for match in _NUMBER_OF.finditer(sentence.text):
        event = match.group("event")
        found.append(
            _counted(match, sentence, day, match.group("mods"), match.group("head"), event)
        )
    for match in _TOLL.finditer(sentence.text):
        found.append(_counted(match, sentence, day, "", "people", "dead", what="dead"))
    return [replace(count, day_named=named is not None) for count in found if count is not None]


def _count(match: re.Match[str], sentence: Sentence, day: date) -> Count | None:
    """A number before its noun; the event is the participle after it or the verb
    before it ("33 soldiers were killed", "killing 33 soldiers")."""
    text = sentence.text
    after = _AFTER.match(text[match.end() :])
    before = _BEFORE.search(text[: match.start()].lower())
    event = after.group("event") if after else before.group("event") if before else None
    if event is None:
        return None
    return _counted(match, sentence, day, match.group("mods"), match.group("head"), event)


def _counted(
    match: re.Match[str],
    sentence: Sentence,
    day: date,
    modifiers: str,
    head: str,
    event: str,
    what: str | None = None,
) -> Count | None:
    number, scale = match.group("number"), match.group("scale")
    if scale is None and re.fullmatch(r"(?:19|20)\d\d", number):
        return None  # a year
    words = modifiers.lower().split()
    if head.lower() in STOP_WORDS or head.lower() in _TIME_UNITS or head.lower() == "others":
        return None
    if any(word in STOP_WORDS or word in MONTHS for word in words):
        return None  # "26 February and was ...": a date, or a phrase running past its noun
    mods = [w for w in modifiers.split() if w.lower() not in _GENERIC]
    qualifier = _QUALIFIER.search(sentence.text[: match.start("number")])
    value = _value(number) * {"million": 1e6, "billion": 1e9, "thousand": 1e3}.get(scale or "", 1)
    return Count(
        value=value,
        written=number,
        figure=f"{_numeral(number)} {scale}" if scale else _numeral(number),
        what=what or f"{' '.join([*mods, head])} {event}",
        event=SAME_EVENT.get(stem(event), stem(event)),
        head=SAME_NOUN.get(stem(head), stem(head)),
        modifiers=frozenset(stem(w) for w in mods if w.lower() not in STOP_WORDS),
        day=day,
        sentence=sentence,
        qualifier=qualifier.group(0).lower() if qualifier else "",
    )


def _numeral(number: str) -> str:
    """A number in digits: as written when it is, "57" for "Fifty-seven"."""
    return number if number[:1].isdigit() else str(int(_value(number)))


def _value(number: str) -> float:
    """A number as written: digits, a word, or tens and units ("fifty-seven")."""
    word = number.lower()
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    tens, _, unit = word.partition("-")
    if tens in TENS:
        units = _UNITS.split("|")
        return float(TENS[tens] + (units.index(unit) + 1 if unit else 0))
    return float(number.replace(",", ""))


def series(counts: list[Count]) -> list[list[Count]]:
    """Each changing figure's distinct values in date order, the most often reported
    first (``changing``)."""
    return [_distinct(group) for group in changing(counts)]


def changing(counts: list[Count]) -> list[list[Count]]:
    """Counts of one thing grouped; a count with no modifiers joins the largest group of
    its event and noun. Only groups whose value changes over days are kept, every
    count of them (the most often reported first; at most ``MAX_SERIES``)."""
    groups: dict[tuple[str, str, frozenset[str]], list[Count]] = {}
    for count in sorted(counts, key=lambda c: -len(c.modifiers)):
        key = (count.event, count.head, count.modifiers)
        if not count.modifiers:
            fits = [k for k in groups if k[:2] == key[:2]]
            key = max(fits, key=lambda k: len(groups[k])) if fits else key
        groups.setdefault(key, []).append(count)
    distinct = [(group, _distinct(group)) for group in groups.values()]
    kept = [(group, values) for group, values in distinct if len({c.day for c in values}) > 1]
    return [group for group, values in sorted(kept, key=lambda pair: -len(pair[1]))][:MAX_SERIES]


def _distinct(group: list[Count]) -> list[Count]:
    """Each value once, at the first day it was reported, in date order."""
    first: dict[float, Count] = {}
    for count in sorted(group, key=lambda c: (c.day, c.sentence.article_id, c.sentence.index)):
        first.setdefault(count.value, count)
    return sorted(first.values(), key=lambda c: (c.day, c.value))


def figure_entries(corpus: Corpus, counts: list[Count] | None = None) -> list[TimelineEntry]:
    """Each changing figure's values, each in its source's words ("16 Turkish personnel
    killed", "At least 33 Turkish soldiers killed"); ``what`` names the series, the same
    for all its entries."""
    return [
        TimelineEntry(
            date=count.day.isoformat(),
            text=_capitalised(f"{count.qualifier}{count.figure} {count.what}"),
            figure=count.figure,
            what=_label(group),
            citations=[corpus.cite(count.sentence.id)],
        )
        for group in series(corpus_counts(corpus) if counts is None else counts)
        for count in group
    ]


def corpus_counts(corpus: Corpus) -> list[Count]:
    """Every dated count of an event in the corpus's sentences."""
    counts: list[Count] = []
    for segmented in corpus.articles:
        published = parse_day(segmented.article.published)
        for sentence in segmented.sentences:
            counts += counts_in(sentence, published)
    return counts


def _label(group: list[Count]) -> str:
    """What a series counts: the words most of its counts use (the first on a tie)."""
    words = [count.what for count in group]
    return max(words, key=words.count)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def body_entries(summary: ClusterSummary) -> list[TimelineEntry]:
    """Body sentences that name the day of their development."""
    entries: list[TimelineEntry] = []
    for sentence in summary.sentences:
        day = sentence_day(sentence.text, citation_day(sentence))
        clause = main_clause(sentence.text)
        if day is None or clause is None:
            continue
        entries.append(
            TimelineEntry(date=day.isoformat(), text=clause, citations=sentence.citations)
        )
    return entries


def build_timeline(
    summary: ClusterSummary, corpus: Corpus, counts: list[Count] | None = None
) -> list[TimelineEntry]:
    """The summary's developments and the corpus's changing figures (``counts``: the
    corpus's, when the caller has them), in date order."""
    figures = figure_entries(corpus, counts)
    figure_ids = {c.sentence_id for entry in figures for c in entry.citations}
    body = [
        entry
        for entry in body_entries(summary)
        if not figure_ids & {c.sentence_id for c in entry.citations}
    ]
    kept = [*figures, *body][:MAX_ENTRIES]
    return sorted(kept, key=lambda entry: entry.date)
