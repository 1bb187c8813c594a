"""Clusters: a folder (with or without ``cluster.json``), a cluster file, a single
article file, or cluster-shaped data (stdin, the Python API, HTTP).

Cluster data is checked against ``ClusterInput`` (``validate_cluster``) and then read
(``cluster_from_input``): ``file`` entries resolve against the cluster's folder and
must stay inside it. Every article keeps its whole decoded file in ``raw_text``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..errors import InputError
from ..models import Article, Cluster
from ..models.input import ARTICLE_ERROR, TEXT_ERROR, ArticleInput, ClusterInput
from .articles import (
    ARTICLE_SUFFIXES,
    JSON_SUFFIX,
    guess_content_type,
    json_article,
    make_article,
    parse_json,
    read_article,
    sanitise_id,
)
from .decode import inline_text, read_text_file

CLUSTER_FILE = "cluster.json"
# Called as progress(stage, done, total), as a backend's progress is.
Progress = Callable[[str, int, int], None]
T = TypeVar("T")
NOT_ARTICLES = frozenset({CLUSTER_FILE, "labels.json"})


def load_cluster(path: Path, progress: Progress | None = None) -> Cluster:
    """A cluster from a folder (with or without cluster.json), a cluster.json-shaped
    file, or a single article file (a cluster of one). ``progress("read", done, total)``
    is called as the articles of a large folder are read, one file at a time."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "not found")
    if path.is_dir():
        manifest = path / CLUSTER_FILE
        if manifest.is_file():
            return _load_manifest(manifest, progress)
        return _load_folder(path, progress)
    if path.suffix.lower() == JSON_SUFFIX:
        data = parse_json(read_text_file(path).text, str(path))
        if isinstance(data, dict) and "articles" in data:
            return load_cluster_data(data, path.parent, str(path), progress)
        article = json_article(data, path, sanitise_id(path.stem), "en")
        return Cluster(id=article.id, articles=[article])
    article = read_article(path, sanitise_id(path.stem), "en")
    return Cluster(id=article.id, title=article.title, articles=[article])


def load_cluster_data(
    data: dict[str, Any] | ClusterInput | str,
    base_dir: Path | None,
    source: str,
    progress: Progress | None = None,
) -> Cluster:
    """A cluster from cluster.json-shaped data; ``file`` entries resolve against base_dir."""
    if isinstance(data, str):
        data = parse_json(data, source)
    return cluster_from_input(validate_cluster(data, source), base_dir, source, progress)


def validate_cluster(data: Any, source: str) -> ClusterInput:
    """``data`` as a ClusterInput; an InputError naming the source, article and field."""
    if isinstance(data, ClusterInput):
        return data
    try:
        return ClusterInput.model_validate(data)
    except ValidationError as error:
        raise _input_error(error.errors()[0], data, source) from error


def cluster_from_input(
    data: ClusterInput, base_dir: Path | None, source: str, progress: Progress | None = None
) -> Cluster:
    """Read a validated cluster. Without ``base_dir`` (an HTTP body) ``file`` entries
    are refused; ``source`` names the input in errors."""
    language = data.language or "en"
    articles = [
        _entry_article(entry, number, base_dir, source, language)
        for number, entry in _reporting(list(enumerate(data.articles, start=1)), progress)
    ]
    _check_unique_ids(articles, source)
    default_id = base_dir.name if base_dir is not None else "cluster"
    return Cluster(
        id=data.id or sanitise_id(default_id),
        title=data.title,
        language=language,
        articles=articles,
    )


def _input_error(detail: ErrorDetails, data: Any, source: str) -> InputError:
    location = detail["loc"]
    if detail["type"] == "missing" and location == ("articles",):
        return InputError(source, "missing 'articles' (a list of articles)")
    if len(location) >= 2 and location[0] == "articles" and isinstance(location[1], int):
        label = _raw_label(data["articles"][location[1]], location[1] + 1)
        if detail["type"] == ARTICLE_ERROR:
            return InputError(source, f"article {label}: {detail['msg']}")
        if detail["type"] == TEXT_ERROR:
            return InputError(f"{source}: article {label}", detail["msg"])
    return InputError(source, detail["msg"])


def _raw_label(entry: Any, number: int) -> str:
    """How errors name an entry that failed its checks: as ``_label`` would."""
    if not isinstance(entry, dict):
        return str(number)
    given = entry.get("id")
    if isinstance(given, str | int | float) and not isinstance(given, bool) and str(given).strip():
        return str(given).strip()
    return str(entry.get("file") or number)


def _label(entry: ArticleInput, number: int) -> str:
    return entry.id or entry.file or str(number)


def _load_manifest(manifest: Path, progress: Progress | None) -> Cluster:
    data = parse_json(read_text_file(manifest).text, str(manifest))
    return load_cluster_data(data, manifest.parent, str(manifest), progress)


def _reporting(items: list[T], progress: Progress | None) -> Iterator[T]:
    """``items`` one at a time, with ``progress("read", done, total)`` after each."""
    for done, item in enumerate(items, start=1):
        yield item
        if progress is not None:
            progress("read", done, len(items))


def _load_folder(folder: Path, progress: Progress | None = None) -> Cluster:
    files = _article_files(folder)
    if not files and (folder / "articles").is_dir():
        files = _article_files(folder / "articles")
    read = map(_folder_article, _reporting(files, progress))
    articles = [article for article in read if article is not None]
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
    return json_article(data, path, sanitise_id(path.stem), "en")


def _entry_article(
    entry: ArticleInput, number: int, base_dir: Path | None, source: str, language: str
) -> Article:
    label = _label(entry, number)
    meta = entry.meta()
    article_language = meta.get("language") or language
    if entry.text is not None:
        decoded = inline_text(entry.text, f"{source}: article {label}")
        content_type = entry.content_type or guess_content_type(decoded.text)
        article_id = entry.id or f"article-{number}"
        return make_article(article_id, decoded, content_type, None, article_language, meta)
    if not entry.file:
        raise InputError(source, f"article {label}: needs 'text' or 'file'")
    path = _entry_path(entry.file, base_dir, source, label)
    article_id = entry.id or sanitise_id(path.stem)
    if path.suffix.lower() == JSON_SUFFIX:
        data = parse_json(read_text_file(path, article_language).text, str(path))
        return json_article(data, path, article_id, article_language, meta)
    return read_article(path, article_id, article_language, meta)


def _entry_path(file: str, base_dir: Path | None, source: str, label: str) -> Path:
    """The article file named by an entry, which must stay inside the cluster folder."""
    if base_dir is None:
        raise InputError(source, f"article {label}: 'file' needs a folder; send 'text'")
    if Path(file).is_absolute() or re.match(r"^[A-Za-z]:|^[\\/]", file):
        raise InputError(source, f"article {label}: 'file' must be relative, got {file!r}")
    folder = os.path.normpath(base_dir)
    joined = os.path.normpath(os.path.join(folder, file))
    if os.path.commonpath([folder, joined]) != folder:
        raise InputError(source, f"article {label}: 'file' {file!r} is outside the cluster folder")
    return Path(joined)


def _check_unique_ids(articles: list[Article], source: str) -> None:
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise InputError(source, f"duplicate article id {article.id!r}")
        seen.add(article.id)
