"""verify_summary / check_draft: each rule, on finished summaries and on model drafts."""

from __future__ import annotations

import pytest
from fake_openai import sample_corpus

from summarizer.models import (
    ClusterSummary,
    Corpus,
    Dispute,
    DraftDispute,
    DraftSentence,
    SummaryDraft,
    SummaryOptions,
    SummarySentence,
    VerificationIssue,
)
from summarizer.verify import check_draft, claimant_stems, verify_summary

CLAIM = "the stoppage costs 2 million euros a day"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return sample_corpus()


@pytest.fixture(scope="module")
def options() -> SummaryOptions:
    return SummaryOptions(max_words=60)


def summary_of(
    corpus: Corpus, *sentences: tuple[str, list[str]], **fields: object
) -> ClusterSummary:
    return ClusterSummary(
        cluster_id=corpus.cluster_id,
        sentences=[
            SummarySentence(text=text, citations=[corpus.cite(i) for i in ids])
            for text, ids in sentences
        ],
        **fields,
    )


def codes(issues: list[VerificationIssue]) -> list[str]:
    return [issue.code for issue in issues]


def test_a_clean_summary_passes(corpus: Corpus, options: SummaryOptions) -> None:
    summary = summary_of(
        corpus,
        ("Dock workers stopped work at the Westhaven port on Monday.", ["harbour-times:1"]),
        ("The port authority said the strike costs 2 million euros a day.", ["city-ledger:3"]),
    )
    assert verify_summary(summary, corpus, options) == []


def test_a_citation_of_a_missing_sentence_is_unknown(
    corpus: Corpus, options: SummaryOptions
) -> None:
    summary = summary_of(corpus, ("Dock workers stopped work.", ["harbour-times:1"]))
    citation = (
        summary.sentences[0]
        .citations[0]
        .model_copy(update={"sentence_id": "harbour-times:99", "sentence": 99})
    )
    summary.sentences[0].citations = [citation]
    issues = verify_summary(summary, corpus, options)
    assert codes(issues) == ["unknown_citation"]
    assert "harbour-times has sentences 1-4" in issues[0].message
    assert issues[0].sentence == 0


@pytest.mark.parametrize(
    "change",
    [
        {"quote": "Dock workers stopped work."},
        {"start": 3},
        {"end": 10},
        {"article_id": "city-ledger"},
    ],
)
def test_a_citation_that_disagrees_with_the_source_is_a_bad_quote(
    corpus: Corpus, options: SummaryOptions, change: dict[str, object]
) -> None:
    summary = summary_of(corpus, ("Dock workers stopped work.", ["harbour-times:1"]))
    summary.sentences[0].citations = [summary.sentences[0].citations[0].model_copy(update=change)]
    assert codes(verify_summary(summary, corpus, options)) == ["bad_quote"]


def test_citations_outside_the_sentences_are_checked_too(
    corpus: Corpus, options: SummaryOptions
) -> None:
    summary = summary_of(corpus, ("Dock workers stopped work.", ["harbour-times:1"]))
    bad = corpus.cite("city-ledger:2").model_copy(update={"quote": "made up"})
    summary.disputes = [Dispute(claim="x", claimant="y", citations=[bad])]
    issues = verify_summary(summary, corpus, options)
    assert codes(issues) == ["bad_quote"]
    assert issues[0].message.startswith("dispute 1 cites")


def test_every_sentence_needs_a_citation(corpus: Corpus, options: SummaryOptions) -> None:
    summary = summary_of(
        corpus, ("Dock workers stopped work.", ["harbour-times:1"]), ("Talks are due.", [])
    )
    issues = verify_summary(summary, corpus, options)
    assert codes(issues) == ["uncited_sentence"]
    assert issues[0].sentence == 1


def test_empty_summaries_and_empty_sentences_are_reported(
    corpus: Corpus, options: SummaryOptions
) -> None:
    assert codes(verify_summary(summary_of(corpus), corpus, options)) == ["empty_summary"]
    blank = summary_of(corpus, ("  ", ["harbour-times:1"]))
    assert codes(verify_summary(blank, corpus, options)) == ["empty_summary"]


