"""The timeline: dated developments, each cited, and a changing figure as it changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.api import build_corpus, summarize
from summarizer.editorial.timeline import build_timeline, figure_entries
from summarizer.models import ClusterSummary, Corpus, SummarySentence

IDLIB = Path(__file__).parents[1].parent / "shared" / "evals" / "idlib-2020"

TOLL = [
    ("mon", "2024-06-10", "Six miners were killed in a blast at the Hask colliery on Monday."),
    ("tue", "2024-06-11", "Rescuers said 11 miners were killed in the Hask blast, and 30 miners "
                          "were injured."),
    ("wed", "2024-06-12", "The toll rose on Wednesday: 14 miners killed, the company said. "
                          "Officials said 11 miners were killed, an older figure."),
    ("thu", "2024-06-13", "A court fined the company 2 million marks in 2019 over 40 safety "
                          "breaches found in inspections."),
]  # fmt: skip


def corpus() -> Corpus:
    articles = [{"id": i, "outlet": i.title(), "published": p, "text": t} for i, p, t in TOLL]
    return build_corpus({"id": "hask", "articles": articles})


def test_a_count_of_one_thing_is_shown_as_it_changed_each_value_dated_and_cited() -> None:
    data = corpus()
    entries = figure_entries(data)
    killed = [entry for entry in entries if entry.what == "miners killed"]
    assert [(e.date, e.figure) for e in killed] == [
        ("2024-06-10", "6"), ("2024-06-11", "11"), ("2024-06-12", "14"),
    ]  # fmt: skip
    assert [e.citations[0].sentence_id for e in killed] == ["mon:1", "tue:1", "wed:1"]
    for entry in killed:
        citation = entry.citations[0]
        assert data.cite(citation.sentence_id) == citation
    # Counted once each (injured) or not about an event (a fine, breaches found in 2019).
    assert all(entry.what == "miners killed" for entry in entries)


def test_body_sentences_that_name_their_day_join_the_timeline_in_date_order() -> None:
    data = corpus()
    cite = data.cite("wed:1")
    summary = ClusterSummary(
        cluster_id="hask", sentences=[SummarySentence(text=cite.quote, citations=[cite])]
    )
    timeline = build_timeline(summary, data)
    assert [entry.date for entry in timeline] == sorted(entry.date for entry in timeline)
    assert all(entry.citations for entry in timeline)


def test_every_entry_of_a_real_cluster_is_dated_cited_and_in_order() -> None:
    if not IDLIB.is_dir():
        pytest.skip("the shared idlib-2020 set is not checked out beside this repository")
    summary = summarize(IDLIB)
    assert summary.timeline
    dates = [entry.date for entry in summary.timeline]
    assert dates == sorted(dates)
    for entry in summary.timeline:
        assert entry.citations
    figures = [entry for entry in summary.timeline if entry.figure is not None]
    assert len({entry.figure for entry in figures}) == len(figures)  # distinct values


RISING = [
    ("d1", "2024-02-10", "It brings the number of Arvan personnel killed by Tolmar forces this "
                         "month to 16."),
    ("d2", "2024-02-14", "At least 33 Arvan soldiers were killed in an air strike on Tuesday, "
                         "officials said."),
    ("d3", "2024-02-16", "The president said 36 Arvan troops were killed this week."),
    ("d4", "2024-02-20", "Fifty-seven Arvan soldiers were killed this month by shelling."),
    ("d5", "2024-02-20", "The death toll from the floods in the south rose to 19 on Monday."),
    ("d6", "2024-02-21", "Officials said 12 people were killed by the floods."),
]  # fmt: skip


def test_a_figure_reported_in_several_phrasings_is_one_series_as_it_rose() -> None:
    articles = [{"id": i, "outlet": i.upper(), "published": p, "text": t} for i, p, t in RISING]
    data = build_corpus({"id": "arva", "articles": articles})
    entries = figure_entries(data)
    soldiers = [e for e in entries if e.what == "Arvan soldiers killed"]
    # "the number of ... to 16", a written-out "Fifty-seven", troops and personnel counted
    # as soldiers: 16, then 33, then 36, then 57, each dated and cited.
    assert [(e.date, e.figure) for e in soldiers] == [
        ("2024-02-10", "16"), ("2024-02-13", "33"), ("2024-02-16", "36"),
        ("2024-02-20", "57"),
    ]  # fmt: skip
    assert [e.citations[0].sentence_id for e in soldiers] == ["d1:1", "d2:1", "d3:1", "d4:1"]
    assert soldiers[1].text == "At least 33 Arvan soldiers killed"
    assert soldiers[3].text == "57 Arvan soldiers killed"  # in digits
    # A death toll and a count of people killed are one figure: 19, then 12.
    dead = [e for e in entries if e.citations[0].article_id in {"d5", "d6"}]
    assert [(e.date, e.figure) for e in dead] == [("2024-02-19", "19"), ("2024-02-21", "12")]
    assert len({e.what for e in dead}) == 1
