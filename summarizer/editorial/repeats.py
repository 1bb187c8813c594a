"""The same fact said once: an agreed point that the body already states is not said
again under "Where the sources agree"; the body's sentence cites the outlets the point
cited, so every outlet that reports it is still cited where it is said.

A point repeats a body sentence when they cite a source sentence in common (a point's
citations are all tellings of that one point). Run after the lead is chosen (support
counts read the backend's citations) and before the budget.
"""

from __future__ import annotations

from ..models import AgreedPoint, Citation, ClusterSummary, SummarySentence


def merge_repeated_points(summary: ClusterSummary) -> ClusterSummary:
    """``summary`` with each agreed point the body states folded into that sentence."""
    sentences = list(summary.sentences)
    kept: list[AgreedPoint] = []
    for point in summary.agreed:
        ids = set(point.cited_ids())
        body = next((index for index, s in enumerate(sentences) if ids & set(s.cited_ids())), None)
        if body is None:
            kept.append(point)
        else:
            sentences[body] = _citing_also(sentences[body], point.citations)
    if len(kept) == len(summary.agreed):
        return summary
    return summary.model_copy(update={"sentences": sentences, "agreed": kept})


def _citing_also(sentence: SummarySentence, citations: list[Citation]) -> SummarySentence:
    cited = set(sentence.cited_ids())
    added = [citation for citation in citations if citation.sentence_id not in cited]
    return sentence.model_copy(update={"citations": [*sentence.citations, *added]})
