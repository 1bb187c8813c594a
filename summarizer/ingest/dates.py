"""Publication dates an article states in its text."""

from __future__ import annotations

import re
from datetime import datetime

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
