"""Quotation marks and spans: what lies inside quotes, trimming, counting words.

The word lists and the keyword matcher are in ``summarizer.lexicon.words``.
"""

from __future__ import annotations

import re

# Opening -> closing quotation marks. The straight double quote closes itself.
QUOTE_PAIRS = {
    '"': '"',
    "\u201c": "\u201d",
    "\u00ab": "\u00bb",
    "\u2018": "\u2019",
    "\u201e": "\u201c",
}
_OPENING_MARK = re.compile("[" + re.escape("".join(QUOTE_PAIRS)) + "]")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` inside quotation marks, marks included.

    An apostrophe inside a word (``Russia’s``) is not an opening or closing mark.
    """
    spans: list[tuple[int, int]] = []
    position = 0
    while (opener := _OPENING_MARK.search(text, position)) is not None:
        position = opener.start()
        if not _is_apostrophe(text, position):
            end = _find_closer(text, position + 1, QUOTE_PAIRS[text[position]])
            if end is not None:
                spans.append((position, end + 1))
                position = end + 1
                continue
        position += 1
    return spans


def _is_apostrophe(text: str, position: int) -> bool:
    before = text[position - 1] if position > 0 else " "
    return text[position] in "\u2018\u2019'" and before.isalnum()


def _find_closer(text: str, start: int, closer: str) -> int | None:
    position = text.find(closer, start)
    while position >= 0:
        after = text[position + 1] if position + 1 < len(text) else " "
        if closer != "\u2019" or not after.isalpha():
            return position
        # an apostrophe inside a word, not the closing mark
        position = text.find(closer, position + 1)
    return None


def outside_quotes(text: str) -> str:
    """``text`` with every quoted span blanked out (same length, offsets kept)."""
    chars = list(text)
    for start, end in quoted_spans(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` moved inwards past whitespace at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def word_count(text: str) -> int:
    return len(text.split())
