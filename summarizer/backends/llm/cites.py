"""Sentence ids as models write them: tidied where the meaning is certain, told apart
from prose, and the valid ids named in few words for a re-ask."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from ...models import SegmentedArticle, VerificationIssue

_SENTENCE_ID = re.compile(r"[^\s:\[\]]+:\d+")
_WRAPPED_ID = re.compile(r"\A\[?\s*([^\s:\[\]]+)\s*:\s*(\d+)\s*\]?\Z")
_BARE_NUMBER = re.compile(r"\A\[?\s*(\d+)\s*\]?\Z")
EXAMPLES_SHOWN = 3


class CitingItem(Protocol):
    cites: list[str]


def tidy_cites(items: Iterable[CitingItem], article_id: str | None = None) -> None:
    """Unwrap ids written as '[a:3]' or 'a : 3' in place; with ``article_id`` (one
    article's digest) a bare number '3' is that article's sentence 3."""
    for item in items:
        item.cites = [_tidy(cite, article_id) for cite in item.cites]


def is_sentence_id(cite: str) -> bool:
    return _SENTENCE_ID.fullmatch(cite) is not None


def id_ranges(articles: Sequence[SegmentedArticle]) -> str:
    """'a:1-a:14, b:1-b:9': every valid id, compactly."""
    ranges = []
    for segmented in articles:
        article_id, count = segmented.article.id, len(segmented.sentences)
        if count == 1:
            ranges.append(f"{article_id}:1")
        elif count:
            ranges.append(f"{article_id}:1-{article_id}:{count}")
    return ", ".join(ranges)


def prose_cites_issue(
    labelled: Iterable[tuple[str, list[str]]], articles: Sequence[SegmentedArticle]
) -> VerificationIssue | None:
    """One issue for every cite that holds words instead of an id (a few shown), listing
    the valid ids, or None when every cite is id-shaped."""
    prose = [
        (label, cite) for label, cites in labelled for cite in cites if not is_sentence_id(cite)
    ]
    if not prose:
        return None
    shown = "; ".join(f"{label} cites {_snippet(cite)!r}" for label, cite in prose[:EXAMPLES_SHOWN])
    more = f" (and {len(prose) - EXAMPLES_SHOWN} more)" if len(prose) > EXAMPLES_SHOWN else ""
    return VerificationIssue(
        code="unknown_citation",
        message=f"cites must hold sentence ids, never words: {shown}{more}; "
        f"valid ids: {id_ranges(articles)}",
    )


def _tidy(cite: str, article_id: str | None) -> str:
    wrapped = _WRAPPED_ID.match(cite.strip())
    if wrapped is not None:
        return f"{wrapped.group(1)}:{wrapped.group(2)}"
    bare = _BARE_NUMBER.match(cite.strip())
    if bare is not None and article_id is not None:
        return f"{article_id}:{bare.group(1)}"
    return cite


def _snippet(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 40 else words[:39] + "\u2026"
