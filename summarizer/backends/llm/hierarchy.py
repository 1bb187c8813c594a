"""A reduce in steps, for digests that do not fit one reduce prompt even condensed.

The articles are cut into consecutive groups whose reduce prompt fits; each group is
summarised on its own (a partial summary, citing its sentences by id), and the partial
summaries' sentences become the digests of a last reduce over every article. When even
that does not fit, the partial summaries are joined in order (the editorial stages
keep the word budget). Every sentence cites source sentence ids only, so every
citation still resolves to a source sentence through the corpus.
"""

from __future__ import annotations

from dataclasses import replace

from openai import AsyncOpenAI

from ...errors import ConfigError
from ...models import ArticleDigest, DraftClaim, SummaryDraft
from ..base import ProgressCallback
from .run import Run
from .stages import Stages


async def reduce_in_steps(
    stages: Stages,
    client: AsyncOpenAI,
    run: Run,
    digests: list[ArticleDigest],
    progress: ProgressCallback | None,
) -> SummaryDraft | None:
    """The draft of a reduce in steps (see the module's docstring), or None when no
    partial summary could be written."""
    groups = _groups(stages, run, digests)
    run.warn(
        f"the {len(digests)} digests did not fit one reduce prompt of the context window "
        f"({stages.budget.context_window} tokens); they were summarised in {len(groups)} "
        "groups, then the groups' summaries together"
    )
    partials: list[SummaryDraft] = []
    for number, group in enumerate(groups, start=1):
        part = _sub_run(run, group)
        draft = await stages.reduce(client, part, [digests[i] for i in group], None)
        _absorb(run, part)
        if progress is not None:
            progress("reduce groups", number, len(groups))
        if draft is not None:
            partials.append(draft)
    if not partials:
        return None
    merged = _as_digests(run, partials)
    try:
        return await stages.reduce(client, run, merged, progress)
    except ConfigError:
        run.warn("the groups' summaries did not fit one prompt either; they were joined")
        return _joined(partials)


def _groups(stages: Stages, run: Run, digests: list[ArticleDigest]) -> list[list[int]]:
    """Consecutive articles, as many to a group as fit one reduce prompt."""
    groups: list[list[int]] = [[]]
    for index in range(len(digests)):
        trial = [*groups[-1], index]
        if groups[-1] and not _fits(stages, run, digests, trial):
            groups.append([index])
        else:
            groups[-1] = trial
    for group in groups:
        if not _fits(stages, run, digests, group):
            article = run.corpus.articles[group[0]].article.id
            raise ConfigError(
                f"article {article}'s digest alone does not fit a reduce prompt of the "
                f"context window ({stages.budget.context_window} tokens); raise "
                "--context-window if the model allows"
            )
    return groups


def _fits(stages: Stages, run: Run, digests: list[ArticleDigest], group: list[int]) -> bool:
    try:
        stages.reduce_request(_sub_run(run, group), [digests[i] for i in group])
    except ConfigError:
        return False
    return True


def _sub_run(run: Run, group: list[int]) -> Run:
    """The run over some of its articles: the same deadline, and its calls counted."""
    articles = [run.corpus.articles[i] for i in group]
    corpus = run.corpus.model_copy(update={"articles": articles})
    return replace(run, corpus=corpus, warnings=[], fallbacks=[], calls=run.calls)


def _absorb(run: Run, part: Run) -> None:
    for warning in part.warnings:
        run.warn(warning)
    run.fallbacks.extend(part.fallbacks)


def _as_digests(run: Run, partials: list[SummaryDraft]) -> list[ArticleDigest]:
    """Each article's digest: the partial summaries' sentences that cite it."""
    digests = {s.article.id: ArticleDigest(article_id=s.article.id) for s in run.corpus.articles}
    for draft in partials:
        for sentence in draft.sentences:
            by_article: dict[str, list[str]] = {}
            for cite in sentence.cites:
                by_article.setdefault(cite.rpartition(":")[0], []).append(cite)
            for article_id, cites in by_article.items():
                if article_id in digests:
                    asserted = sentence.attributed_to or "the outlet"
                    claim = DraftClaim(text=sentence.text, asserted_by=asserted, cites=cites)
                    digests[article_id].claims.append(claim)
    return list(digests.values())


def _joined(partials: list[SummaryDraft]) -> SummaryDraft:
    first = partials[0]
    return first.model_copy(
        update={
            "sentences": [s for draft in partials for s in draft.sentences],
            "agreed": [p for draft in partials for p in draft.agreed],
            "disputes": [d for draft in partials for d in draft.disputes],
            "framing": [f for draft in partials for f in draft.framing],
        }
    )
