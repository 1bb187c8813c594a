"""A changing figure as the lead: when more outlets report a count of one thing (the
timeline's series: "16, then 33, then 36, then 57 Turkish soldiers killed") than report
the body's lead, the newest event of that count opens the body.

Outlets word one development differently, and a running toll most of all: each reports
the figure of its day, so no two of their sentences look alike and ``order`` counts each
telling as one outlet's. Counted as one development, the series is what most outlets
report (and a body lead that tells an older count of it gives way). Its lead is the
newest count that is the news of a named day ("On Thursday, at
least 33 soldiers were killed"), not a running total ("57 this month") nor a count
inside someone's account of something else ("Erdogan said he had asked Putin ... after
36 soldiers were killed"): the count sits in the sentence's development clause. A count
a dispute cites (one side's figure) never leads, and the telling must be fit to stand
first (``lead``'s test: a whole sentence in neutral words that leans on none before it,
naming who says it where it states a disputed claim). When a body sentence cites it, that
sentence moves first; else it is added first and the body's lowest-value sentences go to
keep the word budget, those that tell another count of the series first (the lead tells
the figure now). Counts, dates and outlets only.
"""

from __future__ import annotations

import re

from ..models import ClusterSummary, Corpus, SummarySentence
from ..styleguide import StyleGuide
from .lead import clean_telling, within_budget
from .order import SupportIndex, development_clause, moved_first
from .timeline import Count, changing

# A series makes the lead when at least this many outlets report it (and more than report
# the body's lead): more than a pair, which may be one wire's two clients.
SERIES_OUTLETS = 3


def add_figure_lead(
    summary: ClusterSummary,
    corpus: Corpus,
    max_words: int,
    style_guide: StyleGuide,
    index: SupportIndex,
    counts: list[Count],
) -> ClusterSummary:
    """``summary`` with its most reported changing figure's newest event first (else as
    it is); ``counts``: the corpus's (``timeline.corpus_counts``)."""
    if not summary.sentences:
        return summary
    found = _lead_count(summary, corpus, style_guide, index, counts)
    if found is None:
        return summary
    count, group = found
    at = next(
        (i for i, s in enumerate(summary.sentences) if count.sentence.id in s.cited_ids()), None
    )
    if at == 0:
        return summary
    if at is not None:
        return summary.model_copy(update={"sentences": moved_first(summary.sentences, at)})
    telling = SummarySentence(text=count.sentence.text, citations=[corpus.cite(count.sentence.id)])
    retold = frozenset(c.sentence.id for c in group)
    sentences = within_budget([telling, *summary.sentences], summary, max_words, retold)
    return summary.model_copy(update={"sentences": sentences})


def _lead_count(
    summary: ClusterSummary,
    corpus: Corpus,
    style_guide: StyleGuide,
    index: SupportIndex,
    counts: list[Count],
) -> tuple[Count, list[Count]] | None:
    """The newest event count of the series more outlets report than the body's lead,
    and the series."""
    groups = changing(counts)
    if not groups:
        return None
    outlets, group = max(((len(_outlets(g, index)), g) for g in groups), key=lambda pair: pair[0])
    lead = summary.sentences[0]
    told = {count.sentence.id for count in group}
    # A lead that tells an older count of the series gives way to its newest event.
    beaten = 0 if told & set(lead.cited_ids()) else index.support(lead) + 1
    if outlets < max(SERIES_OUTLETS, beaten):
        return None
    disputed = {cited for dispute in summary.disputes for cited in dispute.cited_ids()}
    able = [
        count
        for count in group
        if count.sentence.id not in disputed
        and count.day_named
        and _in_development(count)
        and clean_telling(count.sentence.id, corpus, summary, style_guide)
    ]
    if not able:
        return None
    order = {segmented.article.id: i for i, segmented in enumerate(corpus.articles)}
    newest = max(
        able, key=lambda c: (c.day, c.value, -order[c.sentence.article_id], -c.sentence.index)
    )
    return newest, group


def _outlets(group: list[Count], index: SupportIndex) -> set[str]:
    return {index.outlet_of.get(c.sentence.article_id, c.sentence.article_id) for c in group}


def _in_development(count: Count) -> bool:
    """The count is what the sentence reports, not context after "after", "as" ..."""
    clause = development_clause(count.sentence.text)
    return re.search(rf"(?<!\w){re.escape(count.written)}(?!\w)", clause, re.IGNORECASE) is not None
