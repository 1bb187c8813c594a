"""The Python API: cluster in, verified ``ClusterSummary`` out.

ingest -> segment -> off-topic filter -> wire copy grouped (a big story's) -> backend
-> editorial stages -> citations through every copy -> verify
(``summarizer.editorial``: the filter before the backend, the rest after it, so every
backend gets them). The CLI and the HTTP service are thin shells over ``summarize`` /
``asummarize``, and ``summarize_stories`` / ``asummarize_stories`` for an input that
holds several stories, each summarised apart.
"""

from __future__ import annotations

import asyncio
import re
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .backends import DEFAULT_BACKEND, Backend, ProgressCallback, SummaryOptions, get_backend
from .editorial import Story, edit, select_story, split_stories
from .grouping import Collapsed, expand, group_copies
from .ingest import load_cluster, load_cluster_data
from .models import Cluster, ClusterStories, ClusterSummary, Corpus
from .segment import segment_cluster
from .settings import DEFAULT_CONCURRENCY, DEFAULT_MAX_REASKS, DEFAULT_MAX_WORDS
from .store.cache import ModelCallCache, using_cache
from .styleguide import StyleGuide, load_style_guide
from .verify import verify_summary

ClusterSource = Cluster | Corpus | str | Path | dict[str, Any]


def build_corpus(source: ClusterSource, progress: ProgressCallback | None = None) -> Corpus:
    """Read (when given a path or a dict) and segment a cluster, reporting each article
    read and segmented to ``progress``."""
    if isinstance(source, Corpus):
        return source
    if isinstance(source, Cluster):
        return segment_cluster(source, progress)
    if isinstance(source, dict):
        cluster = load_cluster_data(source, base_dir=None, source="cluster")
        return segment_cluster(cluster, progress)
    return segment_cluster(load_cluster(Path(source), progress), progress)


def make_options(
    *,
    max_words: int = DEFAULT_MAX_WORDS,
    style_guide: StyleGuide | str | Path | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    max_reasks: int = DEFAULT_MAX_REASKS,
) -> SummaryOptions:
    guide = style_guide if isinstance(style_guide, StyleGuide) else load_style_guide(style_guide)
    return SummaryOptions(
        max_words=max_words, style_guide=guide, concurrency=concurrency, max_reasks=max_reasks
    )


async def asummarize(
    cluster: ClusterSource,
    *,
    backend: str | Backend = DEFAULT_BACKEND,
    max_words: int = DEFAULT_MAX_WORDS,
    style_guide: StyleGuide | str | Path | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    max_reasks: int = DEFAULT_MAX_REASKS,
    progress: ProgressCallback | None = None,
    cache: ModelCallCache | None = None,
    **backend_settings: Any,
) -> ClusterSummary:
    """Summarise a cluster (its largest story, when it holds several). ``backend_settings``
    (model, base_url, api_key, timeout...) go to the backend named by ``backend``.
    ``cache`` (e.g. ``StoreCache(open_store())``) serves and keeps validated model answers."""
    started = time.perf_counter()
    story = select_story(build_corpus(cluster, progress))
    options = make_options(
        max_words=max_words, style_guide=style_guide, concurrency=concurrency, max_reasks=max_reasks
    )
    run = _Run(_engine(backend, backend_settings), options, progress, cache)
    return await run.story(story, started)


async def asummarize_stories(
    cluster: ClusterSource,
    *,
    backend: str | Backend = DEFAULT_BACKEND,
    max_words: int = DEFAULT_MAX_WORDS,
    style_guide: StyleGuide | str | Path | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    max_reasks: int = DEFAULT_MAX_REASKS,
    progress: ProgressCallback | None = None,
    cache: ModelCallCache | None = None,
    **backend_settings: Any,
) -> list[ClusterSummary]:
    """Summarise each story of a cluster that holds several: one summary per story,
    largest first, each with its own articles (``sources``), ``max_words`` each, and a
    warning naming how the input was split (an article about no story is in none).
    A cluster of one story gives one summary, the one ``asummarize`` gives. Same
    keywords as ``asummarize``."""
    started = time.perf_counter()
    stories = split_stories(build_corpus(cluster, progress))
    options = make_options(
        max_words=max_words, style_guide=style_guide, concurrency=concurrency, max_reasks=max_reasks
    )
    run = _Run(_engine(backend, backend_settings), options, progress, cache)
    summaries: list[ClusterSummary] = []
    for story in stories:
        summaries.append(await run.story(story, started))
        started = time.perf_counter()
    return summaries