def test_a_summary_over_the_word_limit_is_too_long(corpus: Corpus) -> None:
    text = "Dock workers in the city stopped work on Monday and the port was closed."
    summary = summary_of(corpus, *[(text, ["harbour-times:1"])] * 3)
    issues = verify_summary(summary, corpus, SummaryOptions(max_words=20))
    assert codes(issues) == ["too_long"]
    assert issues[0].message == f"the summary has {summary.words} words; the limit is 20"


def test_a_loaded_term_in_the_summarys_own_voice_is_reported(
    corpus: Corpus, options: SummaryOptions
) -> None:
    summary = summary_of(corpus, ("Rioters blocked the port gates.", ["city-ledger:2"]))
    issues = verify_summary(summary, corpus, options)
    assert codes(issues) == ["loaded_term"]
    assert "'rioter'" in issues[0].message and "'protester'" in issues[0].message


@pytest.mark.parametrize(
    "text",
    [
        "The port director called the strikers \u201crioters\u201d.",
        'The port director called the strikers "rioters".',
        "The port director called the strikers \u00abrioters\u00bb.",
    ],
)
def test_a_loaded_term_inside_quotation_marks_is_fine(
    corpus: Corpus, options: SummaryOptions, text: str
) -> None:
    summary = summary_of(corpus, (text, ["city-ledger:2"]))
    assert verify_summary(summary, corpus, options) == []


def test_a_loaded_term_in_the_headline_is_reported(corpus: Corpus, options: SummaryOptions) -> None:
    summary = summary_of(
        corpus, ("Dock workers stopped work.", ["harbour-times:1"]), headline="Rioters close port"
    )
    issues = verify_summary(summary, corpus, options)
    assert codes(issues) == ["loaded_term"]
    assert issues[0].message.startswith("the headline uses 'rioter'")


def disputed(corpus: Corpus, text: str, ids: list[str]) -> ClusterSummary:
    dispute = Dispute(
        claim=CLAIM,
        claimant="the port authority",
        disputed_by=["the dockworkers' union"],
        citations=[corpus.cite("harbour-times:3")],
    )
    return summary_of(corpus, (text, ids), disputes=[dispute])


@pytest.mark.parametrize(
    "text",
    [
        "The port authority said the stoppage costs 2 million euros a day.",
        "According to the port authority, the stoppage costs 2 million euros a day.",
        "The authority claims losses of 2 million euros a day.",
    ],
)
def test_a_disputed_claim_with_its_claimant_passes(
    corpus: Corpus, options: SummaryOptions, text: str
) -> None:
    summary = disputed(corpus, text, ["harbour-times:3"])
    assert verify_summary(summary, corpus, options) == []


@pytest.mark.parametrize(
    "text",
    [
        "The stoppage costs 2 million euros a day.",  # no cue, no claimant
        "Officials said the stoppage costs 2 million euros a day.",  # cue, not the claimant
        "The port authority's losses reach 2 million euros a day.",  # claimant, no cue
    ],
)
def test_a_disputed_claim_without_its_claimant_is_unattributed(
    corpus: Corpus, options: SummaryOptions, text: str
) -> None:
    summary = disputed(corpus, text, ["harbour-times:3"])
    issues = verify_summary(summary, corpus, options)
    assert codes(issues) == ["unattributed_claim"]
    assert "states the disputed claim" in issues[0].message


def test_repeating_a_disputed_claim_counts_even_citing_another_sentence(
    corpus: Corpus, options: SummaryOptions
) -> None:
    summary = disputed(corpus, "The stoppage costs 2 million euros a day.", ["city-ledger:3"])
    assert codes(verify_summary(summary, corpus, options)) == ["unattributed_claim"]


def test_sentences_unrelated_to_a_dispute_need_no_attribution(
    corpus: Corpus, options: SummaryOptions
) -> None:
    summary = disputed(corpus, "Dock workers stopped work on Monday.", ["harbour-times:1"])
    assert verify_summary(summary, corpus, options) == []


def test_claimant_names_match_by_word_start() -> None:
    stems = claimant_stems("Russian Defence Ministry")
    assert "russ" in stems and "defence" in stems and "ministry" in stems
    assert claimant_stems("the Turkish government") == ["government", "turk"]


