"""Small text rules shared by verification, the offline backend and the eval metrics."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Opening -> closing quotation marks. The straight double quote closes itself.
QUOTE_PAIRS = {
    '"': '"',
    "\u201c": "\u201d",
    "\u00ab": "\u00bb",
    "\u2018": "\u2019",
    "\u201e": "\u201c",
}

DEFAULT_ATTRIBUTION_CUES = (
    "said",
    "says",
    "say ",
    "saying",
    "accus",
    "claim",
    "alleg",
    "according to",
    "insist",
    "denied",
    "denies",
    "deny",
    "rejected",
    "rejects",
    "told",
    "stated",
    "urged",
    "called",
    "charged",
    "maintain",
    "argue",
    "blame",
    "contend",
    "assert",
    "warned",
    "reported",
    "announced",
    "quoted",
    "added",
    "believes",
    "dismiss",
)


def word_start_pattern(alternative: str) -> re.Pattern[str]:
    """``alternative`` at the start of a word: no letter or digit right before it."""
    return re.compile(r"(?<![^\W_])" + re.escape(alternative.lower()))


def matches_alternative(text: str, alternative: str) -> bool:
    return word_start_pattern(alternative).search(text.lower()) is not None


def matches_group(text: str, group: Iterable[str]) -> bool:
    return any(matches_alternative(text, alternative) for alternative in group)


def matches_keys(text: str, keys: Iterable[Iterable[str]]) -> bool:
    """A key list matches when every group of alternatives matches (FORMAT.md)."""
    return all(matches_group(text, group) for group in keys)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` inside quotation marks, marks included.

    An apostrophe inside a word (``Russia’s``) is not an opening or closing mark.
    """
    spans: list[tuple[int, int]] = []
    position = 0
    while position < len(text):
        char = text[position]
        closer = QUOTE_PAIRS.get(char)
        if closer is not None and not _is_apostrophe(text, position):
            end = _find_closer(text, position + 1, closer)
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
    for position in range(start, len(text)):
        if text[position] != closer:
            continue
        after = text[position + 1] if position + 1 < len(text) else " "
        if closer == "\u2019" and after.isalpha():
            continue  # an apostrophe inside a word, not the closing mark
        return position
    return None


def outside_quotes(text: str) -> str:
    """``text`` with every quoted span blanked out (same length, offsets kept)."""
    chars = list(text)
    for start, end in quoted_spans(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def own_voice_occurrences(text: str, prefixes: Iterable[str]) -> list[tuple[int, str]]:
    """Where a loaded-term prefix occurs outside quotation marks: (offset, prefix)."""
    unquoted = outside_quotes(text).lower()
    found: list[tuple[int, str]] = []
    for prefix in prefixes:
        for match in word_start_pattern(prefix).finditer(unquoted):
            found.append((match.start(), prefix))
    return sorted(found)


def has_attribution(text: str, cues: Iterable[str] = DEFAULT_ATTRIBUTION_CUES) -> bool:
    return matches_group(text, cues)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` moved inwards past whitespace at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def word_count(text: str) -> int:
    return len(text.split())
