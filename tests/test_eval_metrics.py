"""The reference metrics of ../shared/evals/FORMAT.md, one small function at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.evals import metrics
from summarizer.evals.dataset import Contested, Evidence, Fact, Labels, LoadedTermLabel
from summarizer.evals.metrics import CitationRef, ScoredSentence, SourceSentence, SourceText
from summarizer.evals.scorer import (
    MetricValue,
    from_plain_text,
    read_summary,
    score,
    split_sentences,
)

SHARED_EVALS = Path(__file__).parents[1].parent / "shared" / "evals"
IDLIB = SHARED_EVALS / "idlib-2020"

RAW = "Ten soldiers were killed on Monday. The army blamed rebels. Talks begin soon."
SOURCES = {
    "alpha": SourceText(
        RAW,
        [
            SourceSentence(0, 35, RAW[0:35]),
            SourceSentence(36, 59, RAW[36:59]),
            SourceSentence(60, 78, RAW[60:78]),
        ],
    ),
    "beta": SourceText("Rain fell.", [SourceSentence(0, 10, "Rain fell.")]),
}


def cite(article: str, start: int, end: int, quote: str | None = None) -> CitationRef:
    raw = SOURCES[article].raw if article in SOURCES else ""
    return CitationRef(article, start, end, raw[start:end] if quote is None else quote)


def sentence(text: str, *citations: CitationRef) -> ScoredSentence:
    return ScoredSentence(text, list(citations))


def fact(fact_id: str, keys: list[list[str]], importance: str = "core", **extra: object) -> Fact:
    return Fact.model_validate({"id": fact_id, "importance": importance, "keys": keys, **extra})


KILLED = fact(
    "F1",
    [["ten", "10"], ["soldier"], ["kill"]],
    evidence=[Evidence(article="alpha", quote=RAW[0:35], start=0, end=35)],
)
TALKS = fact("F2", [["talks"]], importance="supporting")


# --- words and fact recall --------------------------------------------------------------


def test_words_counts_whitespace_separated_words_over_all_sentences() -> None:
    assert metrics.words([sentence("One two\nthree."), sentence("Four  five.")]) == 5


def test_a_fact_matches_only_when_every_group_matches_at_a_word_start() -> None:
    hit = [sentence("Ten soldiers were killed.")]
    inside_words = [sentence("Often soldiers skilled.")]  # 'ten', 'kill' not at a word start
    assert metrics.core_fact_recall(hit, [KILLED]) == 1.0
    assert metrics.core_fact_recall(inside_words, [KILLED]) == 0.0


def test_fact_recall_counts_all_facts_and_core_recall_only_core_ones() -> None:
    summary = [sentence("Talks begin soon.")]
    assert metrics.fact_recall(summary, [KILLED, TALKS]) == 0.5
    assert metrics.core_fact_recall(summary, [KILLED, TALKS]) == 0.0


def test_recall_without_facts_is_none_not_a_perfect_score() -> None:
    assert metrics.core_fact_recall([sentence("Anything.")], [TALKS]) is None


# --- cited fact recall ------------------------------------------------------------------


def test_cited_fact_recall_credits_a_citation_overlapping_the_evidence() -> None:
    summary = [sentence("Ten soldiers were killed.", cite("alpha", 0, 35))]
    assert metrics.cited_fact_recall(summary, [KILLED], SOURCES) == 1.0


def test_cited_fact_recall_credits_a_cited_source_sentence_that_matches_the_keys() -> None:
    moved = fact("F1", KILLED.keys, evidence=[Evidence(article="beta", quote="x", start=0, end=1)])
    summary = [sentence("Ten soldiers were killed.", cite("alpha", 0, 35))]
    assert metrics.cited_fact_recall(summary, [moved], SOURCES) == 1.0


def test_cited_fact_recall_refuses_unrelated_invalid_or_missing_citations() -> None:
    unrelated = [sentence("Ten soldiers were killed.", cite("alpha", 60, 78))]
    invented = [sentence("Ten soldiers were killed.", cite("alpha", 0, 35, "Ten soldiers killed"))]
    uncited = [sentence("Ten soldiers were killed.")]
    for summary in (unrelated, invented, uncited):
        assert metrics.cited_fact_recall(summary, [KILLED], SOURCES) == 0.0


# --- citations and sources --------------------------------------------------------------


def test_citation_validity_checks_article_quote_and_sentence_bounds() -> None:
    valid_whole = cite("alpha", 36, 59)
    valid_inside = cite("alpha", 40, 51)  # "army blamed": inside one sentence
    wrong_quote = cite("alpha", 36, 59, "The army praised rebels.")
    unknown_article = CitationRef("gamma", 0, 4, "Rain")
    across_sentences = cite("alpha", 30, 45)
    out_of_range = cite("beta", 5, 99)
    summary = [
        sentence("A.", valid_whole, valid_inside, wrong_quote),
        sentence("B.", unknown_article, across_sentences, out_of_range),
    ]
    assert metrics.citation_validity(summary, SOURCES) == pytest.approx(2 / 6)


def test_citation_validity_accepts_visible_text_of_a_whole_html_sentence() -> None:
    raw = "<p>Rain <b>fell</b>.</p>"
    sources = {"web": SourceText(raw, [SourceSentence(3, 20, "Rain fell.")])}
    assert (
        metrics.citation_validity(
            [sentence("Rain.", CitationRef("web", 3, 20, "Rain fell."))], sources
        )
        == 1.0
    )
    assert (
        metrics.citation_validity(
            [sentence("Rain.", CitationRef("web", 3, 10, "Rain fe"))], sources
        )
        == 0.0
    )


def test_citation_validity_is_none_without_citations() -> None:
    assert metrics.citation_validity([sentence("Nothing cited.")], SOURCES) is None


def test_uncited_sentences_counts_sentences_without_citations() -> None:
    summary = [sentence("A.", cite("alpha", 0, 35)), sentence("B."), sentence("C.")]
    assert metrics.uncited_sentences(summary) == 2


def test_source_coverage_is_the_share_of_articles_cited() -> None:
    summary = [sentence("A.", cite("alpha", 0, 35), cite("alpha", 36, 59))]
    assert metrics.source_coverage(summary, ["alpha", "beta"]) == 0.5
    assert metrics.source_coverage([sentence("A.")], ["alpha", "beta"]) == 0.0


def test_source_balance_is_normalised_entropy_with_uncited_articles_counted() -> None:
    even = [sentence("A.", cite("alpha", 0, 35), cite("beta", 0, 10))]
    skewed = [sentence("A.", cite("alpha", 0, 35), cite("alpha", 36, 59), cite("beta", 0, 10))]
    assert metrics.source_balance(even, ["alpha", "beta"]) == pytest.approx(1.0)
    assert metrics.source_balance(skewed, ["alpha", "beta"]) == pytest.approx(0.9183, abs=1e-4)
    assert metrics.source_balance(even, ["alpha", "beta", "gamma", "delta"]) == pytest.approx(0.5)


def test_source_balance_is_zero_for_one_article_or_no_citations() -> None:
    one = [sentence("A.", cite("alpha", 0, 35))]
    assert metrics.source_balance(one, ["alpha"]) == 0.0
    assert metrics.source_balance([sentence("A.")], ["alpha", "beta"]) == 0.0


# --- contested claims -------------------------------------------------------------------

EMBEDDED = Contested(
    id="C1",
    claim="Troops were embedded with militants.",
    claimant="Ministry",
    mention_keys=[["embedded"]],
    claimant_keys=[["ministry", "moscow"]],
)
ARMING = Contested(
    id="C2",
    claim="Ankara is arming fighters.",
    claimant="Kremlin",
    mention_keys=[["arming"], ["fighter"]],
    claimant_keys=[["kremlin"]],
)
CUES = ["said", "according to", "accus"]


def test_contested_attribution_needs_the_claimant_and_a_cue() -> None:
    attributed = [sentence("The ministry said the troops were embedded with militants.")]
    no_cue = [sentence("The ministry's troops were embedded with militants.")]
    no_claimant = [sentence("Reports said the troops were embedded with militants.")]
    assert metrics.contested_attribution(attributed, [EMBEDDED], CUES) == 1.0
    assert metrics.contested_attribution(no_cue, [EMBEDDED], CUES) == 0.0
    assert metrics.contested_attribution(no_claimant, [EMBEDDED], CUES) == 0.0


def test_contested_attribution_is_one_when_no_sentence_mentions_a_claim() -> None:
    summary = [sentence("Talks begin soon.")]
    assert metrics.contested_attribution(summary, [EMBEDDED], CUES) == 1.0
    assert metrics.contested_mentions(summary, [EMBEDDED]) == {}


def test_a_sentence_mentioning_two_claims_must_attribute_both() -> None:
    both = (
        "The ministry said troops were embedded, and the Kremlin accused Ankara of arming fighters."
    )
    one = "The ministry said troops were embedded while Ankara was arming fighters."
    assert metrics.contested_attribution([sentence(both)], [EMBEDDED, ARMING], CUES) == 1.0
    assert metrics.contested_attribution([sentence(one)], [EMBEDDED, ARMING], CUES) == 0.0


def test_contested_attribution_is_a_share_of_mentioning_sentences() -> None:
    summary = [
        sentence("The ministry said the troops were embedded."),
        sentence("Troops were embedded."),
        sentence("Nothing disputed here."),
    ]
    assert metrics.contested_attribution(summary, [EMBEDDED], CUES) == 0.5
    assert sorted(metrics.contested_mentions(summary, [EMBEDDED])) == [0, 1]


# --- loaded terms -----------------------------------------------------------------------

LOADED = [
    LoadedTermLabel(term="regime", prefixes=["regime"]),
    LoadedTermLabel(term="terrorist", prefixes=["terrorist", "terror nest"]),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The regime advanced.", 1),
        ('Moscow urged Ankara to stop "supporting terrorists".', 0),
        ("He spoke of “the regime” again.", 0),
        ("He spoke of «the regime» again.", 0),
        ("Russia accuses troops of embedding with ‘terrorists’ in Idlib.", 0),
        ("Russia’s regime-backer role grew.", 1),  # an apostrophe opens no quotation
        ("The deregimented unit left.", 0),  # not at a word start
        ("A terror nest, the minister said.", 1),
    ],
)
def test_loaded_terms_count_only_outside_quotation_marks(text: str, expected: int) -> None:
    assert metrics.loaded_terms_own_voice([sentence(text)], LOADED) == expected


def test_loaded_terms_count_once_per_term_per_sentence() -> None:
    summary = [
        sentence("The regime and the regime's allies fought terrorists."),
        sentence("The regime held."),
    ]
    uses = metrics.loaded_term_uses(summary, LOADED)
    assert metrics.loaded_terms_own_voice(summary, LOADED) == 3
    assert [(use.sentence, use.term, use.occurrences) for use in uses] == [
        (0, "regime", 2),
        (0, "terrorist", 1),
        (1, "regime", 1),
    ]


def test_a_quotation_spanning_a_sentence_break_still_protects_its_words() -> None:
    summary = [sentence('He said: "Talks failed.'), sentence('The regime must go."')]
    assert metrics.loaded_terms_own_voice(summary, LOADED) == 0


# --- plain-text summaries ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One fell. Two rose! Three? Four.", ["One fell.", "Two rose!", "Three?", "Four."]),
        (
            "About 3.6 million live there. Most fled.",
            ["About 3.6 million live there.", "Most fled."],
        ),
        ('He left. "Never," she said.', ["He left.", '"Never," she said.']),
        ("He left. “Never,” she said.", ["He left.", "“Never,” she said."]),
        ("It ended. and lower case goes on.", ["It ended. and lower case goes on."]),
        ("It ended. کد خبر 12", ["It ended. کد خبر 12"]),  # no capital in Persian
        ("Line one.\nLine two.", ["Line one.", "Line two."]),
    ],
)
def test_plain_text_splits_as_format_md_says(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_plain_text_summaries_have_no_citations() -> None:
    labels = Labels(facts=[KILLED])
    result = score(from_plain_text("Ten soldiers were killed. It rained."), labels, dict(SOURCES))
    assert result.metrics["citation_validity"] is None
    assert result.metrics["uncited_sentences"] == 2
    assert result.metrics["source_coverage"] == 0.0
    assert result.facts[0].sentences[0].index == 0


def test_score_agrees_with_the_metric_functions() -> None:
    summary = [
        sentence("Ten soldiers were killed, the ministry said.", cite("alpha", 0, 35)),
        sentence("Troops were embedded with the regime.", cite("beta", 0, 10)),
    ]
    labels = Labels(
        facts=[KILLED, TALKS], contested=[EMBEDDED], loaded_terms=LOADED, attribution_cues=CUES
    )
    values = score(summary, labels, dict(SOURCES)).metrics
    assert values["core_fact_recall"] == metrics.core_fact_recall(summary, labels.facts)
    assert values["fact_recall"] == metrics.fact_recall(summary, labels.facts)
    assert values["cited_fact_recall"] == metrics.cited_fact_recall(summary, labels.facts, SOURCES)
    assert values["contested_attribution"] == 0.0
    assert values["contested_mentions"] == 1
    assert values["loaded_terms_own_voice"] == 1
    assert set(values) == set(metrics.METRICS)


def test_off_topic_citations_count_sentences_citing_an_off_topic_article() -> None:
    summary = [
        sentence("Ten soldiers were killed.", cite("alpha", 0, 35), cite("beta", 0, 10)),
        sentence("Rain fell.", cite("beta", 0, 10), cite("beta", 0, 10)),
        sentence("The army blamed rebels.", cite("alpha", 36, 59)),
    ]
    assert metrics.off_topic_citations(summary, ["beta"]) == 2
    assert metrics.off_topic_citations(summary, []) == 0
    result = score(summary, Labels(off_topic_articles=["beta"]), dict(SOURCES))
    assert result.metrics["off_topic_citations"] == 2
    assert [(hit.index, hit.articles) for hit in result.off_topic] == [(0, ["beta"]), (1, ["beta"])]


def test_labels_read_their_off_topic_articles() -> None:
    from summarizer.evals.dataset import load_labels

    brandt = Path(__file__).parents[1] / "evals" / "brandt-trial-2024" / "labels.json"
    assert load_labels(brandt).off_topic_articles == ["tolsk-herald-ferry"]
    assert Labels().off_topic_articles == []


# --- the reference figures of FORMAT.md -------------------------------------------------

needs_idlib = pytest.mark.skipif(not IDLIB.is_dir(), reason="../shared/evals is not here")


def _score_reference(name: str) -> tuple[dict[str, MetricValue], list[str], int]:
    from summarizer.evals.dataset import load_labels

    labels = load_labels(IDLIB / "labels.json")
    result = score(read_summary(IDLIB / "reference" / name).sentences, labels, {})
    attributed = sum(
        1 for detail in result.contested for mention in detail.mentions if mention.attributed
    )
    return dict(result.metrics), result.missed_facts("core"), attributed


@needs_idlib
def test_reference_hand_written_summary_scores_as_format_md_says() -> None:
    values, missed, attributed = _score_reference("hand-written-236w.txt")
    assert values["words"] == 236
    assert values["core_fact_recall"] == 1.0
    assert values["fact_recall"] == pytest.approx(17 / 30)
    assert values["fact_recall"] == pytest.approx(0.567, abs=5e-4)
    assert values["contested_mentions"] == 3
    assert attributed == 3
    assert values["contested_attribution"] == 1.0
    assert values["loaded_terms_own_voice"] == 0
    assert missed == []


@needs_idlib
def test_reference_lead_2_scores_as_format_md_says() -> None:
    values, missed, _ = _score_reference("lead-2.txt")
    assert values["words"] == 383
    assert values["core_fact_recall"] == pytest.approx(0.533, abs=5e-4)
    assert missed == ["F01", "F08", "F10", "F12", "F16", "F18", "F19"]
    assert values["fact_recall"] == pytest.approx(0.433, abs=5e-4)
    assert values["loaded_terms_own_voice"] == 6


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Thirty-three Turkish soldiers died.", [["33", "thirty-three"], ["turk"], ["died"]]),
        ("Erdoğan spoke to Putin.", [["erdogan", "erdoğan"], ["putin"]]),
        ("A skilled 133rd unit.", [["kill"], ["33"]]),
        ("Talks (in Sochi) went on.", [["sochi"], ["talks"]]),
    ],
)
def test_compiled_matching_agrees_with_the_shared_text_rule(
    text: str, keys: list[list[str]]
) -> None:
    from summarizer.lexicon.words import word_start_pattern

    def plain_rule(text: str, keys: list[list[str]]) -> bool:
        lowered = text.lower()
        return all(any(word_start_pattern(a).search(lowered) for a in group) for group in keys)

    assert metrics.matches_keys(text, keys) == plain_rule(text, keys)
