"""Find each article's own text inside its page: content blocks and furniture spans.

``html`` turns HTML into visible text with an offset map, ``page`` reads a page's
main text and metadata with trafilatura (once per page), ``furniture`` holds the line
rules, and ``blocks`` puts them together into ``content_blocks``.
"""

from .blocks import Block, content_blocks
from .furniture import line_furniture, looks_like_furniture
from .html import VisibleText, visible_text, visible_view
from .page import page_metadata

__all__ = [
    "Block",
    "VisibleText",
    "content_blocks",
    "line_furniture",
    "looks_like_furniture",
    "page_metadata",
    "visible_text",
    "visible_view",
]
