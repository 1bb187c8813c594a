"""Read a cluster of articles, and find each article's own text inside its page.

``load_cluster`` reads a folder, a ``cluster.json`` or a single article file;
``load_cluster_data`` reads the same shape sent as data (stdin, HTTP). Every article
keeps its whole decoded file in ``raw_text``: nothing is dropped or rewritten.

``content_blocks`` then separates the article's content from page furniture (share
buttons, "Read more" lists, bylines, ads in another script...) and returns both as
offsets into ``raw_text``, so that every citation points into the original file.
HTML goes through trafilatura; plain text and Markdown through the rules below.
"""

from __future__ import annotations

import codecs
import html
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

import charset_normalizer
import trafilatura

from .errors import InputError
from .models import Article, Cluster, Span
from .text import trim_span

ContentType = Literal["text", "markdown", "html"]


def _names(names: str) -> frozenset[str]:
    """A set of names written as one space-separated string."""
    return frozenset(names.split())


MAX_ARTICLE_MB = 5
MAX_ARTICLE_BYTES = MAX_ARTICLE_MB * 1024 * 1024
CLUSTER_FILE = "cluster.json"
ARTICLE_SUFFIXES: dict[str, ContentType] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
JSON_SUFFIX = ".json"
NOT_ARTICLES = frozenset({CLUSTER_FILE, "labels.json"})
META_FIELDS = ("outlet", "title", "url", "published", "dateline", "language")
# Share of control characters above which decoded bytes are taken for binary data.
MAX_CONTROL_SHARE = 0.05
# Languages whose pages default to Windows-1252 when they are not UTF-8.
WESTERN_LANGUAGES = _names("en fr de es it pt nl da sv no nb nn fi is ga ca eu gl af sq id ms sw")


@dataclass(frozen=True)
class Block:
    """A content region of ``raw_text``: ``raw_text[start:end]`` and its visible text.

    For text and Markdown ``text == raw_text[start:end]``; for HTML the slice holds
    markup and ``text`` is what a reader sees of it.
    """

    start: int
    end: int
    text: str


