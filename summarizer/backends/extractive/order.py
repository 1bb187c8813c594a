"""Reading order: chronological by the article's date, then by place in the article."""

from __future__ import annotations

from .selection import Unit


def reading_order(units: list[Unit]) -> list[Unit]:
    """Earlier articles first (undated ones last), each article's sentences in its order.

    A sentence carried by several outlets sits where its earliest telling sits.
    """

    def key(unit: Unit) -> tuple[int, str, int, int]:
        earliest = min(
            unit.members,
            key=lambda member: (
                member.published == "",
                member.published,
                member.article_index,
                member.sentence.index,
            ),
        )
        return (
            int(earliest.published == ""),
            earliest.published,
            earliest.article_index,
            earliest.sentence.index,
        )

    return sorted(units, key=key)
