"""The two stages. Map: each article -> an ``ArticleDigest`` (concurrently, in parts
when it does not fit one request). Reduce: the digests plus the full texts (or, when
they do not fit, the cited sentences only) -> a ``SummaryDraft``.

Neither is all-or-nothing. A digest (or part) whose call fails, or that is not done
within the digests' share of the deadline, is taken from the article's own sentences
(``fallback``) and named in a warning; a reduce that fails or runs past the deadline
gives None, with a warning, for the backend to fall back on. Only a
``FatalModelError`` (a failure every call would share) ends the run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable, Sequence
from typing import Any

from openai import AsyncOpenAI

from ...errors import ModelError
from ...lexicon.words import word_start_pattern
from ...models import (
    ArticleDigest,
    DigestDraft,
    DraftClaim,
    DraftFigure,
    DraftLoadedTerm,
    SegmentedArticle,
    Sentence,
    SummaryDraft,
    SummaryOptions,
    VerificationIssue,
)
from ...prompt import load_prompt
from ...settings import MIN_MAX_WORDS
from ...verify import check_draft
from ..base import ProgressCallback
from .budget import Budget, digest_answer_tokens, digest_item_limit, reduce_answer_tokens
from .cites import (
    prose_cites_issue,
    real_articles,
    real_cites,
    short_names,
    shown_id,
    tidy_cites,
)
from .digests import digest_issues, merge_digest, repaired_digest
from .errors import FatalModelError
from .fallback import extractive_digest
from .run import DIGEST_SHARE_OF_DEADLINE, Run
from .structured import Request, StructuredCaller

FROM_OWN_SENTENCES = "so it was taken from the article's own sentences (extractive)"
# Agreed points and disputes asked for at most after a cut-off summary.
SHORTER_SUMMARY_ITEMS = 2


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
            digest = await self._digest_in_time(client, run, segmented, semaphore)
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
    ) -> SummaryDraft | None:
        """The model's draft, or None (with a warning) when it failed or ran late."""
        if progress is not None:
            progress("reduce", 0, 1)
        draft = await self._reduce_in_time(client, run, self.reduce_request(run, digests))
        if progress is not None:
            progress("reduce", 1, 1)
        return draft

    def reduce_request(self, run: Run, digests: list[ArticleDigest]) -> Request[SummaryDraft]:
        """The fullest reduce request that fits the context window."""

        def build(full_text: bool, limit: int | None) -> Request[SummaryDraft]:
            return self._reduce_request(run, digests, full_text=full_text, limit=limit)

        return self.budget.fullest_reduce(run, build)

    def digest_prompt_tokens(self, run: Run, segmented: SegmentedArticle) -> int:
        """Prompt tokens of the article's digest requests (all its parts)."""
        return sum(
            self.caller.request_tokens(request) for request in self._digest_requests(run, segmented)
        )

    async def _digest_in_time(
        self,
        client: AsyncOpenAI,
        run: Run,
        segmented: SegmentedArticle,
        semaphore: asyncio.Semaphore,
    ) -> ArticleDigest:
        try:
            async with asyncio.timeout_at(run.digest_deadline):
                async with semaphore:
                    return await self._digest_article(client, run, segmented)
        except TimeoutError:
            article_id = segmented.article.id
            share = run.deadline_s * DIGEST_SHARE_OF_DEADLINE
            run.fell_back(
                f"digest:{article_id}",
                f"article {article_id}: the model's digest was not done within {share:g} s "
                f"(the digests' share of the {run.deadline_s:g} s deadline), "
                f"{FROM_OWN_SENTENCES}",
            )
            return extractive_digest(segmented, segmented.sentences, run.options)

    async def _digest_article(
        self, client: AsyncOpenAI, run: Run, segmented: SegmentedArticle
    ) -> ArticleDigest:
        article_id = segmented.article.id
        digest = ArticleDigest(article_id=article_id)
        if not segmented.sentences:
            run.warn(f"article {article_id} has no sentences; nothing to digest")
            return digest
        requests = self._digest_requests(run, segmented)
        if len(requests) > 1:
            run.warn(
                f"article {article_id} did not fit the context window "
                f"({self.budget.context_window} tokens) in one request; it was digested in "
                f"{len(requests)} parts"
            )
        for request in requests:
            merge_digest(digest, await self._digest_part(client, run, segmented, request), run)
        return digest

    async def _digest_part(
        self,
        client: AsyncOpenAI,
        run: Run,
        segmented: SegmentedArticle,
        request: Request[DigestDraft],
    ) -> DigestDraft:
        try:
            outcome = await self.caller.ask(
                client,
                request,
                lambda draft: digest_issues(draft, segmented, run.corpus),
                max_reasks=run.options.max_reasks,
                calls=run.calls,
            )
        except FatalModelError:
            raise
        except ModelError as error:
            label = f"article {segmented.article.id}"
            if request.variables["parts"] > 1:
                label += f" (part {request.variables['part']} of {request.variables['parts']})"
            run.fell_back(
                request.stage, f"{label}: the model's digest failed, {FROM_OWN_SENTENCES}: {error}"
            )
            shown = set(request.variables["source_ids"])
            sentences = [s for s in segmented.sentences if s.id in shown]
            fallback = extractive_digest(segmented, sentences, run.options)
            return DigestDraft(claims=fallback.claims, figures=[], loaded_terms=[])
        return repaired_digest(outcome, segmented, run)

    async def _reduce_in_time(
        self, client: AsyncOpenAI, run: Run, request: Request[SummaryDraft]
    ) -> SummaryDraft | None:
        try:
            async with asyncio.timeout_at(run.deadline):
                outcome = await self.caller.ask(
                    client,
                    request,
                    lambda draft: reduce_issues(draft, run),
                    max_reasks=run.options.max_reasks,
                    calls=run.calls,
                )
        except TimeoutError:
            run.fell_back(
                "reduce",
                f"the model's summary was not done within the {run.deadline_s:g} s deadline",
            )
            return None
        except FatalModelError:
            raise
        except ModelError as error:
            run.fell_back("reduce", f"the model's summary failed: {error}")
            return None
        return outcome.value

    def _digest_requests(self, run: Run, segmented: SegmentedArticle) -> list[Request[DigestDraft]]:
        """One request per part of the article that fits the context window."""
        empty = self._digest_request("digest", run, segmented, [], 1, 1)
        parts = self.budget.digest_parts(segmented.sentences, empty)
        article_id = segmented.article.id
        return [
            self._digest_request(
                f"digest:{article_id}" if len(parts) == 1 else f"digest:{article_id}#{number}",
                run,
                segmented,
                part,
                number,
                len(parts),
            )
            for number, part in enumerate(parts, start=1)
        ]

    def _digest_request(
        self,
        stage: str,
        run: Run,
        segmented: SegmentedArticle,
        sentences: Sequence[Sentence],
        part: int,
        parts: int,
    ) -> Request[DigestDraft]:
        limit = digest_item_limit(len(sentences))
        names = short_names(run.corpus.articles)
        first, last = (sentences[0].id, sentences[-1].id) if sentences else ("", "")
        first, last = shown_id(first, names), shown_id(last, names)
        variables = {
            "article": _article_variables(segmented, names),
            "sentences": [{"id": shown_id(s.id, names), "text": s.text} for s in sentences],
            "source_ids": [s.id for s in sentences],  # the corpus's ids, for a fallback
            "example_id": first or shown_id(segmented.sentences[0].id, names),
            "valid_ids": first if first == last else f"{first}-{last}",
            "max_items": limit,
            "part": part,
            "parts": parts,
            "style_terms": _style_terms(run.options, (s.text for s in sentences)),
        }
        return Request(
            stage,
            self.digest_prompt,
            variables,
            DigestDraft,
            digest_answer_tokens(limit),
            shorter={"items": max(1, limit // 2)},
        )

    def _reduce_request(
        self, run: Run, digests: list[ArticleDigest], *, full_text: bool, limit: int | None
    ) -> Request[SummaryDraft]:
        names = short_names(run.corpus.articles)
        articles = [
            _reduce_article(segmented, digest, names, full_text=full_text, limit=limit)
            for segmented, digest in zip(run.corpus.articles, digests, strict=True)
        ]
        first = next((s.sentences[0].id for s in run.corpus.articles if s.sentences), "a:1")
        first = shown_id(first, names)
        max_words = run.options.max_words
        variables = {
            "cluster": {"id": run.corpus.cluster_id, "title": run.corpus.title},
            "articles": articles,
            "condensed": not full_text,
            "max_words": max_words,
            "style_terms": _style_terms(
                run.options, (item["text"] for a in articles for item in a["sentences"])
            ),
            "example_id": first,
        }
        shorter = {"words": max(MIN_MAX_WORDS, max_words // 2), "items": SHORTER_SUMMARY_ITEMS}
        answer_tokens = reduce_answer_tokens(max_words)
        return Request(
            "reduce", self.reduce_prompt, variables, SummaryDraft, answer_tokens, shorter
        )


def reduce_issues(draft: SummaryDraft, run: Run) -> list[VerificationIssue]:
    """The draft's unmet checks, after tidying its ids and turning ids under an article's
    short name (as the prompt shows them) back into the corpus's, in place; cites
    written as words first, in one issue naming the valid ids."""
    items = [*draft.sentences, *draft.agreed, *draft.disputes, *draft.framing]
    tidy_cites(items)
    names = short_names(run.corpus.articles)
    real_cites(items, names)
    articles = real_articles(names)
    for framing in draft.framing:
        framing.article_id = articles.get(framing.article_id.strip(), framing.article_id)
    labelled = [(f"sentence {n}", s.cites) for n, s in enumerate(draft.sentences, start=1)]
    labelled += [(f"agreed point {n}", p.cites) for n, p in enumerate(draft.agreed, start=1)]
    labelled += [(f"dispute {n}", d.cites) for n, d in enumerate(draft.disputes, start=1)]
    prose = prose_cites_issue(labelled, run.corpus.articles, names)
    issues = check_draft(draft, run.corpus, run.options)
    return [prose, *issues] if prose is not None else issues


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
    segmented: SegmentedArticle,
    digest: ArticleDigest,
    names: dict[str, str],
    *,
    full_text: bool,
    limit: int | None,
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

    def shown(item: DraftClaim | DraftFigure | DraftLoadedTerm) -> dict[str, Any]:
        return {**item.model_dump(), "cites": [shown_id(c, names) for c in item.cites]}

    return {
        **_article_variables(segmented, names),
        "claims": [shown(c) for c in claims],
        "figures": [shown(f) for f in figures],
        "loaded_terms": [shown(t) for t in loaded_terms],
        "sentences": [{"id": shown_id(s.id, names), "text": s.text} for s in sentences],
        "full_text": full_text,
    }


def _style_terms(options: SummaryOptions, texts: Iterable[str]) -> list[dict[str, str | None]]:
    """The style guide's terms that the texts sent use: listing the whole guide in every
    request would cost more tokens than most articles."""
    text = "\n".join(texts).lower()
    used = [
        term
        for term in options.style_guide.terms
        if any(word_start_pattern(prefix).search(text) for prefix in term.prefixes)
    ]
    return [{"term": t.term, "neutral": t.neutral, "why": t.why} for t in used]


def _article_variables(segmented: SegmentedArticle, names: dict[str, str]) -> dict[str, str | None]:
    """The article's attributes as prompts show them: its id under its short name."""
    article = segmented.article
    return {
        "id": names.get(article.id, article.id),
        "outlet": article.source_name,
        "title": article.title,
        "published": article.published,
        "dateline": article.dateline,
    }
