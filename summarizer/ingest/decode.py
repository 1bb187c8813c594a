"""Bytes to text: UTF-8 (with or without a BOM), else the detected encoding; binary
data and empty files are refused with an InputError naming the file."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from ..errors import InputError
from ..lexicon.scripts import WESTERN_LANGUAGES, mostly_latin

MAX_ARTICLE_MB = 5
MAX_ARTICLE_BYTES = MAX_ARTICLE_MB * 1024 * 1024
# Share of control characters above which decoded bytes are taken for binary data.
MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def read_text_file(path: Path, language: str | None = "en") -> Decoded:
    """Read and decode one article file; InputError naming the file on any problem."""
    source = str(path)
    if not path.is_file():
        raise InputError(source, "file not found")
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise InputError(source, f"too large: {size / 2**20:.1f} MB, limit {MAX_ARTICLE_MB} MB")
    return decode_bytes(path.read_bytes(), source, language)


def decode_bytes(data: bytes, source: str, language: str | None = "en") -> Decoded:
    """UTF-8 (BOM stripped) when it decodes, else what charset-normalizer finds."""
    if not data.strip():
        raise InputError(source, "empty article")
    decoded = _decode_with_bom(data) or _decode_utf8(data) or _decode_detected(data, language)
    if decoded is None or _looks_binary(decoded.text):
        raise InputError(source, "looks binary, not text")
    if not decoded.text.strip():
        raise InputError(source, "empty article")
    return decoded


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode_with_bom(data: bytes) -> Decoded | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                return None
    return None


def _decode_utf8(data: bytes) -> Decoded | None:
    if b"\x00" in data:
        return None
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return None


def _decode_detected(data: bytes, language: str | None) -> Decoded | None:
    if b"\x00" in data:
        return None
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    decoded = Decoded(str(best), best.encoding)
    # Short samples are ambiguous between Latin code pages; pages in Western languages
    # that are not UTF-8 are almost always Windows-1252 (as HTML5 assumes).
    if (language or "en") in WESTERN_LANGUAGES and mostly_latin(decoded.text):
        try:
            return Decoded(data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            return decoded
    return decoded


def _looks_binary(text: str) -> bool:
    sample = text[:100_000]
    controls = sum(
        1
        for char in sample
        if char == "\ufffd" or (unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v")
    )
    return controls > MAX_CONTROL_SHARE * len(sample)


def inline_text(text: str, source: str) -> Decoded:
    """Article text sent as a string: the same size and emptiness checks as a file."""
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_ARTICLE_BYTES:
        raise InputError(source, f"too large: {size / 2**20:.1f} MB, limit {MAX_ARTICLE_MB} MB")
    if not text.strip():
        raise InputError(source, "empty article")
    return Decoded(text, "utf-8")
