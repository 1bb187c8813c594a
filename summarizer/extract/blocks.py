"""An article's content blocks: the regions of ``raw_text`` that are its own text,
and the furniture spans left out, as offsets into the original file.

HTML goes through trafilatura (``page``); plain text and Markdown through the line
rules of ``furniture``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..lexicon.scripts import expected_scripts
from ..models import Article, Span
from ..text import trim_span
from .furniture import (
    FRAGMENT_RULES,
    LINE_PREFIX,
    MACHINE_NOTE_REASON,
    MARKDOWN_PREFIX,
    MARKDOWN_STRUCTURE,
    MAX_LINK_LIST,
    is_headline_like,
    is_link_list_header,
    line_furniture,
    tag_line,
)
from .html import VisibleText, visible_text, visible_view
from .notes import instruction_parts
from .page import read_page


@dataclass(frozen=True)
class Block:
    """A content region of ``raw_text``: ``raw_text[start:end]`` and its visible text.

    For text and Markdown ``text == raw_text[start:end]``; for HTML the slice holds
    markup and ``text`` is what a reader sees of it.
    """

    start: int
    end: int
    text: str


def content_blocks(article: Article) -> tuple[list[Block], list[Span]]:
    """The article's content regions of ``raw_text``, and the furniture spans dropped."""
    if article.content_type == "html":
        return _html_blocks(article)
    return _text_blocks(article)


@dataclass(frozen=True)
class _Piece:
    """A line or paragraph: its text starts at ``start``, after any bullet or heading
    mark that begins at ``mark_start``. An HTML piece's ``text`` is the visible text
    from ``view_start`` in ``view``."""

    start: int
    end: int
    text: str
    mark_start: int = -1
    line: str = ""
    view: VisibleText | None = None
    view_start: int = 0

    @property
    def outer_start(self) -> int:
        return self.start if self.mark_start < 0 else self.mark_start

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """``text[start:end]`` as offsets into the raw file."""
        if self.view is None:
            return self.start + start, self.start + end
        first = self.view_start + start
        return self.view.starts[first], self.view.ends[self.view_start + end - 1]

    def part(self, start: int, end: int) -> _Piece:
        raw_start, raw_end = self.raw_span(start, end)
        return _Piece(
            raw_start,
            raw_end,
            self.text[start:end],
            line=self.line,
            view=self.view,
            view_start=self.view_start + start,
        )


def _filter_pieces(
    pieces: Iterable[_Piece], scripts: frozenset[str], markdown: bool
) -> tuple[list[_Piece], list[Span]]:
    """Drop furniture lines/paragraphs, and the lists of headlines after "Read more:"."""
    kept: list[_Piece] = []
    furniture: list[Span] = []
    link_list_left = 0
    for piece in pieces:
        reason = line_furniture(piece.text, scripts, markdown) or tag_line(piece.line)
        if reason is None and link_list_left and is_headline_like(piece.text):
            reason = "link list"
        if reason == MACHINE_NOTE_REASON:
            parts, dropped = _without_instructions(piece)
            if parts:
                kept += parts
                furniture += dropped
                link_list_left = 0
                continue
        if reason is None:
            link_list_left = 0
            kept.append(piece)
            continue
        furniture.append(Span(start=piece.outer_start, end=piece.end, reason=reason))
        if is_link_list_header(piece.text):
            link_list_left = MAX_LINK_LIST
        elif link_list_left:
            link_list_left -= 1
    return kept, furniture


def _without_instructions(piece: _Piece) -> tuple[list[_Piece], list[Span]]:
    """The piece's article sentences, and the instruction sentences dropped from it
    (no parts when the whole piece is instructions)."""
    drop = instruction_parts(piece.text)
    parts: list[_Piece] = []
    dropped = _raw_spans(piece, drop, MACHINE_NOTE_REASON)
    previous_end = 0
    for start, end in [*drop, (len(piece.text), len(piece.text))]:
        gap_start, gap_end = trim_span(piece.text, previous_end, start)
        if any(char.isalnum() for char in piece.text[gap_start:gap_end]):
            parts.append(piece.part(gap_start, gap_end))
        elif gap_start < gap_end:
            dropped += _raw_spans(piece, [(gap_start, gap_end)], MACHINE_NOTE_REASON)
        previous_end = max(previous_end, end)
    return parts, _sorted_spans(dropped)


