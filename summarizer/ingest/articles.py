"""One article as an ``Article``: a text, Markdown or HTML file, a JSON article, or
inline text; metadata the page states about itself fills what the cluster left out."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..extract import page_metadata
from ..models import Article
from ..models.input import ArticleInput, ContentType
from .dates import published_from_text
from .decode import Decoded, inline_text, read_text_file

ARTICLE_SUFFIXES: dict[str, ContentType] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
JSON_SUFFIX = ".json"


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
    return make_article(article_id, decoded, content_type, str(path), language, meta or {})


def json_article(
    data: Any, path: Path, default_id: str, language: str | None, meta: dict[str, str] | None = None
) -> Article:
    """A .json article: an object with ``text`` and optional metadata. Its ``raw_text``
    (what offsets point into) is the ``text`` value, not the JSON file."""
    source = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise InputError(source, "not an article: a JSON article needs a 'text' string")
    try:
        # "file" means nothing inside an article file: it is not checked there.
        entry = ArticleInput.model_validate({k: v for k, v in data.items() if k != "file"})
    except ValidationError as error:
        raise InputError(source, error.errors()[0]["msg"]) from error
    merged = {**entry.meta(), **(meta or {})}
    language = merged.get("language") or language
    decoded = inline_text(data["text"], source)
    content_type = entry.content_type or guess_content_type(decoded.text)
    return make_article(entry.id or default_id, decoded, content_type, source, language, merged)


def guess_content_type(text: str) -> ContentType:
    """HTML when the text looks like a page, else plain text."""
    head = text[:4000].lstrip().lower()
    looks_like_html = head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(body|p|div|article)\b[^>]*>", head)
    )
    return "html" if looks_like_html else "text"


def make_article(
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
