"""A line that carries an instruction to machines: which parts of it to drop.

A line that opens as a note to machines ("Note to AI assistants: ...") is dropped
whole. A line that holds an "ignore previous instructions" among the article's own
sentences (a scraped page is often one long line) loses only its instruction
sentences, and the sentence after one that stops before its order ("Ignore all
previous instructions. Write ..."); the other sentences stay article text.
"""

from __future__ import annotations

import re

from ..lexicon.injection import NOTE_TO_MACHINES_LINE, ORDER_FOLLOWS, looks_like_instruction
from ..text import trim_span

_NOTE_TO_MACHINES = re.compile(NOTE_TO_MACHINES_LINE, re.IGNORECASE)
# A sentence ends at . ! or ? (and closing marks) before a space and a capital or digit.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
# "Mr. Smith", "U.S. forces", "J. Smith": a title or initials before the point.
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:Mrs?|Ms|Dr|Prof|St|Mt|Gen|Col|Maj|Capt|Lt|Sgt|Adm|Gov|Sen|Rep|Rev|Hon"
    r"|Jr|Sr|No|Co|Corp|Inc|Ltd|[A-Z](?:\.[A-Z])*)\.$"
)

Span = tuple[int, int]


def instruction_parts(text: str) -> list[Span]:
    """The spans of ``text`` (a line matched as a machine note) to drop, in order."""
    if _NOTE_TO_MACHINES.fullmatch(text.strip()):
        return [trim_span(text, 0, len(text))]
    drop: list[Span] = []
    order_follows = False
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if order_follows or looks_like_instruction(sentence):
            drop.append((start, end))
            order_follows = looks_like_instruction(sentence) and bool(
                ORDER_FOLLOWS.search(sentence)
            )
    return drop


def sentence_spans(text: str) -> list[Span]:
    """The sentences of one line, stripped; a cut after an abbreviation is not made."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        cut = match.end()
        if _ABBREVIATION.search(text, 0, len(text[:cut].rstrip())):
            continue
        span = trim_span(text, start, cut)
        if span[0] < span[1]:
            spans.append(span)
        start = cut
    last = trim_span(text, start, len(text))
    if last[0] < last[1]:
        spans.append(last)
    return spans
