"""The off-topic filter: which articles tell the cluster's story, before any backend runs.

Articles are compared by TF-IDF over the names they use (words capitalised inside a
sentence: the people, places and bodies a story is about; an unrelated report from
the same court or town shares its vocabulary, but few of its names). Two articles are
linked when their similarity reaches a threshold set by the cluster itself: a share of
the median of every article's best match (a robust statistic: one odd article does not
move it). The linked groups are the stories; the largest is summarised (or, asked for,
each: ``split_stories``), a lone article is off-topic, and both are said in warnings.
Nothing here knows any story's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from ..models import Corpus, SegmentedArticle

# Two articles of one story share names: an article's best match is at least this share
# of the cluster's median best match (on our sets an unrelated article reaches an eighth
# of it at most, the least similar on-topic article seven tenths).
LINK_SHARE = 0.4
# Below this cosine two articles share little more than the words of all news.
MIN_LINK = 0.05
# With fewer articles no majority says what the story is.
MIN_ARTICLES = 3

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_TOKEN = r"(?u)\b[^\W\d_][\w'\u2019-]*[^\W\d_]\b"
Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class Story:
    """The corpus to summarise (the largest story) and what was left out, in words."""

    corpus: Corpus
    left_out: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def similarities(corpus: Corpus) -> Matrix:
    """Cosine similarity of every pair of articles (0 on the diagonal)."""
    texts = [_capitalised(segmented) for segmented in corpus.articles]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=_TOKEN)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no words at all
        return np.zeros((len(texts), len(texts)))
    dense = np.asarray((matrix @ matrix.T).toarray(), dtype=np.float64)
    np.fill_diagonal(dense, 0.0)
    return dense


def stories(similarity: Matrix) -> list[list[int]]:
    """Groups of linked articles (indices), largest first; a lone article is a group."""
    count = similarity.shape[0]
    best = similarity.max(axis=1)
    threshold = max(LINK_SHARE * float(np.median(best)), MIN_LINK)
    linked = sparse.csr_matrix(similarity >= threshold)
    _, labels = connected_components(linked, directed=False)
    members: dict[int, list[int]] = {}
    for index in range(count):
        members.setdefault(int(labels[index]), []).append(index)
    return sorted(members.values(), key=lambda group: (-len(group), group[0]))


def select_story(corpus: Corpus) -> Story:
    """The largest story of ``corpus``, with warnings naming whatever was left out."""
    return _stories(corpus, each=False)[0]


def split_stories(corpus: Corpus) -> list[Story]:
    """Every story of ``corpus`` (two articles or more), largest first, each with a
    warning naming how the input was split; a lone article is in none of them. With
    one story, the same as ``select_story``."""
    return _stories(corpus, each=True)


def _stories(corpus: Corpus, each: bool) -> list[Story]:
    if len(corpus.articles) < MIN_ARTICLES:
        return [Story(corpus)]
    groups = stories(similarities(corpus))
    if len(groups[0]) < 2:
        return [Story(corpus, warnings=["the articles share no story; all were summarised"])]
    told = [group for group in groups if len(group) > 1]
    if not each or len(told) == 1:
        return [_story(corpus, groups[0], _warnings(groups, corpus))]
    lone = _lone_warning(groups, corpus, "any story")
    return [
        _story(corpus, group, [_split_warning(told, number, corpus), *lone], number + 1)
        for number, group in enumerate(told)
    ]


def _story(corpus: Corpus, kept: list[int], warnings: list[str], number: int = 0) -> Story:
    """The articles ``kept`` as a story; story ``number`` of a split input is named
    "<cluster>-story-<number>", and only the largest keeps the cluster's title."""
    articles = [corpus.articles[index] for index in kept]
    left = [corpus.articles[index] for index in range(len(corpus.articles)) if index not in kept]
    update: dict[str, object] = {"articles": articles}
    if number:
        update["cluster_id"] = f"{corpus.cluster_id}-story-{number}"
        update["title"] = corpus.title if number == 1 else None
    filtered = corpus.model_copy(update=update)
    return Story(filtered, [segmented.article.id for segmented in left], warnings)


def _split_warning(told: list[list[int]], number: int, corpus: Corpus) -> str:
    others = [
        f"story {other + 1} ({_names(told[other], corpus)})"
        for other in range(len(told))
        if other != number
    ]
    return (
        f"the input holds {len(told)} stories, each summarised apart: this is story "
        f"{number + 1} of {len(told)} ({len(told[number])} articles: "
        f"{_names(told[number], corpus)}); the others: " + "; ".join(others)
    )


def _warnings(groups: list[list[int]], corpus: Corpus) -> list[str]:
    others = [group for group in groups[1:] if len(group) > 1]
    warnings: list[str] = []
    if others:
        warnings.append(
            f"the input holds {len(others) + 1} stories; summarised the largest "
            f"({len(groups[0])} articles), left out the others: "
            + "; ".join(_names(group, corpus) for group in others)
        )
    return warnings + _lone_warning(groups, corpus, "this story")


def _lone_warning(groups: list[list[int]], corpus: Corpus, story: str) -> list[str]:
    lone = [index for group in groups[1:] if len(group) == 1 for index in group]
    return [f"left out as not about {story}: {_names(lone, corpus)}"] if lone else []


def _names(group: list[int], corpus: Corpus) -> str:
    return ", ".join(_name(corpus.articles[index]) for index in group)


def _name(segmented: SegmentedArticle) -> str:
    article = segmented.article
    if article.outlet_named:
        return f"{article.id} ({article.source_name})"
    return article.id


def _capitalised(segmented: SegmentedArticle) -> str:
    """The article's capitalised words after each sentence's first word."""
    names: list[str] = []
    for sentence in segmented.sentences:
        words = _WORD.findall(sentence.text)
        names += [word for word in words[1:] if word[:1].isupper()]
    return " ".join(names)
