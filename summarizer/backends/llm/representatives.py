"""A big story on the model path: which articles are digested.

Above ``max_articles``, articles that are copies or light rewrites of one text are
grouped (``grouping.group_articles``) and one per group is read, the groups chosen in
turn for the outlets, languages and days not read yet, then the most widely carried;
each read article's copies are cited through it (``copies``). The summary names how
many articles were read, grouped and left out, in ``warnings`` and ``settings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...grouping import DuplicateGroups, group_articles, group_sentences
from ...models import Corpus, SegmentedArticle


@dataclass(frozen=True)
class Reading:
    """The articles to digest, and what the rest of the cluster became."""

    corpus: Corpus  # the articles read
    total: int
    grouped: tuple[str, ...] = ()  # copies of an article read, cited through it
    left_out: tuple[str, ...] = ()
    copies: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sentence -> copies

    @property
    def read(self) -> int:
        return len(self.corpus.articles)

    def settings(self) -> dict[str, object]:
        return {
            "articles": self.total,
            "read": self.read,
            "grouped": len(self.grouped),
            "left_out": len(self.left_out),
        }

    def warning(self) -> str | None:
        if self.read == self.total:
            return None
        shown = ", ".join(self.left_out[:10]) + (" ..." if len(self.left_out) > 10 else "")
        left = f"; {len(self.left_out)} left out: {shown}" if self.left_out else ""
        return (
            f"a big story: {self.read} of {self.total} articles were read by the model "
            f"(at most {self.read} with --max-articles), {len(self.grouped)} grouped as "
            f"copies of an article read and cited through it{left}"
        )


def choose_articles(corpus: Corpus, max_articles: int) -> Reading:
    """All of ``corpus`` when it has at most ``max_articles``; else one article per
    group of copies, as diverse as possible, up to ``max_articles``."""
    total = len(corpus.articles)
    if total <= max_articles:
        return Reading(corpus, total)
    groups = group_articles(corpus)
    chosen = _diverse([group[0] for group in groups.groups], groups, corpus, max_articles)
    members = {index for leader in chosen for index in groups.members(leader)}
    ids = [segmented.article.id for segmented in corpus.articles]
    grouped = tuple(ids[index] for index in sorted(members) if index not in chosen)
    left_out = tuple(ids[index] for index in range(total) if index not in members)
    read = _articles(corpus, sorted(chosen))
    copies = _sentence_copies(corpus, groups, chosen)
    return Reading(read, total, grouped, left_out, copies)


def _diverse(leaders: list[int], groups: DuplicateGroups, corpus: Corpus, limit: int) -> set[int]:
    """Leaders picked in turn: a new outlet first, then a new language, then a new day,
    then the group carried by most outlets, then the earliest."""
    seen: dict[str, set[str]] = {"outlet": set(), "language": set(), "day": set()}
    chosen: set[int] = set()
    pool = list(leaders)
    while pool and len(chosen) < limit:
        best = max(pool, key=lambda index: _value(corpus.articles[index], seen, groups, index))
        chosen.add(best)
        pool.remove(best)
        for kind, value in _traits(corpus.articles[best]).items():
            seen[kind].add(value)
    return chosen


def _traits(segmented: SegmentedArticle) -> dict[str, str]:
    article = segmented.article
    return {
        "outlet": article.source_name.lower(),
        "language": (article.language or "").lower(),
        "day": (article.published or "")[:10],
    }


def _value(
    segmented: SegmentedArticle, seen: dict[str, set[str]], groups: DuplicateGroups, index: int
) -> tuple[bool, bool, bool, int, int]:
    traits = _traits(segmented)
    new = [traits[kind] not in seen[kind] for kind in ("outlet", "language", "day")]
    return new[0], new[1], new[2], len(groups.members(index)), -index


def _articles(corpus: Corpus, indices: list[int]) -> Corpus:
    return corpus.model_copy(update={"articles": [corpus.articles[i] for i in indices]})


def _sentence_copies(
    corpus: Corpus, groups: DuplicateGroups, chosen: set[int]
) -> dict[str, tuple[str, ...]]:
    """For each sentence of an article read, the same sentence in the group's copies."""
    copies: dict[str, tuple[str, ...]] = {}
    for leader in sorted(chosen):
        members = groups.members(leader)
        if len(members) < 2:
            continue
        sentences, sentence_groups = group_sentences(_articles(corpus, list(members)))
        lead_id = corpus.articles[leader].article.id
        for group in sentence_groups.groups:
            first = sentences[group[0]]
            if len(group) > 1 and first.article_id == lead_id:
                copies[first.id] = tuple(sentences[index].id for index in group)
    return copies