def draft_of(*sentences: tuple[str, list[str]], **fields: object) -> SummaryDraft:
    values: dict[str, object] = {
        "headline": "Port strike",
        "agreed": [],
        "disputes": [],
        "framing": [],
    }
    values.update(fields)
    values["sentences"] = [
        DraftSentence(text=text, cites=cites, attributed_to=None) for text, cites in sentences
    ]
    return SummaryDraft.model_validate(values)


def test_draft_errors_are_messages_for_the_model(corpus: Corpus) -> None:
    dispute = DraftDispute(
        claim=CLAIM, claimant="the port authority", disputed_by=[], cites=["harbour-times:3"]
    )
    draft = draft_of(
        ("Rioters blocked the gates.", ["harbour-times:99", "city-ledger:2"]),
        ("Talks between the union and the port are due on Thursday.", []),
        ("The stoppage costs 2 million euros a day.", ["harbour-times:3"]),
        ("Work stopped.", ["nowhere:1", "harbour-times-1"]),
        disputes=[dispute],
    )
    errors = [issue.message for issue in check_draft(draft, corpus, SummaryOptions(max_words=20))]
    assert errors == [
        "sentence 1 cites 'harbour-times:99', which does not exist; "
        "harbour-times has sentences 1-4",
        "sentence 4 cites 'nowhere:1', which does not exist; "
        "the articles are: harbour-times, city-ledger, workers-voice",
        "sentence 4 cites 'harbour-times-1', which is not a sentence id; "
        "write ids as 'article:number', e.g. 'harbour-times:1'",
        "sentence 2 has no citation",
        "the summary has 25 words; the limit is 20",
        "sentence 1 uses 'rioter' outside quotation marks; quote it and attribute it, "
        "or write 'protester'",
        "sentence 3 states the disputed claim 'the stoppage costs 2 million euros a day' "
        "without saying who claims it; write e.g. 'the port authority said ...'",
    ]


def test_draft_framing_must_name_an_article_of_the_cluster(corpus: Corpus) -> None:
    framing = {
        "article_id": "elsewhere",
        "outlet": "Elsewhere",
        "note": "n",
        "loaded_terms": [],
        "cites": [],
    }
    draft = draft_of(("Work stopped.", ["harbour-times:1"]), framing=[framing])
    errors = [issue.message for issue in check_draft(draft, corpus, SummaryOptions())]
    assert errors == [
        "framing 1 names article 'elsewhere', which is not in the cluster; "
        "the articles are: harbour-times, city-ledger, workers-voice"
    ]


def test_drafts_and_summaries_share_the_rules(corpus: Corpus, options: SummaryOptions) -> None:
    text = "Rioters say the stoppage costs 2 million euros a day."
    draft = draft_of((text, ["harbour-times:3"]))
    summary = summary_of(corpus, (text, ["harbour-times:3"]), headline="Port strike")
    assert [issue.message for issue in check_draft(draft, corpus, options)] == [
        issue.message for issue in verify_summary(summary, corpus, options)
    ]


def test_a_sentence_that_refers_back_to_nothing_is_dangling(
    corpus: Corpus, options: SummaryOptions
) -> None:
    alone = summary_of(
        corpus,
        ("Dock workers stopped work at the Westhaven port on Monday.", ["harbour-times:1"]),
        ("Union leader Mara Olsen rejected it on Tuesday.", ["harbour-times:4"]),
    )
    issues = verify_summary(alone, corpus, options)
    assert codes(issues) == ["dangling_reference"]
    assert issues[0].sentence == 1


def test_a_sentence_that_refers_back_after_what_it_refers_to_passes(
    corpus: Corpus, options: SummaryOptions
) -> None:
    introduced = summary_of(
        corpus,
        ("The port authority said the strike costs 2 million euros a day.", ["harbour-times:3"]),
        ("Union leader Mara Olsen rejected it on Tuesday.", ["harbour-times:4"]),
    )
    assert verify_summary(introduced, corpus, options) == []
    draft = draft_of(("Some of them walked out on Monday.", ["workers-voice:1"]))
    assert "dangling_reference" in codes(check_draft(draft, corpus, options))
