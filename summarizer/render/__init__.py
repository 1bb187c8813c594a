"""Render a ``ClusterSummary`` as JSON, Markdown (GFM footnotes) or one HTML page.

Everything in a summary comes from articles or a model, so it is untrusted text:
Markdown escapes every character that could turn it into markup (``markdown.py``), and
the HTML page (``html.py``) goes through jinja2 with autoescaping under a
Content-Security-Policy that lets only the page's own inline script and style run.
JSON is the model as it is, with its ``schema_version``.
"""

from __future__ import annotations

from typing import Literal, get_args

from ..models import ClusterSummary
from .html import csp_hash, render_html
from .markdown import md_text, render_markdown

Format = Literal["json", "md", "html"]
FORMATS: tuple[Format, ...] = get_args(Format)

__all__ = ["FORMATS", "Format", "csp_hash", "md_text", "render", "render_html", "render_markdown"]


def render(summary: ClusterSummary, fmt: Format) -> str:
    """The summary as ``fmt``: "json", "md" (Markdown) or "html" (a self-contained page)."""
    if fmt == "json":
        return summary.model_dump_json(indent=2)
    if fmt == "md":
        return render_markdown(summary)
    if fmt == "html":
        return render_html(summary)
    raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
