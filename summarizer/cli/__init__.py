"""The command line (``summarizer``): a thin shell over the Python API."""

from .commands import main

__all__ = ["main"]
