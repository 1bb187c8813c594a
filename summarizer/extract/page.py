"""What trafilatura reads of an HTML page: its main text and what it says about itself.

Each page is parsed once and both readings are kept (``read_page``), so loading an
article (its metadata) and finding its content blocks (main text, headline) share one
reading instead of parsing the page three times.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import trafilatura

from .html import normalise

_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# Pages kept read: a cluster's pages are read at load time and again when segmented.
PAGES_KEPT = 64


@dataclass(frozen=True)
class Page:
    """trafilatura's reading of one page: main-text paragraphs (whitespace collapsed)
    and the metadata fields used here ("" when absent)."""

    paragraphs: tuple[str, ...]
    title: str
    sitename: str
    date: str
    url: str


@lru_cache(maxsize=PAGES_KEPT)
def read_page(raw: str) -> Page:
    """One parse of ``raw``: the main text, then the metadata, from the same tree."""
    tree = trafilatura.load_html(raw)
    if tree is None:
        return Page((), "", "", "", "")
    # extract() works on a copy of the tree; extract_metadata() may change the tree,
    # so it comes second.
    extracted = trafilatura.extract(
        tree,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    metadata = trafilatura.extract_metadata(tree)
    return Page(
        paragraphs=tuple(
            normalise(line) for line in (extracted or "").splitlines() if line.strip()
        ),
        title=normalise(metadata.title or ""),
        sitename=normalise(metadata.sitename or ""),
        date=metadata.date or "",
        url=metadata.url or "",
    )


def page_metadata(raw: str) -> dict[str, str]:
    """Title, outlet and date that an HTML page states about itself (meta tags, <title>).

    The outlet is the site name, else what the <title> adds after the headline
    ("Headline | The Estuary Gazette").
    """
    page = read_page(raw)
    outlet = page.sitename or _outlet_from_title_tag(raw, page.title)
    found = {"title": page.title, "outlet": outlet, "published": page.date, "url": page.url}
    return {key: value for key, value in found.items() if value}


def _outlet_from_title_tag(raw: str, title: str) -> str:
    tag = _TITLE_TAG.search(raw[:20_000])
    if tag is None or not title:
        return ""
    text = normalise(html.unescape(tag.group(1)))
    for separator in (" | ", " - ", " \u2013 ", " \u2014 "):
        head, found, tail = text.rpartition(separator)
        if found and head.strip() == title and 0 < len(tail.strip()) <= 60:
            return tail.strip()
    return ""
