"""The two stages. Map: each article -> an ``ArticleDigest`` (concurrently, in parts
when it does not fit one request). Reduce: the digests plus the full texts (or, when
they do not fit, the cited sentences only) -> a ``SummaryDraft``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import Any

from openai import AsyncOpenAI

from ...models import (
    ArticleDigest,
    DigestDraft,
    SegmentedArticle,
    Sentence,
    SummaryDraft,
    SummaryOptions,
)
from ...prompt import load_prompt
from ...verify import check_draft
from ..base import ProgressCallback
from .budget import DIGEST_ANSWER_TOKENS, Budget, reduce_answer_tokens
from .digests import digest_issues, merge_digest, repaired_digest
from .run import Run
from .structured import Outcome, Request, StructuredCaller


class Stages:
    """Map and reduce for one model, through one ``StructuredCaller``."""

    def __init__(self, caller: StructuredCaller) -> None:
        self.caller = caller
        self.budget = Budget(caller)
        self.digest_prompt = load_prompt("digest")
        self.reduce_prompt = load_prompt("reduce")

    async def digest_all(
        self, client: AsyncOpenAI, run: Run, progress: ProgressCallback | None
    ) -> list[ArticleDigest]:
        total = len(run.corpus.articles)
        semaphore = asyncio.Semaphore(run.options.concurrency)
        finished = 0

        async def digest_one(segmented: SegmentedArticle) -> ArticleDigest:
            nonlocal finished
            async with semaphore:
                digest = await self._digest_article(client, run, segmented)
            finished += 1
            if progress is not None:
                progress("digest", finished, total)
            return digest

        return await _gather_or_cancel([digest_one(segmented) for segmented in run.corpus.articles])

    async def reduce(
        self,
        client: AsyncOpenAI,
        run: Run,
        digests: list[ArticleDigest],
        progress: ProgressCallback | None,
    ) -> Outcome[SummaryDraft]:
        if progress is not None:
            progress("reduce", 0, 1)

        def build(full_text: bool, limit: int | None) -> Request[SummaryDraft]:
            return self._reduce_request(run, digests, full_text=full_text, limit=limit)

        outcome = await self.caller.ask(
            client,
            self.budget.fullest_reduce(run, build),
            lambda draft: check_draft(draft, run.corpus, run.options),
            max_reasks=run.options.max_reasks,
            calls=run.calls,
        )
        if progress is not None:
            progress("reduce", 1, 1)
        return outcome

    async def _digest_article(
        self, client: AsyncOpenAI, run: Run, segmented: SegmentedArticle
    ) -> ArticleDigest:
        article_id = segmented.article.id
        digest = ArticleDigest(article_id=article_id)
        if not segmented.sentences:
            run.warn(f"article {article_id} has no sentences; nothing to digest")
            return digest
        empty = self._digest_request("digest", run, segmented, [], 2, 2)
        parts = self.budget.digest_parts(segmented.sentences, empty)
        if len(parts) > 1:
            run.warn(
                f"article {article_id} did not fit the context window "
                f"({self.budget.context_window} tokens) in one request; it was digested in "
                f"{len(parts)} parts"
            )
        for number, part in enumerate(parts, start=1):
            stage = f"digest:{article_id}" if len(parts) == 1 else f"digest:{article_id}#{number}"
            outcome = await self.caller.ask(
                client,
                self._digest_request(stage, run, segmented, part, number, len(parts)),
                lambda draft: digest_issues(draft, segmented, run.corpus),
                max_reasks=run.options.max_reasks,
                calls=run.calls,
            )
            merge_digest(digest, repaired_digest(outcome, segmented, run), run)
        return digest

    def _digest_request(
        self,
        stage: str,
        run: Run,
        segmented: SegmentedArticle,
        sentences: Sequence[Sentence],
        part: int,
        parts: int,
    ) -> Request[DigestDraft]:
        variables = {
            "article": _article_variables(segmented),
            "sentences": [{"id": s.id, "text": s.text} for s in sentences],
            "example_id": segmented.sentences[0].id,
            "part": part,
            "parts": parts,
            "style_terms": _style_terms(run.options),
        }
        return Request(stage, self.digest_prompt, variables, DigestDraft, DIGEST_ANSWER_TOKENS)

    def _reduce_request(
        self, run: Run, digests: list[ArticleDigest], *, full_text: bool, limit: int | None
    ) -> Request[SummaryDraft]:
        articles = [
            _reduce_article(segmented, digest, full_text=full_text, limit=limit)
            for segmented, digest in zip(run.corpus.articles, digests, strict=True)
        ]
        first = next((s.sentences[0].id for s in run.corpus.articles if s.sentences), "a:1")
        variables = {
            "cluster": {"id": run.corpus.cluster_id, "title": run.corpus.title},
            "articles": articles,
            "condensed": not full_text,
            "max_words": run.options.max_words,
            "style_terms": _style_terms(run.options),
            "example_id": first,
        }
        answer_tokens = reduce_answer_tokens(run.options.max_words)
        return Request("reduce", self.reduce_prompt, variables, SummaryDraft, answer_tokens)


async def _gather_or_cancel(jobs: Sequence[Awaitable[ArticleDigest]]) -> list[ArticleDigest]:
    """Like ``asyncio.gather``, but the first failure cancels the other jobs."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def _reduce_article(
    segmented: SegmentedArticle, digest: ArticleDigest, *, full_text: bool, limit: int | None
) -> dict[str, Any]:
    claims = digest.claims[:limit]
    figures = digest.figures[:limit]
    loaded_terms = digest.loaded_terms[:limit]
    if full_text:
        sentences = segmented.sentences
    else:
        cited = {c for claim in claims for c in claim.cites}
        cited |= {c for figure in figures for c in figure.cites}
        cited |= {c for term in loaded_terms for c in term.cites}
        # The lead sentence always: an article whose digest came back empty still shows.
        sentences = [s for n, s in enumerate(segmented.sentences) if n == 0 or s.id in cited]
    return {
        **_article_variables(segmented),
        "claims": [c.model_dump() for c in claims],
        "figures": [f.model_dump() for f in figures],
        "loaded_terms": [t.model_dump() for t in loaded_terms],
        "sentences": [{"id": s.id, "text": s.text} for s in sentences],
        "full_text": full_text,
    }


def _style_terms(options: SummaryOptions) -> list[dict[str, str | None]]:
    return [{"term": t.term, "neutral": t.neutral, "why": t.why} for t in options.style_guide.terms]


def _article_variables(segmented: SegmentedArticle) -> dict[str, str | None]:
    article = segmented.article
    return {
        "id": article.id,
        "outlet": article.source_name,
        "title": article.title,
        "published": article.published,
        "dateline": article.dateline,
    }
