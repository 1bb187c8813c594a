"""Concepts: the content words of the story, weighted by how many outlets use them.

Selection maximises the weight of distinct concepts covered (as in concept-based
multi-document summarisers), so each new sentence has to bring facts the summary
does not have yet, and facts several outlets report count most.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ...lexicon.words import NEWS_STOP_WORDS, stem
from .candidates import Candidate
from .weights import SINGLE_OUTLET_WEIGHT

_TOKEN = re.compile(r"[^\W_][\w'\u2019-]*[^\W_]|\d+")


def concepts_of(text: str) -> frozenset[str]:
    words = (token for token in _TOKEN.findall(text) if token.lower() not in NEWS_STOP_WORDS)
    return frozenset(stem(word) for word in words if len(word) > 2 or word.isdigit())


@dataclass(frozen=True)
class ConceptWeights:
    weights: dict[str, float]

    def gain(self, concepts: frozenset[str], covered: set[str]) -> float:
        return sum(self.weights.get(concept, 0.0) for concept in concepts - covered)


def weigh(candidates: list[Candidate], n_articles: int) -> ConceptWeights:
    """Weight = share of outlets using the concept (a single outlet's counts a little)."""
    outlets: dict[str, set[int]] = {}
    for candidate in candidates:
        for concept in concepts_of(candidate.text):
            outlets.setdefault(concept, set()).add(candidate.article_index)
    counts = Counter({concept: len(articles) for concept, articles in outlets.items()})
    if n_articles <= 1:
        return ConceptWeights({concept: 1.0 for concept in counts})
    return ConceptWeights(
        {
            concept: (count / n_articles if count > 1 else SINGLE_OUTLET_WEIGHT / n_articles)
            for concept, count in counts.items()
        }
    )
