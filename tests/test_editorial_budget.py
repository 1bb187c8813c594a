"""The word budget: the body within max_words, extras within a budget of their own."""

from __future__ import annotations

import re

import pytest

from summarizer.api import summarize
from summarizer.editorial.budget import extras_words, fit_budget
from summarizer.editorial.headline import HEADLINE_WORDS
from summarizer.models import (
    AgreedPoint,
    ClusterSummary,
    OutletFraming,
    SummarySentence,
    TimelineEntry,
)


@pytest.mark.parametrize("max_words", [100, 250])
def test_a_short_budget_gives_a_short_document(max_words: int) -> None:
    summary = summarize("examples/harbour-strike", max_words=max_words)
    assert summary.budget is not None
    assert summary.budget.body == max_words
    # Absolute dates added in parentheses have words of their own; the rest is in budget.
    assert summary.words <= max_words + summary.budget.dates
    undated = [re.sub(r"\s\([^()]*\d[^()]*\)", "", s.text) for s in summary.sentences]
    assert sum(len(text.split()) for text in undated) <= max_words
    assert extras_words(summary) <= summary.budget.extras
    assert len(summary.headline.split()) <= summary.budget.headline == HEADLINE_WORDS


def test_lowest_priority_extras_go_first_each_kind_keeping_one() -> None:
    points = [AgreedPoint(text=" ".join(["agreed"] * 10)) for _ in range(3)]
    notes = [
        OutletFraming(article_id=f"a{n}", outlet="Outlet", note=" ".join(["note"] * 9))
        for n in range(3)
    ]
    summary = ClusterSummary(
        cluster_id="c",
        sentences=[SummarySentence(text="One two three four five.")],
        agreed=points,
        framing=notes,
    )
    fitted = fit_budget(summary, max_words=35)
    assert len(fitted.framing) == 1 and len(fitted.agreed) == 2
    assert extras_words(fitted) <= 35
    tight = fit_budget(summary, max_words=15)
    assert len(tight.framing) == 0 and len(tight.agreed) == 1


def test_a_figures_series_stays_whole_and_other_entries_go_first() -> None:
    series = [
        TimelineEntry(date=f"2024-06-1{n}", text=f"{v} miners killed", figure=str(v),
                      what="miners killed")
        for n, v in enumerate((6, 11, 14))
    ]  # fmt: skip
    other = TimelineEntry(date="2024-06-15", text="The colliery reopened after the inquiry")
    summary = ClusterSummary(cluster_id="c", timeline=[*series, other])
    assert fit_budget(summary, max_words=12).timeline == series
    assert fit_budget(summary, max_words=5).timeline == []


def test_a_body_over_budget_loses_its_last_sentences_and_says_so() -> None:
    sentences = [SummarySentence(text=" ".join(["word"] * 30)) for _ in range(3)]
    fitted = fit_budget(ClusterSummary(cluster_id="c", sentences=sentences), max_words=65)
    assert len(fitted.sentences) == 2
    assert any("body cut" in warning for warning in fitted.warnings)


def test_the_timeline_keeps_its_newest_developments_when_it_is_cut() -> None:
    entries = [
        TimelineEntry(date=f"2024-03-0{day}", text=f"Development of day {day} here")
        for day in (1, 2, 3)
    ]
    summary = ClusterSummary(cluster_id="c", timeline=entries)
    kept = fit_budget(summary, max_words=13).timeline
    assert [entry.date for entry in kept] == ["2024-03-02", "2024-03-03"]  # in date order


def test_a_body_filled_to_its_budget_still_gets_absolute_dates() -> None:
    """The backend fills the body to max_words; the day names still get their dates,
    within the dates' own words, and the budget line says so."""
    from summarizer.editorial.budget import date_words
    from summarizer.render import render

    summary = summarize("examples/harbour-strike", max_words=250)
    assert summary.budget is not None and summary.budget.dates == date_words(250) > 0
    dated = [s for s in summary.sentences if re.search(r"day \(\d{1,2} [A-Z][a-z]+\)", s.text)]
    assert dated, "no day name was given its date"
    assert all(s.edited and s.original for s in dated)
    line = f"plus at most {summary.budget.dates} words of added dates and names"
    assert line in render(summary, "md")
