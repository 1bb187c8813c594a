"""The same fact said once: an agreed point the body states is folded into it."""

from __future__ import annotations

from summarizer.editorial.repeats import merge_repeated_points
from summarizer.models import AgreedPoint, Citation, ClusterSummary, SummarySentence


def cite(article: str, number: int, quote: str = "The watchdog opened an inquiry.") -> Citation:
    return Citation(
        article_id=article,
        sentence=number,
        sentence_id=f"{article}:{number}",
        start=0,
        end=10,
        quote=quote,
    )


def test_an_agreed_point_the_body_states_goes_and_the_body_cites_its_outlets() -> None:
    body = SummarySentence(text="The watchdog opened an inquiry.", citations=[cite("a", 3)])
    other = SummarySentence(text="Talks resume on Monday.", citations=[cite("b", 1)])
    said = "The watchdog opened an inquiry."
    repeated = AgreedPoint(text=said, citations=[cite("a", 3), cite("c", 5)])
    fresh = AgreedPoint(text="Ships wait at anchor.", citations=[cite("b", 7), cite("c", 2)])
    summary = ClusterSummary(cluster_id="x", sentences=[body, other], agreed=[repeated, fresh])
    merged = merge_repeated_points(summary)
    assert merged.agreed == [fresh]
    assert merged.sentences[0].cited_ids() == ["a:3", "c:5"]
    assert merged.sentences[1] == other


def test_points_the_body_does_not_state_stay() -> None:
    body = SummarySentence(text="Talks resume on Monday.", citations=[cite("b", 1)])
    point = AgreedPoint(text="Ships wait at anchor.", citations=[cite("b", 7), cite("c", 2)])
    summary = ClusterSummary(cluster_id="x", sentences=[body], agreed=[point])
    assert merge_repeated_points(summary) is summary


def test_the_point_goes_to_the_sentence_that_cites_its_own_words() -> None:
    """A point's first citation is the sentence it words; a body sentence citing only
    one of its other tellings is not the one that states it."""
    partial = SummarySentence(text="Ferris is in a critical condition.", citations=[cite("c", 4)])
    stating = SummarySentence(text="The watchdog opened an inquiry.", citations=[cite("a", 8)])
    point = AgreedPoint(
        text="The watchdog opened an inquiry.", citations=[cite("a", 8), cite("c", 4)]
    )
    summary = ClusterSummary(cluster_id="x", sentences=[partial, stating], agreed=[point])
    merged = merge_repeated_points(summary)
    assert merged.sentences[0] == partial
    assert merged.sentences[1].cited_ids() == ["a:8", "c:4"]


def test_a_telling_that_shares_only_names_with_the_sentence_is_not_cited_by_it() -> None:
    """A point's match in another outlet can be close for the names alone ("Health
    Minister Ada Korsin is due to visit Ostrel"): the body sentence cites only the
    tellings of what it says."""
    said = "Health minister Ada Korsin said the outbreak was traced to a damaged water main."
    body = SummarySentence(text=said, citations=[cite("a", 2, said)])
    retold = cite("b", 4, "The outbreak was traced to a damaged water main, Ada Korsin said.")
    visit = cite("c", 9, "Health Minister Ada Korsin is due to visit Ostrel on Thursday.")
    point = AgreedPoint(text=said, citations=[cite("a", 2, said), retold, visit])
    merged = merge_repeated_points(ClusterSummary(cluster_id="x", sentences=[body], agreed=[point]))
    assert merged.sentences[0].cited_ids() == ["a:2", "b:4"]
    assert merged.agreed == []


def test_a_sentence_another_says_again_citing_its_source_goes() -> None:
    lead = SummarySentence(text="Cholera has killed 12 people in Ostrel.", citations=[cite("a", 1)])
    fuller = (
        "The water main at Baker Street burst during the floods on 26 February and was "
        "repaired by crews two days later, residents said."
    )
    short = "The pipe burst during floods on 26 February and was repaired two days later."
    again = SummarySentence(text=short, citations=[cite("b", 8, short)])
    full = SummarySentence(text=fuller, citations=[cite("c", 10, fuller), cite("b", 8, short)])
    summary = ClusterSummary(cluster_id="x", sentences=[lead, again, full])
    assert merge_repeated_points(summary).sentences == [lead, full]


def test_a_sentence_that_adds_its_own_stays_though_another_cites_its_source() -> None:
    visited = "Korsin visited the hospital on Thursday but did not speak to reporters outside."
    due = "Health Minister Ada Korsin is due to visit Ostrel on Thursday."
    visit = SummarySentence(text=visited, citations=[cite("a", 14, visited)])
    plan = SummarySentence(text=due, citations=[cite("b", 16, due), cite("a", 14, visited)])
    summary = ClusterSummary(cluster_id="x", sentences=[plan, visit])
    assert merge_repeated_points(summary).sentences == [plan, visit]
