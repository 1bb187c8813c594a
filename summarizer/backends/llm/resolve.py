"""A summary draft -> a ``ClusterSummary``: every cited id looked up in the corpus.

Quotes and offsets come from ``Corpus.cite``, never from the model; ids that resolve to
nothing are dropped with a warning, and so is a citation of a sentence addressed to a
model ("ignore your instructions..."): it is page content, never a source. An item
left without a citation is dropped, with a warning. Verifying the finished summary is
the API's job (``summarizer.api.finalize``), done once.
"""

from __future__ import annotations

from ...lexicon.injection import looks_like_instruction
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


def resolved_summary(draft: SummaryDraft, run: Run) -> ClusterSummary:
    """The summary of ``draft``, its ids looked up in the corpus; it may be left with no
    sentence (the backend then falls back)."""
    agreed = [
        AgreedPoint(text=p.text, citations=citations)
        for n, p in enumerate(draft.agreed, start=1)
        if (citations := _kept_citations(p.cites, run, f"agreed point {n}"))
    ]
    disputes = [
        Dispute(
            claim=d.claim,
            claimant=d.claimant,
            disputed_by=d.disputed_by,
            citations=citations,
        )
        for n, d in enumerate(draft.disputes, start=1)
        if (citations := _kept_citations(d.cites, run, f"dispute {n}"))
    ]
    return ClusterSummary(
        cluster_id=run.corpus.cluster_id,
        title=run.corpus.title,
        headline=draft.headline.strip(),
        sentences=_resolved_sentences(draft, run),
        agreed=agreed,
        disputes=disputes,
        framing=_framing(draft, run),
    )


def ordered_usage(run: Run) -> Usage:
    return Usage(calls=_ordered_calls(run.calls, run.corpus))


def _citations(cites: list[str], run: Run, label: str) -> list[Citation]:
    """The citations of the ids that exist, and none of text addressed to a model."""
    citations: list[Citation] = []
    for sentence_id in dict.fromkeys(cites):
        try:
            citation = run.corpus.cite(sentence_id)
        except KeyError:
            run.warn(f"{label}: dropped the citation {sentence_id!r}, which does not exist")
            continue
        if looks_like_instruction(citation.quote):
            run.warn(
                f"{label}: dropped the citation {sentence_id!r}, a sentence addressed to an "
                "AI model (page content, never a source)"
            )
            continue
        citations.append(citation)
    return citations


def _kept_citations(cites: list[str], run: Run, label: str) -> list[Citation]:
    """``_citations``, with a warning when none is left and the item is dropped."""
    citations = _citations(cites, run, label)
    if not citations:
        run.warn(f"dropped {label}, which had no valid citation")
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
        if looks_like_instruction(text):
            run.warn(f"dropped sentence {number}, which addresses an AI model: {text[:80]!r}")
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
