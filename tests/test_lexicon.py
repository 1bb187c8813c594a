"""Which sentences tell one development: what agreed points and the body's citations
rest on, beyond the names two sentences share."""

from __future__ import annotations

import pytest

from summarizer.lexicon.words import tells_same


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        # the names are shared, what happened is not
        (
            "Health Minister Ada Korsin is due to visit Ostrel on Thursday.",
            "On Friday Caldria's health minister, Ada Korsin, told reporters that the outbreak "
            "had been traced to a damaged water main.",
            False,
        ),
        # one development in two outlets' words
        (
            "The pipe burst during floods on 26 February and was repaired two days later.",
            "The water main at Baker Street burst during the floods on 26 February and was "
            "repaired by Ostrel Water crews on 28 February, residents said.",
            True,
        ),
        # a short sentence has few words to share: all it has is enough
        (
            "It is Rennick's first Kessin Cup since 1998.",
            "Rennick's win, their first Kessin Cup since 1998, earns them a place in Europe.",
            True,
        ),
    ],
)
def test_two_sentences_tell_one_development_when_they_share_more_than_names(
    first: str, second: str, same: bool
) -> None:
    assert tells_same(first, second) is same
