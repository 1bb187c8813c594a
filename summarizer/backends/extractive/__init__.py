"""The offline default backend: a cited, neutral summary with no model server and no network.

Source sentences are scored (corroboration by other outlets, centrality, news value,
position), wire copy is merged and cited once per outlet, a diverse and balanced set
is picked within the word budget, loaded terms are neutralised or quoted, lone
own-voice claims are attributed to their outlet, and the result is put in reading
order. Agreed points, disputes and framing notes come from rules, never invented.
"""

from __future__ import annotations

import asyncio

from ...models import ClusterSummary, Corpus, SummaryOptions, SummarySentence
from ...styleguide import StyleGuide
from ..base import ProgressCallback
from .analysis import find_agreed, find_framing
from .candidates import Candidate, collect
from .concepts import weigh
from .disputes import disputed_positions, find_disputes
from .greedy import select
from .neutralise import neutralise_terms
from .order import reading_order
from .represent import RepresentationName, embeddings_available, represent, resolve
from .selection import Scores, build_units, score_candidates
from .weights import HEADLINE_MAX_WORDS

__all__ = ["ExtractiveBackend", "embeddings_available"]

_STAGES = 4


class ExtractiveBackend:
    """Extractive summariser; ``representation`` picks TF-IDF or MiniLM embeddings."""

    name = "extractive"
    reads_every_article = True  # so the API groups a big story's wire copy first

    def __init__(self, *, representation: RepresentationName = "auto") -> None:
        self.representation = resolve(representation)

    async def summarize(
        self,
        corpus: Corpus,
        options: SummaryOptions,
        progress: ProgressCallback | None = None,
    ) -> ClusterSummary:
        # CPU-bound: run off the event loop so a server stays responsive.
        return await asyncio.to_thread(self.summarize_sync, corpus, options, progress)

    def summarize_sync(
        self,
        corpus: Corpus,
        options: SummaryOptions,
        progress: ProgressCallback | None = None,
    ) -> ClusterSummary:
        def report(done: int) -> None:
            if progress is not None:
                progress(self.name, done, _STAGES)

        guide = options.style_guide
        candidates = collect(corpus)
        summary = ClusterSummary(
            cluster_id=corpus.cluster_id,
            title=corpus.title,
            backend=self.name,
            settings={"representation": self.representation},
        )
        if not candidates:
            summary.warnings.append("no sentence in the cluster could be used")
            return summary
        report(0)
        rep = represent([candidate.text for candidate in candidates], self.representation)
        summary.model = rep.name
        report(1)
        n_articles = len(corpus.articles)
        scores = score_candidates(candidates, rep, n_articles)
        units = build_units(candidates, rep, scores, guide)
        weights = weigh(candidates, n_articles)
        chosen = reading_order(select(units, rep, weights, options.max_words))
        report(2)
        summary.sentences = [
            SummarySentence(
                text=unit.text,
                citations=[corpus.cite(member.sentence.id) for member in unit.members],
                edited=unit.edited,
                original=unit.lead.text if unit.edited else None,
                attributed_to=unit.attributed_to,
            )
            for unit in chosen
        ]
        summary.headline = _headline(corpus, candidates, scores, guide)
        summary.disputes = find_disputes(corpus, candidates, rep, guide)
        disputed = disputed_positions(summary.disputes, candidates)
        summary.agreed = find_agreed(corpus, candidates, rep, scores, guide, disputed)
        summary.framing = find_framing(corpus, candidates, guide)
        report(3)
        summary.warnings.extend(_coverage_warnings(corpus, chosen_articles(summary)))
        report(_STAGES)
        return summary


def chosen_articles(summary: ClusterSummary) -> set[str]:
    return {
        citation.article_id for sentence in summary.sentences for citation in sentence.citations
    }


def _coverage_warnings(corpus: Corpus, cited: set[str]) -> list[str]:
    if len(corpus.articles) == 1:
        source = corpus.articles[0].article.source_name
        return [f"one article only: the summary is {source}'s account, checked against no other"]
    missing = [
        segmented.article.id for segmented in corpus.articles if segmented.article.id not in cited
    ]
    if not missing:
        return []
    return [f"the word budget left {len(missing)} article(s) uncited: {', '.join(missing)}"]


def _headline(
    corpus: Corpus, candidates: list[Candidate], scores: Scores, guide: StyleGuide
) -> str:
    """The cluster's title, else its best short sentence; neutral either way."""
    if corpus.title:
        text, _ = neutralise_terms(corpus.title, guide)
        if not guide.own_voice(text):
            return text
    short = [
        candidate
        for candidate in candidates
        if candidate.eligible and candidate.words <= HEADLINE_MAX_WORDS
    ]
    for candidate in sorted(
        short, key=lambda item: (-float(scores.score[item.position]), item.position)
    ):
        text, quoted = neutralise_terms(candidate.text, guide)
        if not quoted and not guide.own_voice(text):
            return text
    return ""