def summarize(cluster: ClusterSource, **kwargs: Any) -> ClusterSummary:
    """Blocking twin of ``asummarize``."""
    return asyncio.run(asummarize(cluster, **kwargs))


def summarize_stories(cluster: ClusterSource, **kwargs: Any) -> list[ClusterSummary]:
    """Blocking twin of ``asummarize_stories``."""
    return asyncio.run(asummarize_stories(cluster, **kwargs))


# A footnote label in our Markdown (untrusted text has its brackets escaped).
_FOOTNOTE = re.compile(r"(?<!\\)\[\^([\w-]+)\]")


def render_stories(summaries: list[ClusterSummary], fmt: Literal["json", "md"]) -> str:
    """Several stories as one document: JSON a ``ClusterStories``; Markdown one section
    per story, its footnote labels made its own ("[^s2-1]"). HTML is one page a story
    (``summarizer.render.render`` of each)."""
    if fmt == "json":
        return ClusterStories(stories=summaries).model_dump_json(indent=2)
    from .render import render_markdown

    sections = [
        _FOOTNOTE.sub(rf"[^s{number}-\1]", render_markdown(summary))
        for number, summary in enumerate(summaries, 1)
    ]
    return "\n\n---\n\n".join(section.rstrip("\n") for section in sections) + "\n"


def _engine(backend: str | Backend, settings: dict[str, Any]) -> Backend:
    return get_backend(backend, **settings) if isinstance(backend, str) else backend


@dataclass(frozen=True)
class _Run:
    """One backend and one set of options, for each story summarised."""

    engine: Backend
    options: SummaryOptions
    progress: ProgressCallback | None
    cache: ModelCallCache | None

    async def story(self, story: Story, started: float) -> ClusterSummary:
        """The story's summary; ``wall_s`` counts from ``started``."""
        corpus = story.corpus
        # A big story's wire sentences once each, for a backend that reads every article
        # (the model path reads whole articles, one per group of copies: representatives.py).
        reads_all = getattr(self.engine, "reads_every_article", False)
        copies = group_copies(corpus) if reads_all else Collapsed(corpus)
        with using_cache(self.cache) if self.cache is not None else nullcontext():
            drafted = await self.engine.summarize(copies.corpus, self.options, self.progress)
        summary = expand(edit(drafted, copies.corpus, self.options, story), copies, corpus)
        wall_s = time.perf_counter() - started
        return finalize(summary, corpus, self.options, self.engine, wall_s)


def finalize(
    summary: ClusterSummary,
    corpus: Corpus,
    options: SummaryOptions,
    engine: Backend,
    wall_s: float,
) -> ClusterSummary:
    """Stamp sources and settings, and turn every unmet check into a warning."""
    issues = verify_summary(summary, corpus, options)
    warnings = [warning for warning in corpus.warnings if warning not in summary.warnings]
    warnings += summary.warnings
    for issue in issues:
        message = f"{issue.code}: {issue.message}"
        if message not in warnings:
            warnings.append(message)
    settings: dict[str, object] = {
        **summary.settings,
        "max_words": options.max_words,
        "style_guide": options.style_guide.version,
        "backend": engine.name,
    }
    usage = summary.usage.model_copy(update={"wall_s": round(wall_s, 3)})
    return summary.model_copy(
        update={
            "cluster_id": corpus.cluster_id,
            "title": summary.title or corpus.title,
            "sources": [segmented.article.meta() for segmented in corpus.articles],
            "backend": summary.backend or engine.name,
            "warnings": warnings,
            "settings": settings,
            "usage": usage,
        }
    )
