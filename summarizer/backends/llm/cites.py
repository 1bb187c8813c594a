"""Sentence ids as models write them: tidied where the meaning is certain, told apart
from prose, and the valid ids named in few words for a re-ask.

Prompts show each article's sentences under a short name ("a:3" for "harbour-times:3";
``short_names``), which costs fewer tokens on every line; ``real_cites`` maps what the
model wrote back to the corpus's ids, and a model that writes the real ids is fine too
(a short name is never an article's own id).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import count, product
from string import ascii_lowercase
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


def short_names(articles: Sequence[SegmentedArticle]) -> dict[str, str]:
    """Article id -> the name its sentences are shown under in prompts: 'a', 'b', ...,
    'z', 'aa', ... in the articles' order, skipping every name that is an article's id."""
    taken = {segmented.article.id for segmented in articles}
    names = (name for name in _letter_names() if name not in taken)
    return {segmented.article.id: next(names) for segmented in articles}


def shown_id(sentence_id: str, names: Mapping[str, str]) -> str:
    """``sentence_id`` as prompts show it ('harbour-times:3' -> 'a:3')."""
    article_id, colon, number = sentence_id.rpartition(":")
    return f"{names[article_id]}:{number}" if colon and article_id in names else sentence_id


def real_cites(items: Iterable[CitingItem], names: Mapping[str, str]) -> None:
    """Ids written under an article's short name ('a:3') back to the corpus's ids, in
    place; run after ``tidy_cites``. Other cites are left as they are."""
    articles = real_articles(names)
    for item in items:
        item.cites = [real_id(cite, articles) for cite in item.cites]


def real_articles(names: Mapping[str, str]) -> dict[str, str]:
    """Short name -> article id: ``short_names`` turned round."""
    return {short: article_id for article_id, short in names.items()}


def real_id(cite: str, articles: Mapping[str, str]) -> str:
    """One cite back to the corpus's id; ``articles`` maps short names to article ids."""
    short, colon, number = cite.rpartition(":")
    return f"{articles[short]}:{number}" if colon and short in articles else cite


def id_ranges(articles: Sequence[SegmentedArticle], names: Mapping[str, str] | None = None) -> str:
    """'a:1-a:14, b:1-b:9': every valid id, compactly (under ``names`` when given)."""
    ranges = []
    for segmented in articles:
        article_id, sentences = segmented.article.id, len(segmented.sentences)
        shown = (names or {}).get(article_id, article_id)
        if sentences == 1:
            ranges.append(f"{shown}:1")
        elif sentences:
            ranges.append(f"{shown}:1-{shown}:{sentences}")
    return ", ".join(ranges)


def prose_cites_issue(
    labelled: Iterable[tuple[str, list[str]]],
    articles: Sequence[SegmentedArticle],
    names: Mapping[str, str] | None = None,
) -> VerificationIssue | None:
    """One issue for every cite that holds words instead of an id (a few shown), listing
    the valid ids (as prompts show them, under ``names``), or None when every cite is
    id-shaped."""
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
        f"valid ids: {id_ranges(articles, names)}",
    )


def _tidy(cite: str, article_id: str | None) -> str:
    wrapped = _WRAPPED_ID.match(cite.strip())
    if wrapped is not None:
        return f"{wrapped.group(1)}:{wrapped.group(2)}"
    bare = _BARE_NUMBER.match(cite.strip())
    if bare is not None and article_id is not None:
        return f"{article_id}:{bare.group(1)}"
    return cite


def _letter_names() -> Iterator[str]:
    for length in count(1):
        for letters in product(ascii_lowercase, repeat=length):
            yield "".join(letters)


def _snippet(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 40 else words[:39] + "\u2026"
