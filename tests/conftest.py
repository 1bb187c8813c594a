"""Fixtures shared by every test module."""

import pytest
from llama_server import llama_server  # noqa: F401  (the real llama.cpp server, per session)


@pytest.fixture(autouse=True)
def _store_in_a_temporary_file(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test's store (jobs, keys, the model-call cache) in a file of its own,
    never the user's data directory: a cached answer must not leak between tests."""
    folder = tmp_path_factory.mktemp("store")
    monkeypatch.setenv("SUMMARIZER_DATABASE_URL", str(folder / "summarizer.db"))
