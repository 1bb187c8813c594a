"""What Markdown and HTML share: footnote numbers, names, dates, figure series, the budget."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from ..models import Citation, ClusterSummary, Dispute, TimelineEntry

CitationKey = tuple[str, int, int, int]


def citation_key(citation: Citation) -> CitationKey:
    return (citation.article_id, citation.sentence, citation.start, citation.end)


@dataclass
class Notes:
    """One number per distinct source sentence, in order of first citation."""

    numbers: dict[CitationKey, int] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)

    def add(self, citation: Citation) -> int:
        key = citation_key(citation)
        if key not in self.numbers:
            self.citations.append(citation)
            self.numbers[key] = len(self.citations)
        return self.numbers[key]

    def numbers_for(self, citations: Iterable[Citation]) -> list[int]:
        """Footnote numbers for a list of citations, each number once."""
        return list(dict.fromkeys(self.numbers[citation_key(c)] for c in citations))

    def numbered(self) -> Iterator[tuple[int, Citation]]:
        return enumerate(self.citations, start=1)


def number_citations(summary: ClusterSummary) -> Notes:
    """Number every cited source sentence in page order: summary, timeline, agreed
    points, disputes (each side's too), framing."""
    notes = Notes()
    groups: list[Iterable[Citation]] = [sentence.citations for sentence in summary.sentences]
    groups += [entry.citations for entry in summary.timeline]
    groups += [point.citations for point in summary.agreed]
    for dispute in summary.disputes:
        groups.append(dispute.citations)
        groups += [side.citations for side in dispute.sides]
    groups += [framing.citations for framing in summary.framing]
    for group in groups:
        for citation in group:
            notes.add(citation)
    return notes


def unique(citations: Iterable[Citation]) -> list[Citation]:
    return list({citation_key(citation): citation for citation in citations}.values())


def claim_citations(dispute: Dispute) -> list[Citation]:
    """The dispute's citations that no side cites (all of them when it has no sides)."""
    on_sides = {citation_key(c) for side in dispute.sides for c in side.citations}
    return [c for c in unique(dispute.citations) if citation_key(c) not in on_sides]


def headline_of(summary: ClusterSummary) -> str:
    return summary.headline or summary.title or f"Summary of {summary.cluster_id}"


def location(citation: Citation) -> str:
    """Where a quote sits: "article-id sentence n, chars start–end"."""
    return (
        f"{citation.article_id} sentence {citation.sentence}, chars {citation.start}–{citation.end}"
    )


UNNAMED_OUTLET = "Unnamed outlet"


def outlet_of(citation: Citation) -> str:
    """The outlet's name; a citation falls back to the article id, which says nothing."""
    if not citation.outlet or citation.outlet == citation.article_id:
        return UNNAMED_OUTLET
    return citation.outlet


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


_WEB_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


def web_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) address, else None (never a javascript: link)."""
    return url if url and _WEB_URL.match(url) else None


# --- dates, figure series, disputes, the word budget ----------------------------------------


def display_date(iso: str) -> str:
    """ "2020-02-27" as "27 February 2020"; anything else as it is."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class FigureSeries:
    """One figure as it changed: its values by date, with the entries that report them."""

    what: str
    entries: list[TimelineEntry]

    @property
    def values(self) -> str:
        """ "16 → 33 → 36 → 57"."""
        return " → ".join(entry.figure or "" for entry in self.entries)

    @property
    def label(self) -> str:
        """ "16 → 33 → 36 → 57 soldiers killed"."""
        return f"{self.values} {self.what}".strip()


def figure_series(timeline: list[TimelineEntry]) -> list[FigureSeries]:
    """Figures that changed: entries with a figure, grouped by what they count, by date;
    a figure reported once, or always with the same value, is no series."""
    groups: dict[str, list[TimelineEntry]] = {}
    for entry in timeline:
        if entry.figure:
            groups.setdefault(" ".join((entry.what or "").lower().split()), []).append(entry)
    series = []
    for entries in groups.values():
        if len({entry.figure for entry in entries}) > 1:
            ordered = sorted(entries, key=lambda entry: entry.date)
            series.append(FigureSeries(what=ordered[0].what or "", entries=ordered))
    return series


DISPUTE_KINDS = {"claim": "Disputed claim", "figure": "Figures differ"}


def dispute_kind(dispute: Dispute) -> str:
    return DISPUTE_KINDS.get(dispute.kind, dispute.kind)


def budget_note(summary: ClusterSummary) -> str:
    """What the word budget covers, in one line."""
    budget = summary.budget
    if budget is None:
        return (
            f"Body: {summary.words} words; no word budget is recorded for the agreed points, "
            "disputes, timeline and framing; headline not counted."
        )
    dates = f" plus at most {budget.dates} words of added dates and names" if budget.dates else ""
    return (
        f"Body: at most {budget.body} words{dates} ({summary.words} here); agreed points, "
        f"disputes, timeline and framing: at most {budget.extras} words together; headline "
        f"(at most {budget.headline} words) not counted."
    )
