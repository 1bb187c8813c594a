"""Absolute dates: relative day names and phrases resolved from the publication date.

"on Saturday" in an article published on Sunday 1 March 2020 is Saturday 29 February:
the weekday on or before the publication date ("last Saturday": before it). The
summary keeps the source's words and adds the date in parentheses ("on Saturday
(29 February)"), recorded as an edit. A phrase already followed by a date, a phrase
inside quotation marks and a possessive ("Thursday's strike") are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..models import Citation, ClusterSummary, SummarySentence
from ..text import quoted_spans, word_count
from .edits import edited

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
# A date written without a year that lands this far after publication is last year's.
FUTURE_LIMIT_DAYS = 183

_WEEKDAY = "|".join(WEEKDAYS)
_MONTH = "|".join(MONTHS)
_MONTH_SHORT = r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_RELATIVE = re.compile(
    r"\b(?:(?P<which>last|this|next|on|early|late)\s+)?(?P<weekday>" + _WEEKDAY + r")\b"
    r"(?:\s+(?:morning|afternoon|evening|night)\b)?(?P<week_before>\s+of\s+last\s+week\b)?"
    r"|\b(?P<day>yesterday|today|tomorrow|tonight)\b"
    r"|\b(?P<span>(?:earlier|later)\s+this|this|last|next)\s+(?P<unit>week|month|year)\b",
    re.IGNORECASE,
)
_ALREADY_DATED = re.compile(
    r"^[\s,(]*(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\b|(?:" + _MONTH + r")\b)", re.IGNORECASE
)
_ABSOLUTE = re.compile(
    r"\b(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>" + _MONTH + "|" + _MONTH_SHORT + r")\.?"
    r"|(?P<m2>" + _MONTH + "|" + _MONTH_SHORT + r")\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?\b)"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)


# A weekday after one of these, in the same clause, is still to come: "will lodge a
# complaint on Monday", "is due to visit on Thursday", "a session for Friday".
_FUTURE = re.compile(
    r"\b(?:will|shall|(?:is|are)\s+(?:due|expected|scheduled|set|going)\s+to|(?:is|are)\s+to"
    r"|plans?\s+to)\b[^,;:.!?]*$|\bfor\s+$",
    re.IGNORECASE,
)
# "since last Thursday": the day a span starts, not the day of the development.
_SPAN_START = re.compile(r"\b(?:since|from|until|till)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Resolved:
    """A relative phrase at ``start:end`` of a sentence and the date it stands for."""

    start: int
    end: int
    label: str  # what goes in parentheses: "29 February", "week of 24 February"
    day: date | None  # the day, when the phrase names one


def parse_day(published: str | None) -> date | None:
    """An ISO date or date-time string as a date; None when missing or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def day_label(day: date) -> str:
    return f"{day.day} {day.strftime('%B')}"


def relative_phrases(text: str, published: date) -> list[Resolved]:
    """Every relative date phrase of ``text`` that needs a date, resolved."""
    quoted = quoted_spans(text)
    found: list[Resolved] = []
    for match in _RELATIVE.finditer(text):
        if any(start <= match.start() < end for start, end in quoted):
            continue
        tail = text[match.end() :]
        if _ALREADY_DATED.match(tail) or tail[:2] in ("'s", "\u2019s"):
            continue
        resolved = _resolve(match, published)
        if resolved is not None:
            found.append(resolved)
    return found


def _resolve(match: re.Match[str], published: date) -> Resolved | None:
    if match.group("weekday"):
        which = "week before" if match.group("week_before") else match.group("which") or ""
        if which.lower() in ("", "on", "early", "late") and _FUTURE.search(
            match.string[: match.start()]
        ):
            which = "next"
        day = _weekday(match.group("weekday").lower(), which.lower(), published)
        return Resolved(match.start(), match.end(), day_label(day), day)
    if match.group("day"):
        shift = {"yesterday": -1, "tomorrow": 1}.get(match.group("day").lower(), 0)
        day = published + timedelta(days=shift)
        return Resolved(match.start(), match.end(), day_label(day), day)
    span = match.group("span").lower().split()[-1]
    unit = match.group("unit").lower()
    shift = {"last": -1, "next": 1}.get(span, 0)
    if shift == 0 and _first_day_of(unit, published):
        return None  # "this month" dated 1 March: news written the day before is dated so
    return Resolved(match.start(), match.end(), _period(unit, shift, published), None)


def _first_day_of(unit: str, published: date) -> bool:
    """The publication day opens its week, month or year: which one "this ..." means
    is not known (the month just ended, when the piece went out overnight)."""
    if unit == "week":
        return published.weekday() == 0
    if unit == "month":
        return published.day == 1
    return published.month == 1 and published.day == 1


