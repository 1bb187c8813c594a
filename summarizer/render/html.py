"""A summary as one self-contained HTML page: jinja2 autoescaping, inline script and style
admitted by hash under a Content-Security-Policy that loads nothing from anywhere."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import jinja2
from markupsafe import Markup

from ..models import Citation, ClusterSummary, Dispute, SummarySentence, TimelineEntry
from .common import (
    UNNAMED_OUTLET,
    FigureSeries,
    Notes,
    budget_note,
    citation_key,
    claim_citations,
    display_date,
    dispute_kind,
    figure_series,
    headline_of,
    join_names,
    location,
    number_citations,
    outlet_of,
    unique,
    web_url,
)

_TEMPLATES = "templates"
_PAGE_TEMPLATE = "page.html.j2"
_PAGE_SCRIPT = "page.js"
_PAGE_STYLE = "page.css"


@dataclass(frozen=True)
class CitedItem:
    """Anything on the page that cites sources: a sentence, an agreed point..."""

    item_id: str
    label: str
    text: str
    notes: list[tuple[int, Citation]]
    edited: bool = False
    original: str | None = None
    attributed_to: str | None = None


def cited_item(
    item_id: str, label: str, text: str, citations: list[Citation], notes: Notes
) -> CitedItem:
    numbered = [(notes.numbers[citation_key(c)], c) for c in unique(citations)]
    return CitedItem(item_id=item_id, label=label, text=text, notes=numbered)


def _cited_items(
    prefix: str, label: str, texts: list[tuple[str, list[Citation]]], notes: Notes
) -> list[CitedItem]:
    return [
        cited_item(f"{prefix}{index}", f"{label} {index}", text, citations, notes)
        for index, (text, citations) in enumerate(texts, start=1)
    ]


def _sentence_item(index: int, sentence: SummarySentence, notes: Notes) -> CitedItem:
    item = cited_item(f"s{index}", f"Sentence {index}", sentence.text, sentence.citations, notes)
    return replace(
        item,
        edited=sentence.edited,
        original=sentence.original,
        attributed_to=sentence.attributed_to,
    )


@dataclass(frozen=True)
class TimelineItem:
    entry: TimelineEntry
    day: str
    item: CitedItem


def _timeline_items(timeline: list[TimelineEntry], notes: Notes) -> list[TimelineItem]:
    return [
        TimelineItem(
            entry=entry,
            day=display_date(entry.date),
            item=cited_item(
                f"t{index}",
                f"Timeline, {display_date(entry.date)}",
                entry.text,
                entry.citations,
                notes,
            ),
        )
        for index, entry in enumerate(timeline, start=1)
    ]


@dataclass(frozen=True)
class DisputeItem:
    dispute: Dispute
    kind: str
    claim: CitedItem  # its evidence: every sentence either side cites
    chips: CitedItem  # its chips: those no side's chips show
    sides: list[tuple[str, CitedItem]]


def _dispute_item(index: int, dispute: Dispute, notes: Notes) -> DisputeItem:
    every = dispute.citations + [c for side in dispute.sides for c in side.citations]
    claim = cited_item(f"d{index}", f"Dispute {index}", dispute.claim, every, notes)
    chips = replace(
        claim, notes=[(notes.numbers[citation_key(c)], c) for c in claim_citations(dispute)]
    )
    sides = [
        (
            side.party,
            cited_item(
                f"d{index}-{number}",
                f"Dispute {index}: {side.party}",
                side.says,
                side.citations,
                notes,
            ),
        )
        for number, side in enumerate(dispute.sides, start=1)
    ]
    return DisputeItem(
        dispute=dispute, kind=dispute_kind(dispute), claim=claim, chips=chips, sides=sides
    )


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("summarizer", _TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    return resources.files("summarizer").joinpath(_TEMPLATES, name).read_text(encoding="utf-8")


def csp_hash(source: str) -> str:
    """A Content-Security-Policy hash source for an inline script or style."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _sections(summary: ClusterSummary, notes: Notes) -> dict[str, object]:
    """The page's cited parts, each item with its id, label and numbered citations."""
    disputes = [_dispute_item(i, d, notes) for i, d in enumerate(summary.disputes, start=1)]
    framing = [(item.note, item.citations) for item in summary.framing]
    series: list[FigureSeries] = figure_series(summary.timeline)
    return {
        "sentences": [_sentence_item(i, s, notes) for i, s in enumerate(summary.sentences, 1)],
        "timeline": _timeline_items(summary.timeline, notes),
        "figures": series,
        "agreed": _cited_items(
            "a", "Agreed point", [(p.text, p.citations) for p in summary.agreed], notes
        ),
        "disputes": disputes,
        "framing": list(
            zip(summary.framing, _cited_items("f", "Framing", framing, notes), strict=True)
        ),
    }


def render_html(summary: ClusterSummary) -> str:
    notes = number_citations(summary)
    script, style = _asset(_PAGE_SCRIPT), _asset(_PAGE_STYLE)
    template = _environment().get_template(_PAGE_TEMPLATE)
    return template.render(
        summary=summary,
        headline=headline_of(summary),
        budget_note=budget_note(summary),
        notes=list(notes.numbered()),
        numbers_for=notes.numbers_for,
        display_date=display_date,
        outlet_of=outlet_of,
        unnamed_outlet=UNNAMED_OUTLET,
        location=location,
        join_names=join_names,
        web_url=web_url,
        script=Markup(script),
        style=Markup(style),
        script_hash=csp_hash(script),
        style_hash=csp_hash(style),
        **_sections(summary, notes),
    )
