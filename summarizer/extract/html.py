"""The visible text of HTML, with the raw offsets each visible character came from."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from ..lexicon.scripts import names


@dataclass(frozen=True)
class VisibleText:
    """What a reader sees of some HTML, whitespace collapsed, with each character's
    raw offsets: ``text[i]`` shows ``html[starts[i]:ends[i]]``."""

    text: str
    starts: list[int]
    ends: list[int]


_HIDDEN_TAGS = names("script style noscript template head title svg iframe object canvas select")
_BLOCK_TAGS = names(
    "p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr td th table section article header"
    " footer nav aside main blockquote figure figcaption hr pre form address body html"
)
_ENTITY = re.compile(r"&(#[xX]?[0-9a-fA-F]+|[a-zA-Z][-.a-zA-Z0-9]*);?")


class _VisibleTextParser(HTMLParser):
    """Collects visible characters of HTML with the raw offsets each came from."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [match.end() for match in re.finditer(r"\n", source)]
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.hidden_depth = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _emit(self, text: str, start: int, end: int) -> None:
        for char in text:
            self.chars.append(char)
            self.starts.append(start)
            self.ends.append(end)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.hidden_depth = 0
        elif tag in _HIDDEN_TAGS:
            self.hidden_depth += 1
        self._break(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden_depth = max(0, self.hidden_depth - 1)
        self._break(tag)

    def _break(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            offset = self._offset()
            self._emit("\n", offset, offset)

    def handle_data(self, data: str) -> None:
        if self.hidden_depth:
            return
        start = self._offset()
        for index, char in enumerate(data):
            self._emit(char, start + index, start + index + 1)

    def handle_entityref(self, name: str) -> None:
        self._entity()

    def handle_charref(self, name: str) -> None:
        self._entity()

    def _entity(self) -> None:
        if self.hidden_depth:
            return
        start = self._offset()
        match = _ENTITY.match(self.source, start)
        end = match.end() if match else start + 1
        self._emit(html.unescape(self.source[start:end]), start, end)


def visible_view(source: str) -> VisibleText:
    """The visible text of HTML (or of a slice of it) with its offset map."""
    parser = _VisibleTextParser(source)
    parser.feed(source)
    parser.close()
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for char, start, end in zip(parser.chars, parser.starts, parser.ends, strict=True):
        if char.isspace():
            if not chars or chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        starts.append(start)
        ends.append(end)
    while chars and chars[-1] == " ":
        chars.pop()
        starts.pop()
        ends.pop()
    return VisibleText("".join(chars), starts, ends)


def visible_text(source: str) -> str:
    """What a reader sees of HTML: tags and hidden elements dropped, entities unescaped,
    whitespace collapsed."""
    return visible_view(source).text


def normalise(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped."""
    return " ".join(text.split())
