"""Absolute dates: relative day names resolved from the cited article's publication date."""

from __future__ import annotations

from datetime import date

from summarizer.api import build_corpus
from summarizer.editorial.dates import (
    absolute_day,
    add_dates,
    annotate,
    relative_phrases,
    sentence_day,
)
from summarizer.models import ClusterSummary, SummarySentence

SUNDAY = date(2020, 3, 1)  # a Sunday


def test_a_weekday_is_the_one_on_or_before_publication() -> None:
    assert annotate("Erdogan said on Saturday he had asked Putin.", SUNDAY) == (
        "Erdogan said on Saturday (29 February) he had asked Putin."
    )
    assert annotate("Talks resume on Sunday.", SUNDAY) == "Talks resume on Sunday (1 March)."
    assert annotate("It burnt late on Friday night.", SUNDAY) == (
        "It burnt late on Friday night (28 February)."
    )
    assert annotate("They met last Sunday.", SUNDAY) == "They met last Sunday (23 February)."
    assert annotate("The vote is next Tuesday.", SUNDAY) == "The vote is next Tuesday (3 March)."


def test_a_weekday_still_to_come_is_the_one_after_publication() -> None:
    assert annotate("The club will lodge a complaint on Monday, its manager said.", SUNDAY) == (
        "The club will lodge a complaint on Monday (2 March), its manager said."
    )
    assert annotate("The minister is due to visit the city on Thursday.", SUNDAY) == (
        "The minister is due to visit the city on Thursday (5 March)."
    )
    assert annotate("The commission called a session for Friday.", SUNDAY) == (
        "The commission called a session for Friday (6 March)."
    )
    # The future is in another clause than the day: the day is the past one.
    assert annotate("The union said on Friday that it will appeal.", SUNDAY) == (
        "The union said on Friday (28 February) that it will appeal."
    )


def test_phrases_of_days_weeks_and_months() -> None:
    assert annotate("He arrived yesterday.", SUNDAY) == "He arrived yesterday (29 February)."
    assert annotate("Fighting grew this week.", SUNDAY) == (
        "Fighting grew this week (week of 24 February)."
    )
    assert annotate("Fourteen died earlier this month.", date(2020, 2, 15)) == (
        "Fourteen died earlier this month (February 2020)."
    )
    # Dated on the day a month or week opens, "this month" may be the one just ended
    # (a piece written overnight): left as the source wrote it. "last month" is not.
    assert annotate("57 soldiers were killed this month.", date(2020, 3, 1)) == (
        "57 soldiers were killed this month."
    )
    assert annotate("Talks stalled this week.", date(2020, 3, 2)) == "Talks stalled this week."
    assert annotate("Prices rose last month.", date(2020, 3, 1)) == (
        "Prices rose last month (February 2020)."
    )
    assert annotate("Prices rose last month.", date(2020, 1, 10)) == (
        "Prices rose last month (December 2019)."
    )
    assert annotate("Her speech on Thursday of last week.", date(2024, 11, 22)) == (
        "Her speech on Thursday of last week (14 November)."
    )


def test_dates_already_absolute_quotes_and_possessives_are_left_alone() -> None:
    for text in (
        "The strike began on Saturday, 29 February.",
        "The talks on Monday 10 March will go ahead.",
        'He said "we will meet on Friday" and left.',
        "Thursday's air strike killed 33 soldiers.",
    ):
        assert annotate(text, SUNDAY) == text


def test_the_day_a_sentence_names() -> None:
    assert sentence_day("It happened on Thursday.", SUNDAY) == date(2020, 2, 27)
    assert sentence_day("It rose to 20 since last Thursday.", SUNDAY) is None
    assert absolute_day("Troops came under fire on February 27.", SUNDAY) == date(2020, 2, 27)
    assert absolute_day("The main burst on 26 February 2023.", None) == date(2023, 2, 26)
    assert absolute_day("A date written out in December.", SUNDAY) is None
    assert not relative_phrases("A report with no day in it.", SUNDAY)


def _summary(texts_and_dates: list[tuple[str, str]]) -> ClusterSummary:
    articles = [
        {"id": f"a{n}", "outlet": f"Outlet {n}", "published": published, "text": text}
        for n, (text, published) in enumerate(texts_and_dates)
    ]
    corpus = build_corpus({"id": "dates", "articles": articles})
    sentences = [
        SummarySentence(text=s.article.raw_text, citations=[corpus.cite(f"{s.article.id}:1")])
        for s in corpus.articles
    ]
    return ClusterSummary(cluster_id="dates", sentences=sentences)


def test_dates_are_recorded_as_edits_and_keep_the_words() -> None:
    summary = _summary([("The minister resigned on Saturday after the vote.", "2020-03-01")])
    dated = add_dates(summary, room=10).sentences[0]
    assert dated.text == "The minister resigned on Saturday (29 February) after the vote."
    assert dated.edited
    assert dated.original == "The minister resigned on Saturday after the vote."
    assert dated.citations == summary.sentences[0].citations


def test_dates_fit_the_room_left_and_ambiguous_day_names_come_first() -> None:
    summary = _summary(
        [
            ("Talks began in the capital on Tuesday.", "2020-03-01"),
            ("The deal was agreed on Saturday.", "2020-02-16"),
            ("The deal collapsed on Saturday.", "2020-03-01"),
        ]
    )
    assert add_dates(summary, room=0) == summary
    texts = [sentence.text for sentence in add_dates(summary, room=4).sentences]
    assert texts[0].endswith("on Tuesday (25 February).")  # the lead first
    assert texts[1].endswith("on Saturday (15 February).")  # "Saturday" stands for two days
    assert texts[2] == "The deal collapsed on Saturday."  # no room left
