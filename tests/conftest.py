"""Fixtures shared by every test module."""

from llama_server import llama_server  # noqa: F401  (the real llama.cpp server, per session)
