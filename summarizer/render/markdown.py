"""A summary as Markdown with GFM footnotes; every untrusted character escaped."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..models import ArticleMeta, ClusterSummary, Dispute, SummarySentence, TimelineEntry
from .common import (
    UNNAMED_OUTLET,
    Notes,
    budget_note,
    claim_citations,
    display_date,
    dispute_kind,
    figure_series,
    headline_of,
    join_names,
    location,
    number_citations,
    outlet_of,
    web_url,
)

# Backslash-escapable ASCII punctuation that can start markup anywhere in a line.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Markers that make markup only at the start of a line (headings, lists, rules).
_MD_LINE_START = re.compile(r"^([#+\-=])")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")


def md_text(text: str) -> str:
    """Untrusted text as inert Markdown on one line."""
    flat = " ".join(text.split())
    escaped = _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", flat))
    escaped = _MD_LINE_START.sub(r"\\\1", escaped)
    return _MD_ORDERED.sub(r"\1\\\2", escaped)


def md_refs(numbers: Iterable[int]) -> str:
    return "".join(f"[^{number}]" for number in numbers)


def md_quote(text: str) -> str:
    return f"“{md_text(text)}”"


def render_markdown(summary: ClusterSummary) -> str:
    notes = number_citations(summary)
    edits: list[SummarySentence] = []
    parts = [f"# {md_text(headline_of(summary))}", _md_body(summary, notes, edits)]
    parts += _md_timeline(summary, notes)
    parts += _md_agreed(summary, notes)
    parts += _md_disputes(summary, notes)
    parts += _md_framing(summary, notes)
    parts += _md_warnings(summary)
    parts += _md_sources(summary.sources)
    parts.append(_md_colophon(summary))
    parts += _md_footnotes(notes, edits)
    return "\n\n".join(parts) + "\n"


def _md_body(summary: ClusterSummary, notes: Notes, edits: list[SummarySentence]) -> str:
    if not summary.sentences:
        return "*No summary sentence could be written; see the warnings.*"
    rendered = []
    for sentence in summary.sentences:
        text = md_text(sentence.text) + md_refs(notes.numbers_for(sentence.citations))
        if sentence.edited:
            edits.append(sentence)
            text += f"†[^edit-{len(edits)}]"
        rendered.append(text)
    return " ".join(rendered)


def _md_list(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _md_section(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"## {title}", _md_list(items)]


def _md_timeline(summary: ClusterSummary, notes: Notes) -> list[str]:
    if not summary.timeline:
        return []
    items = [_md_entry(entry, notes) for entry in summary.timeline]
    parts = ["## Timeline", _md_list(items)]
    changes = [
        md_text(series.label)
        + ": "
        + "; ".join(_md_figure(entry, notes) for entry in series.entries)
        for series in figure_series(summary.timeline)
    ]
    if changes:
        parts += ["**Figures as they changed**", _md_list(changes)]
    return parts


def _md_entry(entry: TimelineEntry, notes: Notes) -> str:
    return f"**{md_text(display_date(entry.date))}** — {md_text(entry.text)}" + md_refs(
        notes.numbers_for(entry.citations)
    )


def _md_figure(entry: TimelineEntry, notes: Notes) -> str:
    return f"{md_text(entry.figure or '')} ({md_text(display_date(entry.date))})" + md_refs(
        notes.numbers_for(entry.citations)
    )


def _md_agreed(summary: ClusterSummary, notes: Notes) -> list[str]:
    items = [
        md_text(point.text) + md_refs(notes.numbers_for(point.citations))
        for point in summary.agreed
    ]
    return _md_section("Where the sources agree", items)


def _md_disputes(summary: ClusterSummary, notes: Notes) -> list[str]:
    return _md_section("Disputed", [_md_dispute(dispute, notes) for dispute in summary.disputes])


def _md_dispute(dispute: Dispute, notes: Notes) -> str:
    item = f"*{dispute_kind(dispute)}:* {md_text(dispute.claim)}"
    item += f" — claimed by **{md_text(dispute.claimant)}**"
    if dispute.disputed_by:
        names = join_names([f"**{md_text(name)}**" for name in dispute.disputed_by])
        item += f"; disputed by {names}"
    item += md_refs(notes.numbers_for(claim_citations(dispute)))
    for side in dispute.sides:
        item += f"\n  - **{md_text(side.party)}**: {md_text(side.says)}"
        item += md_refs(notes.numbers_for(side.citations))
    return item


def _md_framing(summary: ClusterSummary, notes: Notes) -> list[str]:
    items = []
    for framing in summary.framing:
        item = f"**{md_text(framing.outlet)}** ({md_text(framing.article_id)}): "
        item += md_text(framing.note)
        if framing.loaded_terms:
            terms = ", ".join(md_quote(term) for term in framing.loaded_terms)
            item += f" Loaded terms: {terms}."
        items.append(item + md_refs(notes.numbers_for(framing.citations)))
    return _md_section("How each outlet framed it", items)


def _md_warnings(summary: ClusterSummary) -> list[str]:
    return _md_section("Warnings", [md_text(warning) for warning in summary.warnings])


def _md_sources(sources: list[ArticleMeta]) -> list[str]:
    return _md_section("Sources", [_md_source(source) for source in sources])


def _md_source(source: ArticleMeta) -> str:
    item = f"**{md_text(source.id)}**: {md_text(source.outlet or UNNAMED_OUTLET)}"
    if source.published:
        item += f", {md_text(source.published)}"
    if source.title:
        item += f". {md_text(source.title)}"
    url = web_url(source.url)
    if url:
        item += f" <{url}>"
    elif source.url:
        item += f" ({md_text(source.url)})"
    if source.path:
        item += f" (file: {md_text(source.path)})"
    return item


def _md_colophon(summary: ClusterSummary) -> str:
    details = [f"{summary.words} words", f"backend: {summary.backend or 'unknown'}"]
    if summary.model:
        details.append(f"model: {summary.model}")
    details += [f"prompt {name} {version}" for name, version in summary.prompt_versions.items()]
    details.append(f"schema {summary.schema_version}")
    budget = f"*Word budget — {md_text(budget_note(summary))}*"
    return "---\n\n" + budget + "\n\n*" + md_text(" · ".join(details)) + "*"


def _md_footnotes(notes: Notes, edits: list[SummarySentence]) -> list[str]:
    lines = [
        f"[^{number}]: {md_text(outlet_of(citation))}"
        + (f" ({md_text(citation.published)})" if citation.published else "")
        + f", {md_text(location(citation))}: {md_quote(citation.quote)}"
        for number, citation in notes.numbered()
    ]
    lines += [
        f"[^edit-{number}]: Edited from the source: "
        + (md_quote(sentence.original) if sentence.original else "wording changed")
        for number, sentence in enumerate(edits, start=1)
    ]
    return ["\n".join(lines)] if lines else []
