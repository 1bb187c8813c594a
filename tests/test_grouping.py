"""Near-duplicate grouping: wire copy grouped, summarised once and cited through every
copy; facts only one outlet reports are never grouped away."""

from __future__ import annotations

import numpy as np
from big_clusters import OWN, WIRE, wire_cluster
from scipy import sparse

from summarizer.backends.extractive import ExtractiveBackend
from summarizer.backends.extractive.neighbours import Neighbours
from summarizer.backends.extractive.represent import _tfidf
from summarizer.grouping import collapse, expand, group_articles, group_copies, group_texts
from summarizer.models import SummaryOptions


def test_copies_with_another_dateline_are_grouped_and_other_facts_are_not() -> None:
    texts = [
        "PORT ARDEL (Wire 1) - " + WIRE[0],
        "PORT ARDEL (Wire 2) - " + WIRE[0],
        WIRE[0].replace("40 ships", "41 ships"),  # another figure: another fact
        WIRE[1].replace("would not return", "would return"),  # no negation: another fact
        WIRE[1],
        WIRE[0].upper(),
    ]
    groups = group_texts(texts, threshold=0.7, shingle=3)
    assert groups.groups == ((0, 1, 5), (2,), (3,), (4,))
    assert groups.representative(1) == 0 and groups.grouped == 2


def test_grouping_is_deterministic() -> None:
    texts = [f"{text} Copy {n % 3}." for n, text in enumerate(WIRE * 5 + OWN)]
    first = group_texts(texts, threshold=0.7, shingle=3)
    assert all(group_texts(texts, threshold=0.7, shingle=3) == first for _ in range(3))


def test_articles_that_are_copies_are_grouped() -> None:
    corpus = wire_cluster(copies=3, independent=2)
    groups = group_articles(corpus)
    assert len(groups) == 5  # three rewrites differ by their own sentence: not copies
    assert groups.grouped == 0
    same = corpus.model_copy(update={"articles": [corpus.articles[0]] * 2})
    assert group_articles(same).groups == ((0, 1),)


def test_wire_copy_is_summarised_once_and_cited_through_every_copy() -> None:
    corpus = wire_cluster(copies=4, independent=2)
    copies = collapse(corpus)
    kept = [s.id for a in copies.corpus.articles for s in a.sentences]
    # The wire report once, each copy's own sentence, the two papers' three sentences
    # (both report one of them).
    assert len(kept) == 3 + 4 + 3
    assert copies.copies["copy-00:1"] == ("copy-00:1", "copy-01:1", "copy-02:1", "copy-03:1")
    options = SummaryOptions(max_words=200)
    drafted = ExtractiveBackend().summarize_sync(copies.corpus, options)
    summary = expand(drafted, copies, corpus)
    wire_sentences = [s for s in summary.sentences if s.citations[0].sentence_id in copies.copies]
    assert wire_sentences, "the wire report is in the summary"
    for sentence in wire_sentences:
        first = sentence.citations[0].sentence_id
        cited = [c.sentence_id for c in sentence.citations]
        assert set(copies.copies[first]) <= set(cited)
        for citation in sentence.citations:
            article = corpus.article(citation.article_id)
            assert article is not None
            assert article.raw_text[citation.start : citation.end] == citation.quote
    own = {c.sentence_id for s in summary.sentences for c in s.citations}
    assert any(sentence_id.endswith(":4") for sentence_id in own), "an outlet's own fact"
    assert summary.settings["grouping"] == copies.settings()


def test_a_small_cluster_is_read_as_it_is() -> None:
    corpus = wire_cluster()
    assert group_copies(corpus).corpus is corpus
    assert group_copies(corpus, above=5).corpus is not corpus


def test_neighbours_keep_the_nearest_and_the_exact_values() -> None:
    texts = [f"{text} ({n})" for n, text in enumerate((WIRE + OWN) * 4)]
    vectors = _tfidf(texts)
    exact = Neighbours(vectors)
    nearest = Neighbours(vectors, exact_limit=5)
    dense = np.asarray((vectors @ vectors.T).toarray(), dtype=np.float32)
    assert exact.exact and not nearest.exact
    assert np.array_equal(exact.matrix.toarray(), dense)
    for row in range(len(texts)):
        for other in nearest.near(row, 0.5):
            assert abs(nearest[row, other] - dense[row, other]) < 1e-6
        assert set(nearest.near(row, 0.5)) == set(exact.near(row, 0.5))
    assert sparse.issparse(nearest.matrix)
