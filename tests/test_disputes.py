"""Disputes of the offline backend: figures that conflict, points marked as disputed,
claims and their denials, each side cited; and what may be listed as agreed."""

from __future__ import annotations

import asyncio
from pathlib import Path

from test_extractive import make_corpus

from summarizer.api import build_corpus
from summarizer.backends.extractive import ExtractiveBackend
from summarizer.backends.extractive.figures import conflict, figures
from summarizer.models import ClusterSummary, SummaryOptions

EXAMPLE = Path(__file__).parents[1] / "examples" / "harbour-strike"


def summarise_corpus(articles: dict[str, tuple[str, str, str]]) -> ClusterSummary:
    backend = ExtractiveBackend(representation="tfidf")
    return backend.summarize_sync(make_corpus(articles), SummaryOptions(max_words=250))


def test_a_figure_knows_its_bound_noun_and_event() -> None:
    figure = figures("Trust chair Anna Kovic said at least 40 supporters were treated.")[0]
    assert (figure.low, figure.noun, figure.family) == (40, "supporters", "were injured")
    assert figure.high == float("inf")
    assert figures("Twenty-seven of our members were injured, the union said.")[0].low == 27
    assert figures("Officers moved in at about 5 am through Gate 4 in 2024.") == []


def test_counts_conflict_only_when_they_count_the_same_thing_and_cannot_both_hold() -> None:
    hospital = figures("The hospital said it had treated 14 people.")[0]
    union = figures("Twenty-seven of its members were injured, the union said.")[0]
    officers = figures("Drury said nine officers were injured.")[0]
    dozen = figures("The clashes left more than a dozen people in hospital.")[0]
    killed = figures("Three people were killed, police said.")[0]
    assert conflict(hospital, union)  # a named group larger than the whole
    assert not conflict(hospital, officers)  # a named group within the whole
    assert not conflict(hospital, dozen)  # 14 is more than a dozen
    assert not conflict(hospital, killed)  # another event
    regime = figures("Turkish strikes killed 16 regime soldiers, monitors said.")[0]
    turkish = figures("Erdogan said 36 Turkish soldiers were killed.")[0]
    assert not conflict(regime, turkish)  # two groups of soldiers


def test_the_demo_cluster_shows_its_two_disputes_and_agrees_on_neither_side() -> None:
    summary = asyncio.run(
        ExtractiveBackend().summarize(build_corpus(EXAMPLE), SummaryOptions(max_words=250))
    )
    kinds = {dispute.kind: dispute for dispute in summary.disputes}
    figure = kinds["figure"]
    assert "14" in figure.claim and "twenty-seven" in figure.claim.lower()
    assert [side.party for side in figure.sides] == ["St Brennan's Hospital", "The union"]
    assert all(side.citations for side in figure.sides)
    injury = next(d for d in summary.disputes if "Ferris was injured" in d.claim)
    says = " ".join(side.says for side in injury.sides)
    assert "baton" in says and "barrier" in says
    assert {side.citations[0].article_id for side in injury.sides} == {"hallam-chronicle"}
    agreed = " ".join(point.text for point in summary.agreed)
    assert "barrier" not in agreed and "14 people" not in agreed


def test_a_denier_denying_its_own_act_answers_only_a_claim_that_names_it() -> None:
    articles = {
        "a": (
            "Daily A",
            "2024-05-06",
            "At least 30 soldiers were killed in an air strike on Thursday, army officials said. "
            "The Kordan defence ministry insisted it did not conduct the air strike that killed "
            "the soldiers on Thursday.",
        ),
        "b": (
            "Daily B",
            "2024-05-06",
            "Aid workers said the town's hospital was full on Friday after the strike.",
        ),
    }
    summary = summarise_corpus(articles)
    assert not [d for d in summary.disputes if "30 soldiers" in d.claim]


def test_a_passive_denial_holds_both_sides_in_one_sentence() -> None:
    articles = {
        "a": (
            "Daily A",
            "2024-05-06",
            "The court sentenced the former mayor to five years on Tuesday. Brandt's claims "
            "that he is the victim of a political plot were dismissed by the Justice Ministry.",
        ),
        "b": (
            "Daily B",
            "2024-05-06",
            "The former mayor was sentenced on Tuesday, the court said.",
        ),
    }
    dispute = summarise_corpus(articles).disputes[0]
    assert dispute.claim == "That he is the victim of a political plot"
    assert (dispute.claimant, dispute.disputed_by) == ("Brandt", ["The Justice Ministry"])


def test_no_summary_sentence_refers_back_to_a_sentence_left_out() -> None:
    from summarizer.verify import verify_summary

    corpus = build_corpus(EXAMPLE)
    for max_words in (60, 120, 250, 600):
        options = SummaryOptions(max_words=max_words)
        summary = ExtractiveBackend().summarize_sync(corpus, options)
        issues = verify_summary(summary, corpus, options)
        assert "dangling_reference" not in [issue.code for issue in issues], max_words
        texts = " ".join(sentence.text for sentence in summary.sentences)
        assert "The union rejected it" not in texts
