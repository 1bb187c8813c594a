"""Baselines a system is shown beside.

``lead``: the classic lead baseline, made fair to a multi-source cluster. Sentences are
taken round robin over the articles in cluster order (sentence 1 of each article, then
sentence 2 of each, ...; an article that has run out is passed over) and added while
the total stays within the word budget: the first sentence that would take the total
past ``max_words`` ends the summary, so the baseline is always a prefix of that order.
Every sentence cites itself, so the baseline gets citation metrics too.

``previous``: the metrics of an earlier report (``--baseline REPORT``), per cluster.
"""

from __future__ import annotations

from itertools import zip_longest

from ..models import ClusterSummary, Corpus, Sentence, SummarySentence
from ..text import word_count

LEAD = "lead"
PREVIOUS = "previous"


def round_robin(corpus: Corpus) -> list[Sentence]:
    """Sentence 1 of each article, then sentence 2 of each, and so on."""
    rounds = zip_longest(*(segmented.sentences for segmented in corpus.articles))
    return [sentence for round_ in rounds for sentence in round_ if sentence is not None]


def lead_baseline(corpus: Corpus, max_words: int) -> ClusterSummary:
    chosen: list[SummarySentence] = []
    total = 0
    for sentence in round_robin(corpus):
        total += word_count(sentence.text)
        if total > max_words:
            break
        chosen.append(SummarySentence(text=sentence.text, citations=[corpus.cite(sentence.id)]))
    return ClusterSummary(
        cluster_id=corpus.cluster_id,
        title=corpus.title,
        sentences=chosen,
        backend=LEAD,
        settings={"max_words": max_words},
    )
