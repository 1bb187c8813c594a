"""Wire copy in a corpus, grouped: articles that are copies of one text, and sentences
that several articles carry.

``collapse`` keeps one copy of each sentence (its earliest, in article order) for a
backend to read, so a wire text is summarised once and counts once as a source of
agreement; ``expand`` then cites a summary's sentence through every copy, so each
outlet that carries it is cited. A sentence only one outlet reports is never a copy,
so it is always kept.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from pydantic import PrivateAttr

from ..models import ClusterSummary, Corpus, Sentence
from ..settings import GROUP_COPIES_ABOVE_SENTENCES
from .groups import DuplicateGroups, group_texts

# Sentences: copies share this share of their 3-word shingles (a dateline or a word
# changed; a changed figure or negation is never a copy, whatever the share).
SENTENCE_THRESHOLD = 0.7
SENTENCE_SHINGLE = 3
# Articles: light rewrites of one wire report share this share of their 5-word shingles.
ARTICLE_THRESHOLD = 0.8
ARTICLE_SHINGLE = 5
# Summary parts whose citations are one outlet's own (framing): never expanded.
_OWN_CITATIONS = frozenset({"framing"})


def group_articles(corpus: Corpus) -> DuplicateGroups:
    """Articles that are copies or light rewrites of one text, by article order."""
    texts = [" ".join(s.text for s in segmented.sentences) for segmented in corpus.articles]
    return group_texts(texts, threshold=ARTICLE_THRESHOLD, shingle=ARTICLE_SHINGLE)


def group_sentences(corpus: Corpus) -> tuple[list[Sentence], DuplicateGroups]:
    """Every sentence of the corpus in article order, and their copy groups."""
    sentences = [sentence for segmented in corpus.articles for sentence in segmented.sentences]
    groups = group_texts(
        [sentence.text for sentence in sentences],
        threshold=SENTENCE_THRESHOLD,
        shingle=SENTENCE_SHINGLE,
    )
    return sentences, groups


class SentenceSubset(Corpus):
    """Some sentences of each article under their own ids, looked up by id."""

    _by_id: dict[str, Sentence] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        self._by_id = {s.id: s for segmented in self.articles for s in segmented.sentences}

    def sentence(self, sentence_id: str) -> Sentence | None:
        return self._by_id.get(sentence_id)


@dataclass(frozen=True)
class Collapsed:
    """A corpus with one copy of each sentence, and the copies of each kept one."""

    corpus: Corpus
    copies: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kept id -> all copies
    sentences: int = 0  # in the full corpus
    articles_left_out: tuple[str, ...] = ()  # every sentence of these is a copy

    @property
    def grouped(self) -> int:
        return sum(len(ids) - 1 for ids in self.copies.values())

    def settings(self) -> dict[str, object]:
        return {
            "sentences": self.sentences,
            "sentence_copies_grouped": self.grouped,
            "articles_all_copies": len(self.articles_left_out),
        }


def group_copies(corpus: Corpus, above: int = GROUP_COPIES_ABOVE_SENTENCES) -> Collapsed:
    """``collapse`` for a cluster of more than ``above`` sentences; a smaller one as it is
    (every backend already merges its wire copy, with every pair of sentences compared)."""
    sentences = sum(len(segmented.sentences) for segmented in corpus.articles)
    return collapse(corpus) if sentences > above else Collapsed(corpus, sentences=sentences)


def collapse(corpus: Corpus) -> Collapsed:
    """``corpus`` with each group of copied sentences down to its earliest copy."""
    sentences, groups = group_sentences(corpus)
    kept = {sentences[group[0]].id for group in groups.groups}
    copies = {
        sentences[group[0]].id: tuple(sentences[index].id for index in group)
        for group in groups.groups
        if len(group) > 1
    }
    reduced = subset(corpus, kept)
    left_out = tuple(
        segmented.article.id
        for segmented in corpus.articles
        if not any(s.id in kept for s in segmented.sentences)
    )
    return Collapsed(reduced, copies, len(sentences), left_out)


def subset(
    corpus: Corpus, kept: Collection[str], *, keep_empty_articles: bool = False
) -> SentenceSubset:
    """The kept sentences of each article; articles left with none are left out unless
    ``keep_empty_articles``."""
    articles = [
        segmented.model_copy(update={"sentences": [s for s in segmented.sentences if s.id in kept]})
        for segmented in corpus.articles
    ]
    return SentenceSubset(
        cluster_id=corpus.cluster_id,
        title=corpus.title,
        language=corpus.language,
        articles=[s for s in articles if keep_empty_articles or s.sentences],
    )


def expand(summary: ClusterSummary, collapsed: Collapsed, corpus: Corpus) -> ClusterSummary:
    """``summary`` with each citation of a kept copy followed by citations of the others."""
    if collapsed.corpus is corpus:
        return summary
    expanded = cite_copies(summary, collapsed.copies, corpus)
    settings = {**expanded.settings, "grouping": collapsed.settings()}
    return expanded.model_copy(update={"settings": settings})


def cite_copies(
    summary: ClusterSummary, copies: dict[str, tuple[str, ...]], corpus: Corpus
) -> ClusterSummary:
    """``summary`` with each citation of a sentence in ``copies`` followed by its copies."""
    if not copies:
        return summary
    data = summary.model_dump()
    _expand_in(data, copies, corpus)
    return ClusterSummary.model_validate(data)


def _expand_in(node: Any, copies: dict[str, tuple[str, ...]], corpus: Corpus) -> None:
    if isinstance(node, list):
        for item in node:
            _expand_in(item, copies, corpus)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in _OWN_CITATIONS:
            continue
        if key == "citations" and isinstance(value, list):
            node[key] = _expanded(value, copies, corpus)
        else:
            _expand_in(value, copies, corpus)


def _expanded(
    citations: list[dict[str, Any]], copies: dict[str, tuple[str, ...]], corpus: Corpus
) -> list[dict[str, Any]]:
    seen: set[str] = set()
    result: list[dict[str, Any]] = []
    for citation in citations:
        for sentence_id in copies.get(citation["sentence_id"], (citation["sentence_id"],)):
            if sentence_id in seen:
                continue
            seen.add(sentence_id)
            same = sentence_id == citation["sentence_id"]
            result.append(citation if same else corpus.cite(sentence_id).model_dump())
    return result