def _raw_spans(piece: _Piece, spans: list[tuple[int, int]], reason: str) -> list[Span]:
    raw = [piece.raw_span(start, end) for start, end in spans]
    return [Span(start=start, end=end, reason=reason) for start, end in raw]


def _drop_duplicates(blocks: list[Block]) -> tuple[list[Block], list[Span]]:
    """Drop a block whose text repeats an earlier one (scraped pages repeat the lead)."""
    seen: set[str] = set()
    kept: list[Block] = []
    furniture: list[Span] = []
    for block in blocks:
        key = " ".join(block.text.split()).casefold()
        if key in seen:
            furniture.append(Span(start=block.start, end=block.end, reason="duplicate paragraph"))
            continue
        seen.add(key)
        kept.append(block)
    return kept, furniture


def _sorted_spans(spans: Iterable[Span]) -> list[Span]:
    return sorted(spans, key=lambda span: (span.start, span.end))


# --- text and Markdown -----------------------------------------------------------------


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, line break excluded."""
    position = 0
    for line_break in re.finditer(r"\r\n|\r|\n", text):
        yield position, line_break.start()
        position = line_break.end()
    yield position, len(text)


def _text_lines(raw: str, markdown: bool) -> tuple[list[_Piece], list[Span]]:
    """Non-blank lines with markup prefixes skipped and trailing media buttons cut."""
    pieces: list[_Piece] = []
    fragments: list[Span] = []
    for line_start, line_end in _lines(raw):
        mark_start, end = trim_span(raw, line_start, line_end)
        if mark_start == end:
            continue
        prefix = (MARKDOWN_PREFIX if markdown else LINE_PREFIX).match(raw, mark_start, end)
        start = prefix.end() if prefix is not None and prefix.end() < end else mark_start
        for pattern, reason in FRAGMENT_RULES:
            cut = pattern.search(raw, start, end)
            if cut is not None and cut.start() > start:
                fragments.append(
                    Span(start=trim_span(raw, cut.start(), end)[0], end=end, reason=reason)
                )
                end = trim_span(raw, start, cut.start())[1]
        pieces.append(_Piece(start, end, raw[start:end], mark_start, raw[mark_start:end]))
    return pieces, fragments


def _text_blocks(article: Article) -> tuple[list[Block], list[Span]]:
    raw = article.raw_text
    markdown = article.content_type == "markdown"
    lines, fragments = _text_lines(raw, markdown)
    scripts = expected_scripts(article.language, raw)
    kept, furniture = _filter_pieces(lines, scripts, markdown)
    blocks, duplicates = _drop_duplicates(_join_wrapped_lines(raw, kept, markdown))
    return blocks, _sorted_spans([*fragments, *furniture, *duplicates])


def _join_wrapped_lines(raw: str, lines: list[_Piece], markdown: bool) -> list[Block]:
    """Paragraph blocks: one per line, except where a hard-wrapped paragraph continues.

    A line continues the previous one only when the text is hard-wrapped (most lines
    end near a fixed width), the previous line was filled to that width, nothing but a
    line break lies between them, and neither is a heading or list item. The first line
    stays on its own when it looks like a headline.
    """
    width = _wrap_width(lines)
    blocks: list[Block] = []
    for number, line in enumerate(lines):
        previous = lines[number - 1] if number else None
        if (
            width
            and previous is not None
            and blocks
            and previous.end - previous.start >= 0.7 * width
            and re.fullmatch(r"[ \t]*\r?\n[ \t]*", raw[previous.end : line.start]) is not None
            and not (markdown and MARKDOWN_STRUCTURE.match(_line_of(raw, line.start)))
            and not (number == 1 and is_headline_like(previous.text))
        ):
            last = blocks[-1]
            blocks[-1] = Block(last.start, line.end, raw[last.start : line.end])
            continue
        blocks.append(Block(line.start, line.end, line.text))
    return blocks


def _line_of(raw: str, position: int) -> str:
    line_start = raw.rfind("\n", 0, position) + 1
    return raw[line_start : position + 8]


def _wrap_width(lines: list[_Piece]) -> int:
    """The width a hard-wrapped text is wrapped at, or 0 when each line is a paragraph.

    Hard-wrapped: lines no longer than 100 characters, most of them filled to near the
    widest, and most filled lines ending in mid-sentence.
    """
    if len(lines) < 5:
        return 0
    width = max(line.end - line.start for line in lines)
    if width > 100:
        return 0
    filled = [line.text for line in lines if line.end - line.start >= 0.7 * width]
    mid_sentence = [text for text in filled if not _SENTENCE_END.search(text)]
    wrapped = len(filled) >= 0.5 * len(lines) and len(mid_sentence) >= 0.5 * len(filled)
    return width if wrapped else 0


_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")


# --- HTML -------------------------------------------------------------------------------


def _html_blocks(article: Article) -> tuple[list[Block], list[Span]]:
    raw = article.raw_text
    view = visible_view(raw)
    page = read_page(raw)
    # When trafilatura finds no main text, the whole visible text stands in for it.
    paragraphs = list(page.paragraphs) or ([view.text] if view.text else [])
    spans = _locate_paragraphs(view.text, paragraphs)
    title_span = _locate_title(page.title, view.text, spans)
    if title_span is not None:
        spans.insert(0, title_span)
    pieces = [
        _Piece(
            view.starts[start],
            view.ends[end - 1],
            view.text[start:end],
            view=view,
            view_start=start,
        )
        for start, end in spans
    ]
    scripts = expected_scripts(article.language, view.text)
    kept, furniture = _filter_pieces(pieces, scripts, markdown=False)
    blocks = [
        Block(piece.start, piece.end, visible_text(raw[piece.start : piece.end])) for piece in kept
    ]
    blocks, duplicates = _drop_duplicates(blocks)
    outside = _outside_spans(view, spans)
    return blocks, _sorted_spans([*outside, *furniture, *duplicates])


def _locate_paragraphs(view_text: str, paragraphs: list[str]) -> list[tuple[int, int]]:
    """Where each extracted paragraph lies in the visible text, in order, as view spans."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for paragraph in paragraphs:
        span = _find_paragraph(view_text, paragraph, cursor)
        if span is None:
            continue
        spans.append(span)
        cursor = span[1]
    return spans


