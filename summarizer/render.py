"""Render a ``ClusterSummary`` as JSON, Markdown (GFM footnotes) or one HTML page.

Everything in a summary comes from articles or a model, so it is untrusted text:
Markdown escapes every character that could turn it into markup, and the HTML page
goes through jinja2 with autoescaping under a Content-Security-Policy that lets only
the page's own inline script and style run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal, get_args

import jinja2
from markupsafe import Markup

from .models import ArticleMeta, Citation, ClusterSummary, SummarySentence

Format = Literal["json", "md", "html"]
FORMATS: tuple[Format, ...] = get_args(Format)

_TEMPLATES = "templates"
_PAGE_TEMPLATE = "page.html.j2"
_PAGE_SCRIPT = "page.js"
_PAGE_STYLE = "page.css"


def render(summary: ClusterSummary, fmt: Format) -> str:
    """The summary as ``fmt``: "json", "md" (Markdown) or "html" (a self-contained page)."""
    if fmt == "json":
        return summary.model_dump_json(indent=2)
    if fmt == "md":
        return render_markdown(summary)
    if fmt == "html":
        return render_html(summary)
    raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


# --- footnote numbering, shared by Markdown and HTML --------------------------------------

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
    """Number every cited source sentence: summary first, then agreed, disputes, framing."""
    notes = Notes()
    groups: list[Iterable[Citation]] = [sentence.citations for sentence in summary.sentences]
    groups += [point.citations for point in summary.agreed]
    groups += [dispute.citations for dispute in summary.disputes]
    groups += [framing.citations for framing in summary.framing]
    for group in groups:
        for citation in group:
            notes.add(citation)
    return notes


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


# --- Markdown -----------------------------------------------------------------------------

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


def _md_section(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"## {title}", "\n".join(f"- {item}" for item in items)]


def _md_agreed(summary: ClusterSummary, notes: Notes) -> list[str]:
    items = [
        md_text(point.text) + md_refs(notes.numbers_for(point.citations))
        for point in summary.agreed
    ]
    return _md_section("Where the sources agree", items)


def _md_disputes(summary: ClusterSummary, notes: Notes) -> list[str]:
    items = []
    for dispute in summary.disputes:
        item = f"{md_text(dispute.claim)} — claimed by **{md_text(dispute.claimant)}**"
        if dispute.disputed_by:
            names = join_names([f"**{md_text(name)}**" for name in dispute.disputed_by])
            item += f"; disputed by {names}"
        items.append(item + md_refs(notes.numbers_for(dispute.citations)))
    return _md_section("Disputed", items)


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
    return "---\n\n*" + md_text(" · ".join(details)) + "*"


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


# --- HTML ---------------------------------------------------------------------------------


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


def _cited_items(
    prefix: str, label: str, texts: list[tuple[str, list[Citation]]], notes: Notes
) -> list[CitedItem]:
    return [
        CitedItem(
            item_id=f"{prefix}{index}",
            label=f"{label} {index}",
            text=text,
            notes=[(notes.numbers[citation_key(c)], c) for c in _unique(citations)],
        )
        for index, (text, citations) in enumerate(texts, start=1)
    ]


def _unique(citations: list[Citation]) -> list[Citation]:
    return list({citation_key(citation): citation for citation in citations}.values())


def _sentence_items(summary: ClusterSummary, notes: Notes) -> list[CitedItem]:
    items = _cited_items("s", "Sentence", [(s.text, s.citations) for s in summary.sentences], notes)
    return [
        CitedItem(
            item_id=item.item_id,
            label=item.label,
            text=item.text,
            notes=item.notes,
            edited=sentence.edited,
            original=sentence.original,
            attributed_to=sentence.attributed_to,
        )
        for item, sentence in zip(items, summary.sentences, strict=True)
    ]


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


def render_html(summary: ClusterSummary) -> str:
    notes = number_citations(summary)
    script, style = _asset(_PAGE_SCRIPT), _asset(_PAGE_STYLE)
    agreed = [(point.text, point.citations) for point in summary.agreed]
    disputes = [(dispute.claim, dispute.citations) for dispute in summary.disputes]
    framing = [(item.note, item.citations) for item in summary.framing]
    return (
        _environment()
        .get_template(_PAGE_TEMPLATE)
        .render(
            summary=summary,
            headline=headline_of(summary),
            sentences=_sentence_items(summary, notes),
            agreed=_cited_items("a", "Agreed point", agreed, notes),
            disputes=list(
                zip(summary.disputes, _cited_items("d", "Dispute", disputes, notes), strict=True)
            ),
            framing=list(
                zip(summary.framing, _cited_items("f", "Framing", framing, notes), strict=True)
            ),
            notes=list(notes.numbered()),
            outlet_of=outlet_of,
            unnamed_outlet=UNNAMED_OUTLET,
            location=location,
            join_names=join_names,
            web_url=web_url,
            script=Markup(script),
            style=Markup(style),
            script_hash=csp_hash(script),
            style_hash=csp_hash(style),
        )
    )
