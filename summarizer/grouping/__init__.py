"""Near-duplicate grouping (wire copy) of articles and sentences: MinHash and LSH over
exact shingles of normalised text, linear in the number of texts, deterministic."""

from .corpus import (
    Collapsed,
    SentenceSubset,
    cite_copies,
    collapse,
    expand,
    group_articles,
    group_copies,
    group_sentences,
    subset,
)
from .groups import DuplicateGroups, group_texts

__all__ = [
    "Collapsed",
    "DuplicateGroups",
    "SentenceSubset",
    "cite_copies",
    "collapse",
    "expand",
    "group_articles",
    "group_copies",
    "group_sentences",
    "group_texts",
    "subset",
]