# --- reading and decoding ------------------------------------------------------------


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
    if (language or "en") in WESTERN_LANGUAGES and _mostly_latin(decoded.text):
        try:
            return Decoded(data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            return decoded
    return decoded


def _mostly_latin(text: str) -> bool:
    counts = letter_scripts(text[:100_000])
    return counts.get("latin", 0) >= MIN_SCRIPT_SHARE * max(1, sum(counts.values()))


def _looks_binary(text: str) -> bool:
    sample = text[:100_000]
    controls = sum(
        1
        for char in sample
        if char == "\ufffd" or (unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v")
    )
    return controls > MAX_CONTROL_SHARE * len(sample)


# --- clusters ----------------------------------------------------------------------------


def load_cluster(path: Path) -> Cluster:
    """A cluster from a folder (with or without cluster.json), a cluster.json-shaped
    file, or a single article file (a cluster of one)."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "not found")
    if path.is_dir():
        manifest = path / CLUSTER_FILE
        if manifest.is_file():
            return _load_manifest(manifest)
        return _load_folder(path)
    if path.suffix.lower() == JSON_SUFFIX:
        data = parse_json(read_text_file(path).text, str(path))
        if isinstance(data, dict) and "articles" in data:
            return load_cluster_data(data, path.parent, str(path))
        article = _json_article(data, path, sanitise_id(path.stem), "en")
        return Cluster(id=article.id, articles=[article])
    article = read_article(path, sanitise_id(path.stem), "en")
    return Cluster(id=article.id, title=article.title, articles=[article])


def load_cluster_data(data: dict[str, Any] | str, base_dir: Path | None, source: str) -> Cluster:
    """A cluster from cluster.json-shaped data; ``file`` entries resolve against base_dir."""
    if isinstance(data, str):
        data = parse_json(data, source)
    if not isinstance(data, dict):
        raise InputError(source, "a cluster must be a JSON object with an 'articles' list")
    if "articles" not in data:
        raise InputError(source, "missing 'articles' (a list of articles)")
    entries = data["articles"]
    if not isinstance(entries, list) or not entries:
        raise InputError(source, "'articles' must be a non-empty list")
    language = _optional_str(data, "language", source) or "en"
    articles = [
        _entry_article(entry, number, base_dir, source, language)
        for number, entry in enumerate(entries, start=1)
    ]
    _check_unique_ids(articles, source)
    default_id = base_dir.name if base_dir is not None else "cluster"
    return Cluster(
        id=_optional_str(data, "id", source) or sanitise_id(default_id),
        title=_optional_str(data, "title", source),
        language=language,
        articles=articles,
    )


def parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            source, f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from error


def sanitise_id(name: str) -> str:
    """A file stem as an article id: lower case, [a-z0-9-_] only."""
    return re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-") or "article"


def read_article(
    path: Path, article_id: str, language: str | None, meta: dict[str, str] | None = None
) -> Article:
    """One text, Markdown or HTML file as an Article."""
    decoded = read_text_file(path, language)
    content_type = ARTICLE_SUFFIXES.get(path.suffix.lower(), "text")
    return _make_article(article_id, decoded, content_type, str(path), language, meta or {})


def _load_manifest(manifest: Path) -> Cluster:
    data = parse_json(read_text_file(manifest).text, str(manifest))
    return load_cluster_data(data, manifest.parent, str(manifest))


def _load_folder(folder: Path) -> Cluster:
    files = _article_files(folder)
    if not files and (folder / "articles").is_dir():
        files = _article_files(folder / "articles")
    articles = [article for article in map(_folder_article, files) if article is not None]
    if not articles:
        raise InputError(str(folder), "no articles found" + _skipped_note(folder, files))
    _check_unique_ids(articles, str(folder))
    return Cluster(id=sanitise_id(folder.resolve().name), articles=articles)


def _skipped_note(folder: Path, article_files: list[Path]) -> str:
    """What the folder holds instead of articles, so the user sees why nothing was read."""
    looked = " (looked for .txt, .md, .html, and .json objects with a 'text' field"
    skipped = [path.name for path in article_files if path.suffix.lower() == JSON_SUFFIX]
    others = sorted(
        path.name for path in folder.iterdir() if path.is_file() and path not in article_files
    )
    notes = [f"{name}: a .json without 'text'" for name in skipped[:3]]
    notes += [f"{name}: not an article type" for name in others[:3]]
    return looked + ("; skipped " + ", ".join(notes) if notes else "") + ")"


def _article_files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file()
        and not path.name.startswith(".")
        and not path.name.upper().startswith("README")
        and path.name.lower() not in NOT_ARTICLES
        and (path.suffix.lower() in ARTICLE_SUFFIXES or path.suffix.lower() == JSON_SUFFIX)
    )


def _folder_article(path: Path) -> Article | None:
    """An article file of a folder; a .json without 'text' is not an article, so None."""
    if path.suffix.lower() != JSON_SUFFIX:
        return read_article(path, sanitise_id(path.stem), "en")
    data = parse_json(read_text_file(path).text, str(path))
    if not isinstance(data, dict) or "text" not in data:
        return None
    return _json_article(data, path, sanitise_id(path.stem), "en")


def _json_article(
    data: Any, path: Path, default_id: str, language: str | None, meta: dict[str, str] | None = None
) -> Article:
    """A .json article: an object with ``text`` and optional metadata. Its ``raw_text``
    (what offsets point into) is the ``text`` value, not the JSON file."""
    source = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise InputError(source, "not an article: a JSON article needs a 'text' string")
    own_meta = {key: value for key in META_FIELDS if (value := _optional_str(data, key, source))}
    merged = {**own_meta, **(meta or {})}
    article_id = _optional_str(data, "id", source) or default_id
    language = merged.get("language") or language
    decoded = _inline_text(data["text"], source)
    content_type = _content_type(data, decoded.text, source)
    return _make_article(article_id, decoded, content_type, source, language, merged)


def _entry_article(
    entry: Any, number: int, base_dir: Path | None, source: str, language: str
) -> Article:
    if not isinstance(entry, dict):
        raise InputError(source, f"article {number}: must be an object")
    given_id = _optional_str(entry, "id", source)
    label = given_id or str(entry.get("file") or number)
    meta = {key: value for key in META_FIELDS if (value := _optional_str(entry, key, source))}
    article_language = meta.get("language") or language
    if entry.get("text") is not None:
        decoded = _inline_text(entry["text"], f"{source}: article {label}")
        content_type = _content_type(entry, decoded.text, source)
        article_id = given_id or f"article-{number}"
        return _make_article(article_id, decoded, content_type, None, article_language, meta)
    if not entry.get("file"):
        raise InputError(source, f"article {label}: needs 'text' or 'file'")
    path = _entry_path(entry["file"], base_dir, source, label)
    article_id = given_id or sanitise_id(path.stem)
    if path.suffix.lower() == JSON_SUFFIX:
        data = parse_json(read_text_file(path, article_language).text, str(path))
        return _json_article(data, path, article_id, article_language, meta)
    return read_article(path, article_id, article_language, meta)


def _entry_path(file: Any, base_dir: Path | None, source: str, label: str) -> Path:
    """The article file named by an entry, which must stay inside the cluster folder."""
    if not isinstance(file, str):
        raise InputError(source, f"article {label}: 'file' must be a string")
    if base_dir is None:
        raise InputError(source, f"article {label}: 'file' needs a folder; send 'text'")
    if Path(file).is_absolute() or re.match(r"^[A-Za-z]:|^[\\/]", file):
        raise InputError(source, f"article {label}: 'file' must be relative, got {file!r}")
    folder = os.path.normpath(base_dir)
    joined = os.path.normpath(os.path.join(folder, file))
    if os.path.commonpath([folder, joined]) != folder:
        raise InputError(source, f"article {label}: 'file' {file!r} is outside the cluster folder")
    return Path(joined)


def _inline_text(text: Any, source: str) -> Decoded:
    if not isinstance(text, str):
        raise InputError(source, "'text' must be a string")
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_ARTICLE_BYTES:
        raise InputError(source, f"too large: {size / 2**20:.1f} MB, limit {MAX_ARTICLE_MB} MB")
    if not text.strip():
        raise InputError(source, "empty article")
    return Decoded(text, "utf-8")


def _content_type(entry: dict[str, Any], text: str, source: str) -> ContentType:
    """The entry's ``content_type`` when given, else HTML when the text looks like a page."""
    given = entry.get("content_type")
    if given is None:
        return "html" if _looks_like_html(text) else "text"
    if given not in ("text", "markdown", "html"):
        raise InputError(source, f"content_type must be text, markdown or html, got {given!r}")
    return given  # type: ignore[no-any-return]


def _looks_like_html(text: str) -> bool:
    head = text[:4000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(body|p|div|article)\b[^>]*>", head)
    )


def _make_article(
    article_id: str,
    decoded: Decoded,
    content_type: ContentType,
    path: str | None,
    language: str | None,
    meta: dict[str, str],
) -> Article:
    fields = {**meta, "language": meta.get("language") or language}
    if content_type == "html":
        page = page_metadata(decoded.text)
        fields.update({key: value for key, value in page.items() if not fields.get(key)})
    if not fields.get("published"):
        fields["published"] = published_from_text(decoded.text)
    return Article(
        id=article_id,
        raw_text=decoded.text,
        encoding=decoded.encoding,
        content_type=content_type,
        path=path,
        **fields,
    )


def _optional_str(data: dict[str, Any], key: str, source: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(source, f"'{key}' must be a string, got {type(value).__name__}")
    return str(value).strip() or None


def _check_unique_ids(articles: list[Article], source: str) -> None:
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise InputError(source, f"duplicate article id {article.id!r}")
        seen.add(article.id)


_PUBLISHED_LINE = re.compile(
    r"^[ \t]*(?:date of publication|published(?: on)?)[ \t]*:[ \t]*(.{4,40}?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_DATE_FORMATS = ("%d %B, %Y", "%d %B %Y", "%B %d, %Y", "%B %d %Y", "%Y-%m-%d", "%d %b %Y")


def published_from_text(text: str) -> str | None:
    """The ISO date of a "Date of publication: 15 February, 2020" line, if any."""
    match = _PUBLISHED_LINE.search(text[:20_000])
    if match is None:
        return None
    for date_format in _DATE_FORMATS:
        try:
            return datetime.strptime(match.group(1), date_format).date().isoformat()
        except ValueError:
            continue
    return None


# --- furniture rules ---------------------------------------------------------------------

Rule = tuple[re.Pattern[str], str]


def _rules(reason: str, *patterns: str) -> list[Rule]:
    """Each pattern must match a whole (stripped) line, case-insensitively."""
    return [(re.compile(pattern, re.IGNORECASE), reason) for pattern in patterns]


_SOCIAL = (
    r"(twitter|facebook|whatsapp|telegram|linkedin|reddit|pinterest|instagram|youtube"
    r"|email|e-mail|print|x|vk|signal|weibo|copy link)"
)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"((mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(day)?,?\s+)?"
_DATE = (
    rf"{_WEEKDAY}(\d{{1,2}}(st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})"
)
# Ends a pattern: the line does not end like a sentence.
_NO_FULL_STOP = r"(?<![.!?\"”])"

SHARE_WIDGETS = _rules(
    "share widget",
    # Share buttons and their counters: "Share this page:", "• 0", "• twitter".
    r"share( (this|on|via|the)\b.{0,60})?:?",
    r"share( this \w+)?\s*:.{0,160}",
    r"(tweet|pin it|send)",
    rf"[•·▪*+-]?\s*{_SOCIAL}( \d+)?",
    r"follow (us|the [^.!?]{1,40}?)( on\b.{0,160}|\s*:.{0,160}|)",
)

NAVIGATION = _rules(
    "navigation",
    # Site menus, breadcrumbs, section labels and links to other stories.
    r"[^|·•/]{1,30}(\s+[|·•/]\s+[^|·•/]{1,30}){2,}" + _NO_FULL_STOP,
    r"[^›»]{1,30}(\s*[›»]\s*[^›»]{1,30})+" + _NO_FULL_STOP,
    r"(read|see|watch|listen) (more|also)\b.{0,200}",
    r"also (read|see)\b.{0,200}",
    r"related( (articles?|stories|news|content|coverage|topics?))?\s*:.{0,200}",
    r"tags?\s*:.{0,200}",
    r"(breaking|live)( news)?\s*:.{0,200}",
    r"(breaking news|advertisement|sponsored( content)?|skip to (main )?content|back to top)",
    r"(subscribe|sign (up|in)|log ?in|register)\b.{0,100}" + _NO_FULL_STOP,
    r"(newsletter\b.{0,160}|.{0,100}\bin your inbox\b.{0,60})",
    r".{0,60}\b(donate|support (us|our journalism|independent journalism))\b.{0,80}",
    # A comment section's heading, also glued to a site name ("The SiteComments").
    r"([^.!?]{0,40}(?-i:Comments)|(\d+ )?comments?)( \(\d+\))?(\s*[—–|:-].{0,60})?",
)

LINK_LIST_HEADERS = _rules(
    "link list",
    # A label alone on its line that introduces a list of other headlines.
    r"(read|see) (more|also)\s*:?",
    r"also read\s*:?",
    r"related( \w+)?\s*:?",
    r"more (on this( story| topic)?|stories|news|from [^.!?:]{1,40})\s*:?",
    r"you (may|might) (also )?like\s*:?",
    r"(most (popular|read|viewed|shared)( in [^.!?:]{1,30})?|trending( now)?|top stories)\s*:?",
    r"recommended( for you)?\s*:?",
)

METADATA = _rules(
    "metadata",
    # Dates, bylines, sources and counters printed around the article.
    r"(last )?updated( at| on)?\s*:?.{0,40}\d.{0,30}",
    r"(date of publication|published( on| at)?|posted( on| at)?)\b.{0,40}\d.{0,80}" + _NO_FULL_STOP,
    _DATE + r"[^!?]{0,100}" + _NO_FULL_STOP,
    r".{0,80}\b\d+ min(ute)?s? read\b.{0,40}",
    r"(?-i:By|BY) (?-i:[A-Z])[\w.'’-]*(,? (and |& )?(?-i:[A-Z])[\w.'’-]*){0,5}"
    r"( in (?-i:[A-Z])[\w'’-]*( (?-i:[A-Z])[\w'’-]*)?)?",
    r"[^.!?,]{2,40},\s*[^.!?,]{0,30}\b(correspondent|reporter|editor|writer|journalist)s?\b"
    r"[^.!?]{0,30}",
    r"[^.!?]{0,40}\b(staff|newsroom|(news|political|foreign|city) desk)"
    r"(,? (with|and) [^.!?]{1,60})?",
    r"(reporting|writing|editing|additional reporting) by\b.{0,120}",
    r"[-–—•]?\s*(news )?sources?\s*:.{0,100}",
    r"[^.!?]{0,60}(&|and) agencies",
    r"(agencies|wire services)",
    r"(views?|reads?|visits?|hits?)\s*:?\s*[\d,. ]+",
    r"[\d,. ]+\s*(views?|reads?|visits?|hits?)",
)

MEDIA = _rules(
    "media caption",
    # Photo captions and credits, lightbox buttons, logos.
    r".{1,240}\[[^\[\]]{0,60}(/|\b(getty|afp|reuters|ap|anadolu|epa|photo|images?|file)\b)"
    r"[^\[\]]{0,60}\]",
    r"\[[^\[\]]{1,300}\]",
    r"\([^()]{1,60}\)",
    r"\[?(click|tap) (here )?to (enlarge|expand|zoom)\]?",
    r"\[?open in full ?screen\]?",
    r"(photo|image|picture|video|chart|graphic|infographic|map|gallery)s?"
    r"( caption| credit)?s?\s*:.{0,200}",
    r"(photo|image|video|gallery|slideshow)( \d+( of \d+)?)?",
    r".{0,60}\blogo",
)

LEGAL = _rules(
    "legal notice",
    # Copyright lines and cookie notices.
    r"(©|\(c\)|copyright\b).{0,200}",
    r".{0,160}all rights reserved\.?.{0,60}",
    r".{0,200}\b(use|uses|using|accept|consent to|allow)\b.{0,40}\bcookies\b.{0,200}",
    r".{0,120}\bcookie (policy|settings|preferences|consent|notice)\b.{0,200}",
    r"cookies\b.{0,300}",
)

MACHINE_NOTES = _rules(
    "instructions to machines",
    # Text planted for AI tools, not for readers: it is not article content.
    r".{0,300}\bignore (all |any )?(the )?(previous|prior|above|earlier|preceding)"
    r" (instructions|prompts?)\b.{0,600}",
    r"(note|message|instructions?) (to|for) (ai|llms?|language models?|chatbots?"
    r"|(ai|automated) (assistants?|summari[sz]ers?|systems?|tools?))\b.{0,600}",
)

MARKDOWN_SYNTAX = _rules(
    "markdown syntax",
    # Lines that are only markup: rules, images, bare links, comments, fences.
    r"([-*_=]\s*){3,}",
    r"!\[[^\]]*\]\([^)]*\)",
    r"\[[^\]]*\]\([^)]*\)",
    r"<!--.*-->",
    r"(```|~~~).*",
    r"\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*",
)

TAG_LINES = _rules(
    "tag list",
    # Hashtag lines: "# foo # bar".
    r"#[^#]+(#[^#]+)+",
)

LINE_RULES: list[Rule] = [
    *MACHINE_NOTES,
    *LINK_LIST_HEADERS,
    *SHARE_WIDGETS,
    *NAVIGATION,
    *METADATA,
    *MEDIA,
    *LEGAL,
    *TAG_LINES,
]

# Fragments cut from the end of an otherwise kept line: "Headline Open in fullscreen",
# or a wire agency's credit after the last sentence: "... he said. (Reuters)".
FRAGMENT_RULES: list[Rule] = [
    (
        re.compile(r"\s*\[?(open in full ?screen|click to enlarge)\]?\s*$", re.IGNORECASE),
        "media button",
    ),
    (re.compile(r"(?<=[.!?\"”])\s*\([A-Z][^()]{0,40}\)\s*$"), "credit"),
]

# Where a line's own text starts: after bullets, and in Markdown heading and quote marks.
_LINE_PREFIX = re.compile(r"([-*+•·▪›»→]\s+|\d{1,3}[.)]\s+)+")
_MARKDOWN_PREFIX = re.compile(r"(#{1,6}\s+|>\s*|[-*+•·▪›»→]\s+|\d{1,3}[.)]\s+)+")
_MARKDOWN_STRUCTURE = re.compile(r"\s*(#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>)")
# Longer lines are content: rules only look at lines up to this length.
MAX_FURNITURE_LINE = 1000
# Lines of at most this many words without a full stop may be a list of headlines.
MAX_HEADLINE_WORDS = 20
MAX_LINK_LIST = 12

LANGUAGE_SCRIPTS: dict[str, frozenset[str]] = {
    **{code: frozenset({"latin"}) for code in WESTERN_LANGUAGES},
    **{
        code: frozenset({"latin"})
        for code in _names("tr pl cs sk sl hr bs ro hu et lv lt vi tl az uz mt")
    },
    **{code: frozenset({"cyrillic"}) for code in _names("ru uk bg sr mk be kk ky tg mn")},
    **{code: frozenset({"arabic"}) for code in _names("ar fa ur ps ku sd ug")},
    "el": frozenset({"greek"}),
    "he": frozenset({"hebrew"}),
    "yi": frozenset({"hebrew"}),
    "zh": frozenset({"cjk"}),
    "ja": frozenset({"cjk", "hiragana", "katakana"}),
    "ko": frozenset({"hangul", "cjk"}),
    **{code: frozenset({"devanagari"}) for code in _names("hi mr ne sa")},
}
# A line with less than this share of letters in the article's script is furniture.
MIN_SCRIPT_SHARE = 0.5


@lru_cache(maxsize=4096)
def _script_of(char: str) -> str:
    code = ord(char)
    if code < 0x250 or 0x1E00 <= code < 0x1F00:
        return "latin"
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0].lower() if name else "unknown"


def letter_scripts(text: str) -> dict[str, int]:
    """How many letters of ``text`` belong to each script."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = _script_of(char)
            counts[script] = counts.get(script, 0) + 1
    return counts


def expected_scripts(language: str | None, text: str) -> frozenset[str]:
    """The scripts of ``language``; when most of the text's letters are in another
    script (a language guessed wrong, or not given), that script."""
    known = LANGUAGE_SCRIPTS.get((language or "").lower().split("-")[0])
    counts = letter_scripts(text[:200_000])
    if not counts:
        return known or frozenset({"latin"})
    dominant = max(counts, key=counts.__getitem__)
    return known if known is not None and dominant in known else frozenset({dominant})


def line_furniture(text: str, scripts: frozenset[str], markdown: bool = False) -> str | None:
    """Why one line (or paragraph) is page furniture, or None when it is content."""
    letters = letter_scripts(text)
    total = sum(letters.values())
    if total == 0:
        return "no words"
    if sum(letters.get(script, 0) for script in scripts) < MIN_SCRIPT_SHARE * total:
        return "other script"
    if len(text) > MAX_FURNITURE_LINE:
        return None
    if _is_masthead(text):
        return "masthead or section label"
    rules = [*MARKDOWN_SYNTAX, *LINE_RULES] if markdown else LINE_RULES
    for pattern, reason in rules:
        if pattern.fullmatch(text):
            return reason
    return None


# An all-capitals line of at most this many words is a site name or section label.
MAX_MASTHEAD_WORDS = 6


def _is_masthead(text: str) -> bool:
    """ "THE DAILY HERALD", "WORLD › EUROPE": short, and every cased letter a capital."""
    cased = [char for char in text if char.isalpha() and char.lower() != char.upper()]
    return (
        len(cased) >= 2
        and all(char.isupper() for char in cased)
        and len(text.split()) <= MAX_MASTHEAD_WORDS
    )


def _tag_line(line: str) -> str | None:
    """A hashtag line, judged with its leading '#' (which Markdown reads as a heading)."""
    return next((reason for pattern, reason in TAG_LINES if pattern.fullmatch(line)), None)


def _is_link_list_header(text: str) -> bool:
    return any(pattern.fullmatch(text) for pattern, _ in LINK_LIST_HEADERS)


def _is_headline_like(text: str) -> bool:
    return len(text.split()) <= MAX_HEADLINE_WORDS and not re.search(r"[.!:;]['\"”’)]*$", text)


# --- content blocks -----------------------------------------------------------------------


def content_blocks(article: Article) -> tuple[list[Block], list[Span]]:
    """The article's content regions of ``raw_text``, and the furniture spans dropped."""
    if article.content_type == "html":
        return _html_blocks(article)
    return _text_blocks(article)


@dataclass(frozen=True)
class _Piece:
    """A line or paragraph: its text starts at ``start``, after any bullet or heading
    mark that begins at ``mark_start``."""

    start: int
    end: int
    text: str
    mark_start: int = -1
    line: str = ""

    @property
    def outer_start(self) -> int:
        return self.start if self.mark_start < 0 else self.mark_start


def _filter_pieces(
    pieces: Iterable[_Piece], scripts: frozenset[str], markdown: bool
) -> tuple[list[_Piece], list[Span]]:
    """Drop furniture lines/paragraphs, and the lists of headlines after "Read more:"."""
    kept: list[_Piece] = []
    furniture: list[Span] = []
    link_list_left = 0
    for piece in pieces:
        reason = line_furniture(piece.text, scripts, markdown) or _tag_line(piece.line)
        if reason is None and link_list_left and _is_headline_like(piece.text):
            reason = "link list"
        if reason is None:
            link_list_left = 0
            kept.append(piece)
            continue
        furniture.append(Span(start=piece.outer_start, end=piece.end, reason=reason))
        if _is_link_list_header(piece.text):
            link_list_left = MAX_LINK_LIST
        elif link_list_left:
            link_list_left -= 1
    return kept, furniture


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
        prefix = (_MARKDOWN_PREFIX if markdown else _LINE_PREFIX).match(raw, mark_start, end)
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
            and not (markdown and _MARKDOWN_STRUCTURE.match(_line_of(raw, line.start)))
            and not (number == 1 and _is_headline_like(previous.text))
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


# --- HTML --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisibleText:
    """What a reader sees of some HTML, whitespace collapsed, with each character's
    raw offsets: ``text[i]`` shows ``html[starts[i]:ends[i]]``."""

    text: str
    starts: list[int]
    ends: list[int]


_HIDDEN_TAGS = _names("script style noscript template head title svg iframe object canvas select")
_BLOCK_TAGS = _names(
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


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _html_blocks(article: Article) -> tuple[list[Block], list[Span]]:
    raw = article.raw_text
    view = visible_view(raw)
    # When trafilatura finds no main text, the whole visible text stands in for it.
    paragraphs = _main_text_paragraphs(raw) or ([view.text] if view.text else [])
    spans = _locate_paragraphs(view.text, paragraphs)
    title_span = _locate_title(raw, view.text, spans)
    if title_span is not None:
        spans.insert(0, title_span)
    pieces = [
        _Piece(view.starts[start], view.ends[end - 1], view.text[start:end]) for start, end in spans
    ]
    scripts = expected_scripts(article.language, view.text)
    kept, furniture = _filter_pieces(pieces, scripts, markdown=False)
    blocks = [
        Block(piece.start, piece.end, visible_text(raw[piece.start : piece.end])) for piece in kept
    ]
    blocks, duplicates = _drop_duplicates(blocks)
    outside = _outside_spans(view, spans)
    return blocks, _sorted_spans([*outside, *furniture, *duplicates])


def _main_text_paragraphs(raw: str) -> list[str]:
    extracted = trafilatura.extract(
        raw,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    return [_normalise(line) for line in (extracted or "").splitlines() if line.strip()]


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


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def page_metadata(raw: str) -> dict[str, str]:
    """Title, outlet and date that an HTML page states about itself (meta tags, <title>).

    The outlet is the site name, else what the <title> adds after the headline
    ("Headline | The Estuary Gazette").
    """
    metadata = trafilatura.extract_metadata(raw)
    if metadata is None:
        return {}
    title = _normalise(metadata.title or "")
    outlet = _normalise(metadata.sitename or "") or _outlet_from_title_tag(raw, title)
    found = {
        "title": title,
        "outlet": outlet,
        "published": metadata.date or "",
        "url": metadata.url or "",
    }
    return {key: value for key, value in found.items() if value}


def _outlet_from_title_tag(raw: str, title: str) -> str:
    tag = _TITLE_TAG.search(raw[:20_000])
    if tag is None or not title:
        return ""
    text = _normalise(html.unescape(tag.group(1)))
    for separator in (" | ", " - ", " \u2013 ", " \u2014 "):
        head, found, tail = text.rpartition(separator)
        if found and head.strip() == title and 0 < len(tail.strip()) <= 60:
            return tail.strip()
    return ""


def _locate_title(raw: str, view_text: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The headline's span when trafilatura left it out of the main text."""
    metadata = trafilatura.extract_metadata(raw)
    title = _normalise(getattr(metadata, "title", None) or "")
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
