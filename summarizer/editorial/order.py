"""Lead first: the body opens with the development most outlets report, at the newest date.

Each body sentence's support is the number of independent outlets that report it: the
outlets it cites, and those with a sentence close to it (TF-IDF cosine), where copies
of one wire text in several outlets count once. Among the sentences most outlets
report (more than half of them, or as many as any sentence reaches), the newest
leads. Sentences that name the day of what they report are developments and come
before context (which names none, and is dated by its first publication); the rest
keep the backend's order, so context follows. Sentences move; none is rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

from ..models import ClusterSummary, Corpus, SummarySentence
from .dates import citation_day, parse_day, sentence_day

# Cosine at which another outlet's sentence reports the same development.
SAME_DEVELOPMENT = 0.3
# Cosine at which two outlets' sentences are one wire text (counted once).
WIRE_COPY = 0.7

# Openings that lean on a sentence before them: never a lead.
_LEANS_BACK = re.compile(
    r"^(?:It|Its|They|Their|Them|He|His|She|Her|This|That|These|Those|Such|But|However|Also"
    r"|And|Yet|Still|Meanwhile|Instead|Later|Then|There|Both|The (?:claim|move|decision"
    r"|statement|report|remarks|figure|offer|accusation|denial))\b"
)
Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class Standing:
    """What ordering knows of one body sentence."""

    support: int  # independent outlets that report it
    day: date | None  # the day it names, else the day it was first published
    leans_back: bool
    development: bool  # it names the day of what it reports (context names none)


def leans_back(text: str) -> bool:
    return _LEANS_BACK.match(text.lstrip('"\u201c')) is not None


class SupportIndex:
    """The corpus's sentences as TF-IDF rows, to count who reports a sentence."""

    def __init__(self, corpus: Corpus) -> None:
        self.article_of: list[str] = []
        self.outlet_of: dict[str, str] = {}
        texts: list[str] = []
        for segmented in corpus.articles:
            self.outlet_of[segmented.article.id] = segmented.article.source_name
            for sentence in segmented.sentences:
                texts.append(sentence.text)
                self.article_of.append(sentence.article_id)
        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
        try:
            self.rows = self.vectorizer.fit_transform(texts) if texts else None
        except ValueError:
            self.rows = None

    def support(self, sentence: SummarySentence) -> int:
        cited = {citation.article_id for citation in sentence.citations}
        if self.rows is None:
            return len({self.outlet_of.get(a, a) for a in cited})
        quote = sentence.citations[0].quote if sentence.citations else sentence.text
        query = self.vectorizer.transform([quote])
        similarity = np.asarray((self.rows @ query.T).toarray()).ravel()
        best: dict[str, int] = {}
        for row in np.flatnonzero(similarity >= SAME_DEVELOPMENT):
            article = self.article_of[int(row)]
            if article not in best or similarity[row] > similarity[best[article]]:
                best[article] = int(row)
        return self._independent(cited | set(best), best)

    def _independent(self, articles: set[str], best: dict[str, int]) -> int:
        """Outlets counted once each, and one wire text counted once."""
        ordered = sorted(articles)
        wire = self._wire_pairs([article for article in ordered if article in best], best)
        groups: list[list[str]] = []
        for article in ordered:
            for group in groups:
                if any(self._same_source(article, other, wire) for other in group):
                    group.append(article)
                    break
            else:
                groups.append([article])
        return len(groups)

    def _wire_pairs(self, articles: list[str], best: dict[str, int]) -> set[tuple[str, str]]:
        """Pairs of articles whose best sentences are one wire text: one sparse product
        of their rows (a product per pair is quadratic in a big story's articles)."""
        if self.rows is None or len(articles) < 2:
            return set()
        rows = self.rows[[best[article] for article in articles]]
        close = (rows @ rows.T).tocoo()
        return {
            (articles[i], articles[j])
            for i, j, cosine in zip(close.row, close.col, close.data, strict=True)
            if i != j and cosine >= WIRE_COPY
        }

    def _same_source(self, first: str, second: str, wire: set[tuple[str, str]]) -> bool:
        return self.outlet_of.get(first) == self.outlet_of.get(second) or (first, second) in wire


def standing(sentence: SummarySentence, index: SupportIndex) -> Standing:
    published = citation_day(sentence)
    day = sentence_day(sentence.text, published)
    development = day is not None
    if day is None:
        days = [d for d in (parse_day(c.published) for c in sentence.citations) if d]
        day = min(days) if days else None
    return Standing(index.support(sentence), day, leans_back(sentence.text), development)


def pick_lead(standings: list[Standing], outlets: int) -> int | None:
    """The index of the lead sentence, or None when no sentence can lead."""
    able = [i for i, item in enumerate(standings) if not item.leans_back]
    if not able:
        return None
    developments = [i for i in able if standings[i].development]
    able = developments or able
    top = max(standings[i].support for i in able)
    needed = min(outlets // 2 + 1, top)
    strong = [i for i in able if standings[i].support >= needed]
    return max(
        strong,
        key=lambda i: (standings[i].day or date.min, standings[i].support, -i),
    )


def lead_first(summary: ClusterSummary, corpus: Corpus) -> ClusterSummary:
    """The body with its lead first, and the sentences that lean on the lead after it."""
    if len(summary.sentences) < 2:
        return summary
    index = SupportIndex(corpus)
    standings = [standing(sentence, index) for sentence in summary.sentences]
    outlets = len(set(index.outlet_of.values()))
    lead = pick_lead(standings, outlets)
    if lead is None or lead == 0:
        return summary
    block = [lead]
    while block[-1] + 1 < len(standings) and standings[block[-1] + 1].leans_back:
        block.append(block[-1] + 1)
    rest = [i for i in range(len(summary.sentences)) if i not in block]
    order = block + rest
    return summary.model_copy(update={"sentences": [summary.sentences[i] for i in order]})
