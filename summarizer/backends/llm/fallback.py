"""What the model could not write, taken from the articles' own sentences by the
extractive backend: an article's digest (its top sentences as claims), and the
cluster's summary (preferring the sentences the digests cite, and each article's lead).

The extractive backend never picks a sentence addressed to a model, and it cites
through the corpus, so a fallback is held to the same checks as the model's work.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...grouping.corpus import subset
from ...models import (
    ArticleDigest,
    ClusterSummary,
    Corpus,
    DraftClaim,
    SegmentedArticle,
    Sentence,
    SummaryOptions,
)

# Words of an article's fallback digest: a few top sentences, like a short digest.
FALLBACK_DIGEST_WORDS = 120


def extractive_digest(
    segmented: SegmentedArticle, sentences: Sequence[Sentence], options: SummaryOptions
) -> ArticleDigest:
    """A digest of ``sentences`` (one article's, or one part's): the sentences the
    extractive backend picks, as claims asserted by whoever the sentence names."""
    article = Corpus(cluster_id=segmented.article.id, articles=[segmented])
    brief = options.model_copy(update={"max_words": FALLBACK_DIGEST_WORDS})
    summary = _extractive(
        subset(article, {s.id for s in sentences}, keep_empty_articles=True), brief
    )
    outlet = segmented.article.source_name
    claims = [
        DraftClaim(
            text=sentence.text,
            asserted_by=sentence.attributed_to or outlet,
            cites=sentence.cited_ids(),
        )
        for sentence in summary.sentences
    ]
    return ArticleDigest(article_id=segmented.article.id, claims=claims)


def extractive_summary(
    corpus: Corpus, digests: Sequence[ArticleDigest], options: SummaryOptions
) -> ClusterSummary:
    """The cluster's extractive summary from the sentences the digests cite and each
    article's lead; from every sentence when those give nothing."""
    preferred = {cite for digest in digests for cite in cited_ids(digest)}
    preferred |= {s.sentences[0].id for s in corpus.articles if s.sentences}
    summary = _extractive(subset(corpus, preferred, keep_empty_articles=True), options)
    if summary.sentences:
        return summary
    return _extractive(corpus, options)


def cited_ids(digest: ArticleDigest) -> list[str]:
    items = [*digest.claims, *digest.figures, *digest.loaded_terms]
    return [cite for item in items for cite in item.cites]


def _extractive(corpus: Corpus, options: SummaryOptions) -> ClusterSummary:
    # Imported on first use: the extractive backend loads scikit-learn.
    from ..extractive import ExtractiveBackend

    return ExtractiveBackend().summarize_sync(corpus, options)
