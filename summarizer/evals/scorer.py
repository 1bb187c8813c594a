"""The scorer: a normalised summary and the labels in, metrics and their evidence out.

A summary is normalised to a list of ``ScoredSentence`` either from our
``ClusterSummary`` JSON or from plain text (split as FORMAT.md splits its reference
files; plain text has no citations). ``make_scorer`` is the factory: it binds the
labels and the segmented sources once, then scores any number of summaries.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from ..errors import InputError, validation_problems
from ..models import ClusterSummary, Corpus
from ..text import QUOTE_PAIRS
from . import metrics
from .dataset import Labels, read_utf8
from .metrics import CitationRef, ScoredSentence, SourceSentence, SourceText

MetricValue = float | int | None
Scorer = Callable[[Sequence[ScoredSentence]], "Score"]


class SentenceRef(BaseModel):
    index: int
    text: str


class FactHit(BaseModel):
    fact_id: str
    importance: str
    sentences: list[SentenceRef]
    cited: bool

    @property
    def matched(self) -> bool:
        return bool(self.sentences)


class ContestedMention(BaseModel):
    index: int
    text: str
    attributed: bool


class ContestedDetail(BaseModel):
    claim_id: str
    claim: str
    claimant: str
    mentions: list[ContestedMention]


class LoadedTermHit(BaseModel):
    index: int
    term: str
    prefixes: list[str]
    occurrences: int


class OffTopicCitation(BaseModel):
    """A summary sentence that cites articles labelled off-topic."""

    index: int
    articles: list[str]


class Score(BaseModel):
    metrics: dict[str, MetricValue]
    facts: list[FactHit]
    contested: list[ContestedDetail]
    loaded_terms: list[LoadedTermHit]
    off_topic: list[OffTopicCitation] = Field(default_factory=list)

    def missed_facts(self, importance: str | None = None) -> list[str]:
        return [
            hit.fact_id
            for hit in self.facts
            if not hit.matched and importance in (None, hit.importance)
        ]


# --- normalising summaries --------------------------------------------------------------

_OPENING_QUOTES = frozenset(QUOTE_PAIRS)
_SENTENCE_END = re.compile(r"[.!?]\s+")


def split_sentences(text: str) -> list[str]:
    """Split at ``.``, ``!`` or ``?`` followed by whitespace and then a capital letter or
    an opening quotation mark (FORMAT.md). A letter without case (Arabic, Persian) is not
    a capital, so it does not start a sentence."""
    text = text.strip()
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        following = text[match.end() : match.end() + 1]
        if following.isupper() or following in _OPENING_QUOTES:
            sentences.append(text[start : match.start() + 1])
            start = match.end()
    sentences.append(text[start:])
    return [sentence for sentence in sentences if sentence.strip()]


def from_plain_text(text: str) -> list[ScoredSentence]:
    return [ScoredSentence(sentence) for sentence in split_sentences(text)]


def from_cluster_summary(summary: ClusterSummary) -> list[ScoredSentence]:
    return [
        ScoredSentence(
            sentence.text,
            [
                CitationRef(citation.article_id, citation.start, citation.end, citation.quote)
                for citation in sentence.citations
            ],
        )
        for sentence in summary.sentences
    ]


def parse_cluster_summary(data: Any, source: str) -> ClusterSummary:
    """Validate our own JSON output (``ClusterSummary``) read from ``source``."""
    if not isinstance(data, dict):
        raise InputError(source, "expected a JSON object (a cluster summary)")
    try:
        return ClusterSummary.model_validate(data)
    except ValidationError as error:
        problem = validation_problems(error, limit=1)
        raise InputError(source, f"not a cluster summary: {problem}") from error


@dataclass(frozen=True)
class LoadedSummary:
    sentences: list[ScoredSentence]
    summary: ClusterSummary | None  # None for plain text


def read_summary(path: Path) -> LoadedSummary:
    """A summary file: our JSON output (``.json`` or text starting with ``{``), else plain text."""
    text = read_utf8(path)
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(str(path), f"not valid JSON: {error}") from error
        summary = parse_cluster_summary(data, str(path))
        return LoadedSummary(from_cluster_summary(summary), summary)
    return LoadedSummary(from_plain_text(text), None)


# --- scoring ----------------------------------------------------------------------------


def sources_from_corpus(corpus: Corpus) -> dict[str, SourceText]:
    return {
        segmented.article.id: SourceText(
            segmented.article.raw_text,
            [
                SourceSentence(sentence.start, sentence.end, sentence.text)
                for sentence in segmented.sentences
            ],
        )
        for segmented in corpus.articles
    }


def score(
    sentences: Sequence[ScoredSentence], labels: Labels, sources: dict[str, SourceText]
) -> Score:
    article_ids = list(sources)
    facts = metrics.fact_matches(sentences, labels.facts, sources)
    core = [match for match in facts if match.fact.importance == "core"]
    uses = metrics.contested_uses(sentences, labels.contested, labels.attribution_cues)
    loaded = metrics.loaded_term_uses(sentences, labels.loaded_terms)
    off_topic = metrics.off_topic_sentences(sentences, labels.off_topic_articles)
    values: dict[str, MetricValue] = {
        "words": metrics.words(sentences),
        "core_fact_recall": metrics.matched_share(core),
        "fact_recall": metrics.matched_share(facts),
        "cited_fact_recall": metrics.cited_share(facts),
        "citation_validity": metrics.citation_validity(sentences, sources),
        "uncited_sentences": metrics.uncited_sentences(sentences),
        "contested_attribution": metrics.attributed_share(uses),
        "contested_mentions": len(uses),
        "loaded_terms_own_voice": len(loaded),
        "source_coverage": metrics.source_coverage(sentences, article_ids),
        "source_balance": metrics.source_balance(sentences, article_ids),
        "off_topic_citations": len(off_topic),
    }
    return Score(
        metrics=values,
        facts=[_fact_hit(match, sentences) for match in facts],
        contested=_contested_details(uses, sentences, labels),
        loaded_terms=[
            LoadedTermHit(
                index=use.sentence,
                term=use.term,
                prefixes=use.prefixes,
                occurrences=use.occurrences,
            )
            for use in loaded
        ],
        off_topic=[
            OffTopicCitation(index=index, articles=articles)
            for index, articles in off_topic.items()
        ],
    )


def make_scorer(labels: Labels, corpus: Corpus) -> Scorer:
    """Bind labels and sources once (the segmentation is the costly part)."""
    sources = sources_from_corpus(corpus)

    def scorer(sentences: Sequence[ScoredSentence]) -> Score:
        return score(sentences, labels, sources)

    return scorer


def _fact_hit(match: metrics.FactMatch, sentences: Sequence[ScoredSentence]) -> FactHit:
    return FactHit(
        fact_id=match.fact.id,
        importance=match.fact.importance,
        sentences=[
            SentenceRef(index=index, text=sentences[index].text) for index in match.sentences
        ],
        cited=match.cited,
    )


def _contested_details(
    uses: Sequence[metrics.ContestedUse], sentences: Sequence[ScoredSentence], labels: Labels
) -> list[ContestedDetail]:
    return [
        ContestedDetail(
            claim_id=claim.id,
            claim=claim.claim,
            claimant=claim.claimant,
            mentions=[
                ContestedMention(
                    index=use.sentence, text=sentences[use.sentence].text, attributed=use.attributed
                )
                for use in uses
                if any(mentioned.id == claim.id for mentioned in use.claims)
            ],
        )
        for claim in labels.contested
    ]
