"""Which telling of a copied sentence the offline backend uses: small clusters built in
the test, no eval set."""

from __future__ import annotations

import asyncio

from summarizer.backends.extractive import ExtractiveBackend
from summarizer.models import (
    Article,
    ClusterSummary,
    Corpus,
    SegmentedArticle,
    Sentence,
    SummaryOptions,
)
from summarizer.text import word_count


def _corpus(articles: dict[str, list[str]]) -> Corpus:
    segmented = []
    for article_id, texts in articles.items():
        raw = " ".join(texts)
        sentences, start = [], 0
        for number, text in enumerate(texts, start=1):
            sentences.append(
                Sentence(
                    id=f"{article_id}:{number}",
                    article_id=article_id,
                    index=number,
                    start=start,
                    end=start + len(text),
                    text=text,
                )
            )
            start += len(text) + 1
        segmented.append(
            SegmentedArticle(
                article=Article(
                    id=article_id, outlet=article_id.title(), published="2024-06-13", raw_text=raw
                ),
                sentences=sentences,
            )
        )
    return Corpus(cluster_id="unrest", title="Unrest after the vote", articles=segmented)


def _summarise(corpus: Corpus, max_words: int) -> ClusterSummary:
    backend = ExtractiveBackend(representation="tfidf")
    return asyncio.run(backend.summarize(corpus, SummaryOptions(max_words=max_words)))


SHORT_COPY = "The Interior Ministry said 214 people had been arrested in the capital on Tuesday."
LONG_COPY = (
    "The Interior Ministry said 214 people had been arrested in the capital on Tuesday, many "
    "of them students from Karsk University, and 41 police officers injured."
)


def test_a_copied_sentence_is_told_in_the_copy_that_fits_and_cites_every_copy() -> None:
    """Two outlets carry one statement, one with a clause more: when only the short
    telling fits the budget, the fact is in the summary, in those words, citing both."""
    corpus = _corpus(
        {
            "lorvik": [
                LONG_COPY,
                "Shops in the old town stayed shut for a second day on Wednesday.",
            ],
            "eastbridge": [
                SHORT_COPY,
                "Observers from three countries said they would publish a report next week.",
            ],
        }
    )
    summary = _summarise(corpus, max_words=20)  # the short telling fits, the long one not
    assert word_count(SHORT_COPY) <= 20 < word_count(LONG_COPY)
    telling = [sentence for sentence in summary.sentences if "214 people" in sentence.text]
    assert [sentence.text for sentence in telling] == [SHORT_COPY]
    assert {citation.article_id for citation in telling[0].citations} == {"lorvik", "eastbridge"}


def test_a_copied_sentence_is_said_once_whichever_telling_is_used() -> None:
    corpus = _corpus({"lorvik": [LONG_COPY], "eastbridge": [SHORT_COPY]})
    summary = _summarise(corpus, max_words=250)
    assert len([s for s in summary.sentences if "214 people" in s.text]) == 1


def test_words_freed_by_a_sentence_that_lost_its_antecedent_go_to_one_that_stands_alone() -> None:
    """A reply is worth most ("rejected the claim"), but what it answers is never selected
    (a question): the reply goes, and a sentence that needs no other takes its words."""
    corpus = _corpus(
        {
            "harbour": [
                "Will the port close for a month, with 300 jobs lost, as the owners say?",
                "Union leader Mara Venn on Monday rejected the claim, citing 41 new contracts "
                "signed with Karsk Shipping in May.",
            ],
            "coast": [
                "The port authority said 40 ships were waiting outside the harbour on Monday.",
                "Freight rates on the northern route rose 8% on Tuesday, brokers in Karsk said.",
            ],
        }
    )
    summary = _summarise(corpus, max_words=32)
    cited = {c.sentence_id for s in summary.sentences for c in s.citations}
    assert "harbour:2" not in cited or "harbour:1" in cited
    assert {"coast:1", "coast:2"} <= cited


def test_a_fact_restated_in_other_words_is_said_once() -> None:
    """Two outlets state one fact in their own words (too unlike for a copy), the second
    adding little of its own: the summary says it once, and has room for every other fact."""
    corpus = _corpus(
        {
            "kessin": [
                "The Port Authority has 14 cargo cranes at the Varn terminal, installed after "
                "a deal signed with Dorsa Shipping in the coastal town of Lenk in 2019.",
                "Dock workers voted on Monday to end their two-week strike at the Varn terminal.",
            ],
            "coast": [
                "Dorsa Shipping, which signed a deal with the authority in 2019, operates the "
                "cranes, a spokesman for the Varn port told reporters at the terminal.",
                "Freight rates on the northern route rose 8% on Tuesday, brokers in Karsk said.",
            ],
            "lenk": [
                "The strike at the Varn terminal had halted most cargo traffic for two weeks.",
            ],
        }
    )
    summary = _summarise(corpus, max_words=250)
    texts = [sentence.text for sentence in summary.sentences]
    assert len([text for text in texts if "cranes" in text]) == 1
    assert any("Freight" in text for text in texts)
