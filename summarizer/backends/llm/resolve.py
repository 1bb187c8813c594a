"""A summary draft -> a ``ClusterSummary``: every cited id looked up in the corpus.

Quotes and offsets come from ``Corpus.cite``, never from the model; ids that resolve to
nothing are dropped with a warning, and a sentence left without a citation is dropped.
Verifying the finished summary is the API's job (``summarizer.api.finalize``), done once.
"""

from __future__ import annotations

from typing import Any

from ...errors import ValidationFailedError
from ...models import (
    AgreedPoint,
    CallUsage,
    Citation,
    ClusterSummary,
    Corpus,
    Dispute,
    OutletFraming,
    SummaryDraft,
    SummarySentence,
    Usage,
)
from .run import Run
from .structured import Outcome


def resolved_summary(
    outcome: Outcome[SummaryDraft],
    run: Run,
    *,
    backend: str,
    model: str,
    prompt_versions: dict[str, str],
    settings: dict[str, Any],
) -> ClusterSummary:
    """The summary of ``outcome``'s draft, stamped with what wrote it. Raises when no
    sentence keeps a valid citation."""
    draft = outcome.value
    sentences = _resolved_sentences(draft, run)
    if not sentences:
        raise ValidationFailedError(
            "reduce",
            outcome.attempts or [["no summary sentence has a valid citation"]],
            outcome.completion,
        )
    agreed = [
        AgreedPoint(text=p.text, citations=_citations(p.cites, run, f"agreed point {n}"))
        for n, p in enumerate(draft.agreed, start=1)
    ]
    disputes = [
        Dispute(
            claim=d.claim,
            claimant=d.claimant,
            disputed_by=d.disputed_by,
            citations=_citations(d.cites, run, f"dispute {n}"),
        )
        for n, d in enumerate(draft.disputes, start=1)
    ]
    framing = _framing(draft, run)
    return ClusterSummary(
        cluster_id=run.corpus.cluster_id,
        title=run.corpus.title,
        headline=draft.headline.strip(),
        sentences=sentences,
        agreed=agreed,
        disputes=disputes,
        framing=framing,
        backend=backend,
        model=model,
        prompt_versions=prompt_versions,
        settings=settings,
        usage=Usage(calls=_ordered_calls(run.calls, run.corpus)),
        warnings=list(run.warnings),
    )


def _citations(cites: list[str], run: Run, label: str) -> list[Citation]:
    citations: list[Citation] = []
    for sentence_id in dict.fromkeys(cites):
        try:
            citations.append(run.corpus.cite(sentence_id))
        except KeyError:
            run.warn(f"{label}: dropped the citation {sentence_id!r}, which does not exist")
    return citations


def _resolved_sentences(draft: SummaryDraft, run: Run) -> list[SummarySentence]:
    sentences: list[SummarySentence] = []
    for number, sentence in enumerate(draft.sentences, start=1):
        text = sentence.text.strip()
        if not text:
            run.warn(f"dropped sentence {number}, which was empty")
            continue
        citations = _citations(sentence.cites, run, f"sentence {number}")
        if not citations:
            run.warn(f"dropped sentence {number}, which had no valid citation: {text[:80]!r}")
            continue
        edited = all(" ".join(c.quote.split()) != " ".join(text.split()) for c in citations)
        sentences.append(
            SummarySentence(
                text=text,
                citations=citations,
                edited=edited,
                original=citations[0].quote if edited and len(citations) == 1 else None,
                attributed_to=sentence.attributed_to or None,
            )
        )
    return sentences


def _framing(draft: SummaryDraft, run: Run) -> list[OutletFraming]:
    framing: list[OutletFraming] = []
    for number, item in enumerate(draft.framing, start=1):
        article = run.corpus.article(item.article_id)
        if article is None:
            run.warn(f"dropped framing {number}: no article {item.article_id!r} in the cluster")
            continue
        framing.append(
            OutletFraming(
                article_id=item.article_id,
                outlet=article.source_name,
                note=item.note,
                loaded_terms=item.loaded_terms,
                citations=_citations(item.cites, run, f"framing {number}"),
            )
        )
    return framing


def _ordered_calls(calls: list[CallUsage], corpus: Corpus) -> list[CallUsage]:
    """Digest calls in the corpus's article order, the reduce call last."""
    order = {segmented.article.id: n for n, segmented in enumerate(corpus.articles)}

    def position(call: CallUsage) -> tuple[bool, int, str]:
        article_id = call.stage.partition(":")[2].partition("#")[0]
        return (call.stage == "reduce", order.get(article_id, len(order)), call.stage)

    return sorted(calls, key=position)