def _find_paragraph(view_text: str, paragraph: str, cursor: int) -> tuple[int, int] | None:
    """The paragraph's span at or after ``cursor``; when trafilatura changed its middle,
    the span between its first and last words."""
    for candidate in (paragraph, re.sub(r"^[-*•]\s+", "", paragraph)):
        position = view_text.find(candidate, cursor)
        if position >= 0:
            return position, position + len(candidate)
    head, tail = paragraph[:40], paragraph[-40:]
    start = view_text.find(head, cursor)
    if start < 0:
        return None
    end = view_text.find(tail, start)
    if end < 0 or end + len(tail) - start > 2 * len(paragraph) + 200:
        return None
    return start, end + len(tail)


def _locate_title(
    title: str, view_text: str, spans: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The headline's span when trafilatura left it out of the main text."""
    if not title:
        return None
    first_start = spans[0][0] if spans else len(view_text)
    position = view_text.find(title)
    if position < 0 or position + len(title) > first_start:
        return None
    if spans and view_text[spans[0][0] : spans[0][1]] == title:
        return None
    return position, position + len(title)


def _outside_spans(view: VisibleText, spans: list[tuple[int, int]]) -> list[Span]:
    """Visible text outside the main text, as raw spans."""
    outside: list[Span] = []
    previous_end = 0
    for start, end in [*spans, (len(view.text), len(view.text))]:
        gap_start, gap_end = trim_span(view.text, previous_end, start)
        if gap_start < gap_end:
            outside.append(
                Span(
                    start=view.starts[gap_start],
                    end=view.ends[gap_end - 1],
                    reason="outside the main text",
                )
            )
        previous_end = max(previous_end, end)
    return outside
