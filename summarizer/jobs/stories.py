"""Stories that grow: a story's summary versions, and what changed between two.

A story job (``Job.story_id``) summarises the story's articles at one revision; when
it is done, ``record_version`` stores the next version with its changes: sentences
added and dropped, disputes new since the previous version, figures the summary now
gives differently, and the articles added, removed or changed. Per-article work is
not redone: the model backend's digest calls for unchanged articles are served by the
model-call cache (same messages, same key), so one new article costs one digest call
plus the reduce.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..models.input import ClusterInput
from ..models.jobs import Job, SummarizeRequest
from ..models.stories import FigureChange, StoryChanges, StoryVersion
from ..models.summary import ClusterSummary
from ..store import Store
from ..store.sql_records import content_hash

FIGURE = re.compile(r"\d(?:[\d,.]*\d)?%?")
# How alike two sentences must be, figures masked, to count as one sentence whose
# figures changed.
SAME_SENTENCE = 0.75


def story_request(
    store: Store,
    story_id: str,
    *,
    backend: str | None = None,
    model: str | None = None,
    max_words: int | None = None,
) -> SummarizeRequest | None:
    """The request that summarises the story's articles now (None when it has none)."""
    story = store.story(story_id)
    articles = store.story_articles(story_id)
    if story is None or not articles:
        return None
    cluster = ClusterInput(
        id=story_id,
        title=story.title,
        articles=[item.article.model_copy(update={"id": item.article_id}) for item in articles],
    )
    extra = {"max_words": max_words} if max_words is not None else {}
    return SummarizeRequest(cluster=cluster, backend=backend, model=model, **extra)


def article_hashes(request: SummarizeRequest) -> dict[str, str]:
    return {
        article.id or f"article-{number}": content_hash(article)
        for number, article in enumerate(request.cluster.articles, start=1)
    }


def record_version(store: Store, job: Job, summary: ClusterSummary) -> StoryVersion | None:
    """Store the summary of a finished story job as the story's next version; None
    when a version of this or a later revision is already there."""
    if job.story_id is None or job.story_revision is None:
        return None
    previous = store.latest_story_version(job.story_id)
    if previous is not None and previous.revision >= job.story_revision:
        return None
    hashes = article_hashes(job.request)
    changes = story_changes(previous, summary, hashes)
    return store.add_story_version(
        job.story_id, job.story_revision, hashes, summary, changes, job_id=job.id
    )


def story_changes(
    previous: StoryVersion | None, summary: ClusterSummary, hashes: dict[str, str]
) -> StoryChanges:
    """What changed since ``previous`` (everything is new when there is none)."""
    old_summary = previous.summary if previous is not None else None
    old_hashes = previous.article_hashes if previous is not None else {}
    old = [s.text for s in old_summary.sentences] if old_summary else []
    new = [s.text for s in summary.sentences]
    old_keys = {_norm(text) for text in old}
    new_keys = {_norm(text) for text in new}
    added = [text for text in new if _norm(text) not in old_keys]
    dropped = [text for text in old if _norm(text) not in new_keys]
    old_claims = {_norm(d.claim) for d in old_summary.disputes} if old_summary else set()
    return StoryChanges(
        sentences_added=added,
        sentences_dropped=dropped,
        new_disputes=[d.claim for d in summary.disputes if _norm(d.claim) not in old_claims],
        changed_figures=changed_figures(dropped, added),
        articles_added=[a for a in hashes if a not in old_hashes],
        articles_removed=[a for a in old_hashes if a not in hashes],
        articles_changed=[a for a in hashes if a in old_hashes and old_hashes[a] != hashes[a]],
    )


def changed_figures(dropped: list[str], added: list[str]) -> list[FigureChange]:
    """Pairs of a dropped and an added sentence that say the same with other figures
    ("the toll rose to 12" -> "the toll rose to 15"), each sentence paired once."""
    changes = []
    taken: set[int] = set()
    for before in dropped:
        old_figures = FIGURE.findall(before)
        if not old_figures:
            continue
        best, best_ratio = None, SAME_SENTENCE
        for index, after in enumerate(added):
            new_figures = FIGURE.findall(after)
            if index in taken or not new_figures or new_figures == old_figures:
                continue
            ratio = SequenceMatcher(None, _masked(before), _masked(after)).ratio()
            if ratio >= best_ratio:
                best, best_ratio = index, ratio
        if best is None:
            continue
        taken.add(best)
        after = added[best]
        new_figures = FIGURE.findall(after)
        changes.append(
            FigureChange(
                before=before,
                after=after,
                old=[f for f in old_figures if f not in new_figures],
                new=[f for f in new_figures if f not in old_figures],
            )
        )
    return changes


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _masked(text: str) -> str:
    return FIGURE.sub("#", _norm(text))