def _weekday(name: str, which: str, published: date) -> date:
    """The named weekday on or before ``published``; 'last' before it, 'next' after it
    (and a weekday still to come), 'week before' in the week before publication's."""
    if which == "week before":
        monday = published - timedelta(days=published.weekday() + 7)
        return monday + timedelta(days=WEEKDAYS.index(name))
    back = (published.weekday() - WEEKDAYS.index(name)) % 7
    if which == "next":
        return published + timedelta(days=(7 - back) % 7 or 7)
    if which == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)


def _period(unit: str, shift: int, published: date) -> str:
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=shift)
        return f"week of {day_label(monday)}"
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + shift
        first = date(month_index // 12, month_index % 12 + 1, 1)
        return first.strftime("%B %Y")
    return str(published.year + shift)


def absolute_day(text: str, published: date | None) -> date | None:
    """The first day written out in ``text`` ("27 February", "Feb. 27, 2020")."""
    for match in _ABSOLUTE.finditer(text):
        month_name = (match.group("m1") or match.group("m2")).lower()
        number = int(match.group("d1") or match.group("d2"))
        month = next(i for i, name in enumerate(MONTHS, 1) if name.startswith(month_name[:3]))
        year = int(match.group("year")) if match.group("year") else None
        found = _make_day(year, month, number, published)
        if found is not None:
            return found
    return None


def _make_day(year: int | None, month: int, number: int, published: date | None) -> date | None:
    if year is None and published is None:
        return None
    try:
        day = date(year or (published.year if published else 1), month, number)
    except ValueError:
        return None
    if year is None and published is not None and (day - published).days > FUTURE_LIMIT_DAYS:
        day = day.replace(year=day.year - 1)
    return day


def sentence_day(text: str, published: date | None) -> date | None:
    """The day a sentence says its development happened: a relative phrase resolved,
    else a date written out; None when it names no day."""
    if published is not None:
        for resolved in relative_phrases(text, published):
            if resolved.day is not None and not _SPAN_START.search(text[: resolved.start]):
                return resolved.day
    return absolute_day(text, published)


def citation_day(sentence: SummarySentence) -> date | None:
    """The publication date the sentence's words are read against: its first dated
    citation whose quote holds the sentence's first relative phrase, else the first dated."""
    dated = [citation for citation in sentence.citations if parse_day(citation.published)]
    if not dated:
        return None
    source = _source_citation(sentence.original or sentence.text, dated)
    return parse_day(source.published)


def _source_citation(text: str, dated: list[Citation]) -> Citation:
    match = _RELATIVE.search(text)
    if match is not None:
        phrase = match.group(0).lower()
        for citation in dated:
            if phrase in citation.quote.lower():
                return citation
    return dated[0]


def annotate(text: str, published: date, keep: set[int] | None = None) -> str:
    """``text`` with each relative phrase (or those starting at ``keep``) followed by its
    date in parentheses."""
    pieces: list[str] = []
    cursor = 0
    for resolved in relative_phrases(text, published):
        if keep is not None and resolved.start not in keep:
            continue
        pieces += [text[cursor : resolved.end], f" ({resolved.label})"]
        cursor = resolved.end
    return "".join(pieces) + text[cursor:]


@dataclass(frozen=True)
class _Phrase:
    sentence: int
    start: int
    name: str  # the phrase's last word: "saturday", "week"
    label: str


def add_dates(summary: ClusterSummary, room: int) -> ClusterSummary:
    """Dates added to the body while they fit in ``room`` more words: the lead's first,
    then where one day name stands for two dates in the body, then in reading order."""
    sentences = list(summary.sentences)
    days = [citation_day(sentence) for sentence in sentences]
    phrases = [
        _Phrase(
            index,
            found.start,
            sentence.text[found.start : found.end].split()[-1].lower(),
            found.label,
        )
        for index, (sentence, day) in enumerate(zip(sentences, days, strict=True))
        if day is not None
        for found in relative_phrases(sentence.text, day)
    ]
    keep: dict[int, set[int]] = {}
    for phrase in _priority(phrases):
        cost = word_count(phrase.label)
        if cost <= room:
            room -= cost
            keep.setdefault(phrase.sentence, set()).add(phrase.start)
    for index, starts in keep.items():
        day = days[index]
        assert day is not None
        sentences[index] = edited(sentences[index], annotate(sentences[index].text, day, starts))
    return summary.model_copy(update={"sentences": sentences})


def _priority(phrases: list[_Phrase]) -> list[_Phrase]:
    labels: dict[str, set[str]] = {}
    for phrase in phrases:
        labels.setdefault(phrase.name, set()).add(phrase.label)

    def rank(phrase: _Phrase) -> tuple[int, int, int]:
        ambiguous = len(labels[phrase.name]) > 1
        tier = 0 if phrase.sentence == 0 else 1 if ambiguous else 2
        return (tier, phrase.sentence, phrase.start)

    return sorted(phrases, key=rank)
