"""Lead first and the headline: the newest development most outlets report opens the body,
and the headline states it in a clause of its own, never a copy."""

from __future__ import annotations

from summarizer.api import build_corpus, summarize
from summarizer.editorial.headline import HEADLINE_WORDS, main_clause, make_headline
from summarizer.editorial.order import lead_first, leans_back
from summarizer.models import ClusterSummary, Corpus, SummarySentence
from summarizer.styleguide import default_style_guide

ARTICLES = [
    ("north", "North Post", "2024-03-02",
     "Rebels seized the town of Varo on Friday after a week of fighting, officials said. "
     "Varo lies on the river Osk, two hours from the capital."),
    ("south", "South Times", "2024-03-02",
     "Rebel fighters seized Varo on Friday after days of fighting, the army said. "
     "Peace talks between the two sides began in Lund on Monday."),
    ("east", "East Daily", "2024-03-03",
     "The army admitted that rebels had seized Varo on Friday. "
     "It said its troops had withdrawn in good order."),
    ("west", "West Wire", "2024-03-01",
     "Varo, a market town on the river Osk, has about 40,000 residents. "
     "The town has changed hands twice since 2019."),
]  # fmt: skip


def corpus() -> Corpus:
    return build_corpus(
        {
            "id": "varo",
            "title": "Fighting for Varo",
            "articles": [
                {"id": i, "outlet": o, "published": p, "text": t} for i, o, p, t in ARTICLES
            ],
        }
    )


def body(data: Corpus, ids: list[str]) -> ClusterSummary:
    sentences = [
        SummarySentence(text=data.cite(sid).quote, citations=[data.cite(sid)]) for sid in ids
    ]
    return ClusterSummary(cluster_id="varo", sentences=sentences)


def test_the_newest_development_most_outlets_report_leads_and_the_rest_keep_order() -> None:
    data = corpus()
    ids = ["west:1", "south:2", "north:1", "east:2"]
    ordered = lead_first(body(data, ids), data)
    assert [s.citations[0].sentence_id for s in ordered.sentences] == [
        "north:1", "east:2", "west:1", "south:2",
    ]  # fmt: skip
    # east:2 opens with "It": it stays right after the sentence it leans on.
    assert sorted(s.text for s in ordered.sentences) == sorted(data.cite(i).quote for i in ids)


def test_a_sentence_that_leans_back_never_leads() -> None:
    assert leans_back("It said its troops had withdrawn.")
    assert leans_back("However, the talks failed.")
    assert not leans_back("Rebels seized the town.")


def test_the_headline_is_the_leads_clause_never_a_copy() -> None:
    data = corpus()
    summary = lead_first(body(data, ["west:1", "north:1"]), data)
    headline = make_headline(summary, data, default_style_guide())
    assert headline == "Rebels seized the town of Varo after a week of fighting, officials said"
    copies = {s.text.rstrip(".") for s in summary.sentences}
    assert headline not in copies and not headline.endswith(".")


def test_main_clause_trims_openings_asides_and_trailing_clauses() -> None:
    assert (
        main_clause(
            "On Thursday, at least 33 soldiers were killed and scores more wounded in an air "
            "strike on their positions in the northwest province of Idra, according to officials."
        )
        == "At least 33 soldiers were killed and scores more wounded in an air strike, "
        "according to officials"
    )
    assert (
        main_clause(
            "The ministry said reports that hundreds of thousands of people were fleeing the town "
            "towards the border were false and urged the rebels to stop attacking the army."
        )
        is None
    )  # no cut that keeps its meaning
    assert main_clause("Short one.") is None
    assert main_clause(
        "A fire broke out at the Orlen mill late on Tuesday night, officials said."
    ) == ("A fire broke out at the Orlen mill, officials said")
    clause = main_clause(
        "The council voted on Tuesday to close the Marren bridge to lorries from June, "
        "which residents had demanded for years."
    )
    assert clause == "The council voted to close the Marren bridge to lorries from June"
    assert clause is not None and len(clause.split()) <= HEADLINE_WORDS


def test_a_headline_the_backend_wrote_in_its_own_words_is_kept() -> None:
    data = corpus()
    summary = body(data, ["north:1"]).model_copy(update={"headline": "Rebels take Varo."})
    assert make_headline(summary, data, default_style_guide()) == "Rebels take Varo"


def test_the_demo_opens_with_its_lead_and_a_headline_of_its_own() -> None:
    summary = summarize("examples/harbour-strike")
    assert summary.headline
    texts = {s.text.rstrip(".") for s in summary.sentences}
    assert summary.headline not in texts
    assert not leans_back(summary.sentences[0].text)
