"""The same fact said once: an agreed point that the body already states is not said
again under "Where the sources agree"; the body's sentence cites the outlets the point
cited (those of its tellings that tell what the sentence says), so every outlet that
reports it is still cited where it is said.

A point repeats a body sentence when they cite a source sentence in common (a point's
citations are all tellings of that one point). A body sentence that another one says
again (citing all it cites, and holding most of its words) goes too. Run after the lead
is chosen (support counts read the backend's citations) and before the budget.
"""

from __future__ import annotations

from ..lexicon.words import account_words, tells_same
from ..models import AgreedPoint, Citation, ClusterSummary, SummarySentence

# A body sentence another one says again: it cites no source the other does not, and
# this share of its common words are the other's.
SAID_AGAIN = 0.5


def merge_repeated_points(summary: ClusterSummary) -> ClusterSummary:
    """``summary`` with each agreed point the body states folded into that sentence."""
    sentences = list(summary.sentences)
    kept: list[AgreedPoint] = []
    for point in summary.agreed:
        body = _stating(sentences, point)
        if body is None:
            kept.append(point)
        else:
            sentences[body] = _citing_also(sentences[body], point.citations)
    sentences = _said_once(sentences)
    if len(kept) == len(summary.agreed) and len(sentences) == len(summary.sentences):
        return summary
    return summary.model_copy(update={"sentences": sentences, "agreed": kept})


def _said_once(sentences: list[SummarySentence]) -> list[SummarySentence]:
    """The body without a sentence that another one says again, citing all it cites and
    holding most of what it tells ("The pipe burst during floods on 26 February and was
    repaired two days later" beside "The water main at Baker Street burst during the
    floods on 26 February and was repaired by Ostrel Water crews on 28 February", which
    cites both outlets). The lead stays; a sentence that adds its own goes nowhere."""
    kept = list(sentences)
    for sentence in sentences[1:]:
        if any(other is not sentence and _says_again(other, sentence) for other in kept):
            kept.remove(sentence)
    return kept


def _says_again(other: SummarySentence, sentence: SummarySentence) -> bool:
    if not set(sentence.cited_ids()) <= set(other.cited_ids()):
        return False
    told = account_words(sentence.original or sentence.text)
    held = told & account_words(other.original or other.text)
    return bool(told) and len(held) >= SAID_AGAIN * len(told)


def _stating(sentences: list[SummarySentence], point: AgreedPoint) -> int | None:
    """The body sentence that states ``point``: the one citing the point's own sentence
    (its first citation, whose words the point has), else the first citing any of its."""
    ids = point.cited_ids()
    for wanted in (set(ids[:1]), set(ids)):
        for index, sentence in enumerate(sentences):
            if wanted & set(sentence.cited_ids()):
                return index
    return None


def _citing_also(sentence: SummarySentence, citations: list[Citation]) -> SummarySentence:
    """The sentence also citing the point's tellings that tell what it says (a point's
    matches may share only names with it: ``lexicon.words.tells_same``)."""
    cited = set(sentence.cited_ids())
    text = sentence.original or sentence.text
    added = [
        citation
        for citation in citations
        if citation.sentence_id not in cited and tells_same(citation.quote, text)
    ]
    return sentence.model_copy(update={"citations": [*sentence.citations, *added]})
