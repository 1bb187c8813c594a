"""The cluster's sentences as one flat list, with what selection needs to know of each."""

from __future__ import annotations

from dataclasses import dataclass

from ...lexicon.words import has_attribution
from ...models import Corpus, Sentence
from ...text import word_count
from .rules import looks_like_furniture, looks_like_instruction, rejection_reason


@dataclass(frozen=True)
class Candidate:
    """One content sentence of the cluster."""

    position: int  # index in the flat list (and in the similarity matrix)
    sentence: Sentence
    article_index: int  # order of the article in the corpus
    outlet: str  # who to attribute the sentence to, in prose (``ArticleMeta.attribution``)
    outlet_named: bool
    published: str  # ISO date or "" when unknown
    rank_in_article: int  # 0 for the article's first content sentence
    rejected: str | None  # why it may not be selected; None when it may

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def words(self) -> int:
        return word_count(self.sentence.text)

    @property
    def attributed(self) -> bool:
        return has_attribution(self.sentence.text)

    @property
    def eligible(self) -> bool:
        return self.rejected is None


def collect(corpus: Corpus) -> list[Candidate]:
    """Every sentence that is text for a reader (instructions and furniture left out).

    Rejected sentences stay in the list (they still corroborate other outlets' sentences)
    but carry the reason they can never be selected.
    """
    candidates: list[Candidate] = []
    for article_index, segmented in enumerate(corpus.articles):
        article = segmented.article
        rank = 0
        for sentence in segmented.sentences:
            if looks_like_instruction(sentence.text) or looks_like_furniture(sentence.text):
                continue
            candidates.append(
                Candidate(
                    position=len(candidates),
                    sentence=sentence,
                    article_index=article_index,
                    outlet=article.attribution,
                    outlet_named=article.outlet_named,
                    published=article.published or "",
                    rank_in_article=rank,
                    rejected=rejection_reason(sentence.text, corpus.language),
                )
            )
            rank += 1
    return candidates
