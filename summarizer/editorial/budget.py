"""The word budget: what ``max_words`` covers, and the extras kept within their own.

The body gets ``max_words`` (a body over it loses its last sentences: the lead stays
first). Agreed points, disputes, timeline and framing notes share a second budget of
the same size; when they exceed it, items go from the lowest-priority kind first
(framing, then agreed points, then the timeline, disputes last), each kind keeping
one item until only whole kinds can go; a figure's series in the timeline goes or
stays whole, and the timeline's oldest other entries go first. The headline has its
own cap.
"""

from __future__ import annotations

from ..models import (
    AgreedPoint,
    ClusterSummary,
    Dispute,
    OutletFraming,
    TimelineEntry,
    WordBudget,
)
from ..text import word_count
from .headline import HEADLINE_WORDS

# The extras' budget as a share of the body's: as many words again, at most.
EXTRAS_SHARE = 1.0
# Absolute dates added to the body ("on Saturday (29 February)") get words of their own,
# this share of the body's (at least MIN_DATE_WORDS): a body the backend filled to its
# budget would otherwise keep its ambiguous day names, and a backend kept short of its
# budget for them loses facts (a 5 % reserve cost core facts on six of nine eval sets).
DATES_SHARE = 0.05
MIN_DATE_WORDS = 4


def date_words(max_words: int) -> int:
    """The words absolute dates may add to a body of ``max_words``."""
    return max(MIN_DATE_WORDS, round(DATES_SHARE * max_words))


# Lowest priority first: the order in which kinds give up items.
TRIM_ORDER = ("framing", "agreed", "timeline", "disputes")

Extra = AgreedPoint | Dispute | OutletFraming | TimelineEntry


def item_words(item: Extra) -> int:
    """Words an extra item puts on the page."""
    if isinstance(item, AgreedPoint):
        return word_count(item.text)
    if isinstance(item, Dispute):
        parties = [item.claimant, *item.disputed_by]
        sides = [f"{side.party} {side.says}" for side in item.sides]
        return word_count(" ".join([item.claim, *parties, *sides]))
    if isinstance(item, OutletFraming):
        return word_count(f"{item.outlet} {item.note}")
    return word_count(item.text) + 1  # the date


def extras_words(summary: ClusterSummary) -> int:
    return sum(item_words(item) for kind in TRIM_ORDER for item in _items(summary, kind))


def _items(summary: ClusterSummary, kind: str) -> list[Extra]:
    return list(getattr(summary, kind))


def fit_budget(summary: ClusterSummary, max_words: int) -> ClusterSummary:
    """``summary`` within its budget, with the budget stated in ``summary.budget``."""
    extras = round(EXTRAS_SHARE * max_words)
    units = {kind: _units(kind, _items(summary, kind)) for kind in TRIM_ORDER}
    for keep in (1, 0):
        for kind in TRIM_ORDER:
            while len(units[kind]) > keep and _total(units) > extras:
                units[kind].pop()
    kinds = {kind: [item for unit in units[kind] for item in unit] for kind in TRIM_ORDER}
    kinds["timeline"].sort(key=lambda entry: entry.date if isinstance(entry, TimelineEntry) else "")
    sentences = list(summary.sentences)
    warnings = list(summary.warnings)
    body = max_words + date_words(max_words)
    while len(sentences) > 1 and sum(word_count(s.text) for s in sentences) > body:
        sentences.pop()
        if not warnings or not warnings[-1].startswith("body cut"):
            warnings.append(f"body cut to the word budget ({max_words} words)")
    headline = " ".join(summary.headline.split()[:HEADLINE_WORDS])
    return summary.model_copy(
        update={
            **kinds,
            "sentences": sentences,
            "headline": headline,
            "warnings": warnings,
            "budget": WordBudget(
                body=max_words,
                extras=extras,
                headline=HEADLINE_WORDS,
                dates=date_words(max_words),
            ),
        }
    )


def _units(kind: str, items: list[Extra]) -> list[list[Extra]]:
    """What goes or stays as one: an item; in the timeline a figure's whole series (it is
    shown as it changed or not at all), the series before the other entries, and of
    those the newest first (the oldest development goes first: the body holds context)."""
    if kind != "timeline":
        return [[item] for item in items]
    series: dict[str, list[Extra]] = {}
    others: list[TimelineEntry] = []
    for item in items:
        if isinstance(item, TimelineEntry) and item.figure is not None:
            series.setdefault(item.what or "", []).append(item)
        elif isinstance(item, TimelineEntry):
            others.append(item)
    newest_first: list[list[Extra]] = [
        [entry] for entry in sorted(others, key=lambda entry: entry.date, reverse=True)
    ]
    return [*series.values(), *newest_first]


def _total(units: dict[str, list[list[Extra]]]) -> int:
    return sum(item_words(item) for kind in units.values() for unit in kind for item in unit)
