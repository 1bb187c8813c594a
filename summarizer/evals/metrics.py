"""The reference metrics of FORMAT.md (summarised in docs/evals.md): small pure functions.

Every function takes the summary as a list of ``ScoredSentence`` and the labels (or the
source texts) it needs. Shares are ``None`` when there is nothing to take a share of.
Matching is the lexical word-start rule of ``summarizer.lexicon.words``.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..lexicon.words import matches_group, matches_keys, word_start_pattern
from ..text import outside_quotes, word_count
from .dataset import Contested, Fact, LoadedTermLabel


@dataclass(frozen=True, slots=True)
class CitationRef:
    article_id: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class ScoredSentence:
    text: str
    citations: list[CitationRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SourceSentence:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class SourceText:
    """One article as the scorer sees it: the raw file text and its real sentences."""

    raw: str
    sentences: list[SourceSentence]
    _starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.sentences = sorted(self.sentences, key=lambda sentence: sentence.start)
        self._starts = [sentence.start for sentence in self.sentences]

    def sentence_around(self, start: int, end: int) -> SourceSentence | None:
        """The real sentence whose span holds ``[start, end)``, if any."""
        position = bisect_right(self._starts, start) - 1
        if position < 0:
            return None
        sentence = self.sentences[position]
        return sentence if end <= sentence.end else None


Sources = Mapping[str, SourceText]


@dataclass(frozen=True, slots=True)
class MetricInfo:
    kind: Literal["share", "count"]
    better: Literal["higher", "lower"] | None


# Every metric the harness reports, in display order. ``better`` None: no direction.
METRICS: dict[str, MetricInfo] = {
    "words": MetricInfo("count", None),
    "core_fact_recall": MetricInfo("share", "higher"),
    "fact_recall": MetricInfo("share", "higher"),
    "cited_fact_recall": MetricInfo("share", "higher"),
    "citation_validity": MetricInfo("share", "higher"),
    "uncited_sentences": MetricInfo("count", "lower"),
    "contested_attribution": MetricInfo("share", "higher"),
    "contested_mentions": MetricInfo("count", None),
    "loaded_terms_own_voice": MetricInfo("count", "lower"),
    "source_coverage": MetricInfo("share", "higher"),
    "source_balance": MetricInfo("share", "higher"),
    "off_topic_citations": MetricInfo("count", "lower"),
}


def summary_text(sentences: Sequence[ScoredSentence]) -> str:
    return " ".join(sentence.text for sentence in sentences)


def words(sentences: Sequence[ScoredSentence]) -> int:
    """Whitespace-separated words in the summary text."""
    return word_count(summary_text(sentences))


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


# --- facts ------------------------------------------------------------------------------


def matching_sentences(sentences: Sequence[ScoredSentence], keys: list[list[str]]) -> list[int]:
    """Indices of the sentences in which every key group matches."""
    return [index for index, sentence in enumerate(sentences) if matches_keys(sentence.text, keys)]


@dataclass(frozen=True, slots=True)
class FactMatch:
    """One fact: the summary sentences that match it, and whether one cites its evidence."""

    fact: Fact
    sentences: list[int]
    cited: bool  # always False when no sources were given


def fact_matches(
    sentences: Sequence[ScoredSentence], facts: Sequence[Fact], sources: Sources | None = None
) -> list[FactMatch]:
    """Each fact matched against the summary once; the recalls are read from this."""
    matches: list[FactMatch] = []
    for fact in facts:
        indices = matching_sentences(sentences, fact.keys)
        cited = sources is not None and any(
            cites_fact(sentences[index], fact, sources) for index in indices
        )
        matches.append(FactMatch(fact, indices, cited))
    return matches


def _core(matches: Sequence[FactMatch]) -> list[FactMatch]:
    return [match for match in matches if match.fact.importance == "core"]


def matched_share(matches: Sequence[FactMatch]) -> float | None:
    return _share(sum(1 for match in matches if match.sentences), len(matches))


def core_fact_recall(sentences: Sequence[ScoredSentence], facts: Sequence[Fact]) -> float | None:
    """Share of core facts matched by at least one summary sentence."""
    return matched_share(_core(fact_matches(sentences, facts)))


def fact_recall(sentences: Sequence[ScoredSentence], facts: Sequence[Fact]) -> float | None:
    """Share of all facts matched by at least one summary sentence."""
    return matched_share(fact_matches(sentences, facts))


def cited_share(matches: Sequence[FactMatch]) -> float | None:
    """Share of core facts whose matching sentence cites the fact's evidence (FORMAT.md)."""
    core = _core(matches)
    return _share(sum(1 for match in core if match.cited), len(core))


def cites_fact(sentence: ScoredSentence, fact: Fact, sources: Sources) -> bool:
    """A valid citation of the sentence overlaps the fact's evidence or matches its keys.

    Only valid citations count: a quote the source does not hold is not a source sentence.
    """
    for citation in sentence.citations:
        if not is_valid_citation(citation, sources):
            continue
        if any(
            _overlaps(citation, evidence.article, evidence.start, evidence.end)
            for evidence in fact.evidence
        ):
            return True
        if matches_keys(citation.quote, fact.keys):
            return True
    return False


def _overlaps(citation: CitationRef, article: str, start: int, end: int) -> bool:
    return citation.article_id == article and citation.start < end and start < citation.end


def cited_fact_recall(
    sentences: Sequence[ScoredSentence], facts: Sequence[Fact], sources: Sources
) -> float | None:
    """Share of core facts whose matching sentence cites the fact's evidence (FORMAT.md)."""
    return cited_share(fact_matches(sentences, facts, sources))


# --- citations and sources --------------------------------------------------------------


def is_valid_citation(citation: CitationRef, sources: Sources) -> bool:
    """The article exists, the span lies within one real sentence and holds the quote.

    For HTML sources a whole-sentence citation may quote the sentence's visible text.
    """
    source = sources.get(citation.article_id)
    if source is None or not 0 <= citation.start < citation.end <= len(source.raw):
        return False
    sentence = source.sentence_around(citation.start, citation.end)
    if sentence is None:
        return False
    if source.raw[citation.start : citation.end] == citation.quote:
        return True
    whole_sentence = (sentence.start, sentence.end) == (citation.start, citation.end)
    return whole_sentence and sentence.text == citation.quote


def citation_validity(sentences: Sequence[ScoredSentence], sources: Sources) -> float | None:
    """Share of valid citations; ``None`` when there are no citations to check."""
    citations = [citation for sentence in sentences for citation in sentence.citations]
    valid = sum(1 for citation in citations if is_valid_citation(citation, sources))
    return _share(valid, len(citations))


def uncited_sentences(sentences: Sequence[ScoredSentence]) -> int:
    return sum(1 for sentence in sentences if not sentence.citations)


def off_topic_sentences(
    sentences: Sequence[ScoredSentence], off_topic: Sequence[str]
) -> dict[int, list[str]]:
    """Sentence index -> the off-topic articles it cites (labels' ``off_topic_articles``)."""
    left_out = set(off_topic)
    cites: dict[int, list[str]] = {}
    for index, sentence in enumerate(sentences):
        articles = sorted({c.article_id for c in sentence.citations} & left_out)
        if articles:
            cites[index] = articles
    return cites


def off_topic_citations(sentences: Sequence[ScoredSentence], off_topic: Sequence[str]) -> int:
    """Summary sentences that cite an article labelled off-topic (0 when none is)."""
    return len(off_topic_sentences(sentences, off_topic))


def citation_counts(sentences: Sequence[ScoredSentence], article_ids: Sequence[str]) -> list[int]:
    """Citations per article of the cluster, in ``article_ids`` order (zeros included)."""
    counts = Counter(
        citation.article_id for sentence in sentences for citation in sentence.citations
    )
    return [counts[article_id] for article_id in article_ids]


def source_coverage(
    sentences: Sequence[ScoredSentence], article_ids: Sequence[str]
) -> float | None:
    """Share of the cluster's articles cited at least once."""
    counts = citation_counts(sentences, article_ids)
    return _share(sum(1 for count in counts if count), len(article_ids))


def source_balance(sentences: Sequence[ScoredSentence], article_ids: Sequence[str]) -> float:
    """Shannon entropy of citation counts over all articles, divided by its maximum.

    1.0: every article cited equally; 0.0: one article only, or no citations at all.
    """
    counts = citation_counts(sentences, article_ids)
    total = sum(counts)
    if total == 0 or len(counts) < 2:
        return 0.0
    entropy = -sum(count / total * math.log(count / total) for count in counts if count)
    return entropy / math.log(len(counts))


# --- contested claims -------------------------------------------------------------------


def contested_mentions(
    sentences: Sequence[ScoredSentence], contested: Sequence[Contested]
) -> dict[int, list[Contested]]:
    """Sentence index -> the contested claims it mentions (every mention group matches)."""
    mentions: dict[int, list[Contested]] = {}
    for index, sentence in enumerate(sentences):
        claims = [claim for claim in contested if matches_keys(sentence.text, claim.mention_keys)]
        if claims:
            mentions[index] = claims
    return mentions


def is_attributed(text: str, claims: Sequence[Contested], cues: Sequence[str]) -> bool:
    """An attribution cue, and the claimant of every claim the sentence mentions."""
    return matches_group(text, cues) and all(
        matches_keys(text, claim.claimant_keys) for claim in claims
    )


@dataclass(frozen=True, slots=True)
class ContestedUse:
    """A summary sentence that mentions contested claims, and whether it attributes them."""

    sentence: int
    claims: list[Contested]
    attributed: bool


def contested_uses(
    sentences: Sequence[ScoredSentence], contested: Sequence[Contested], cues: Sequence[str]
) -> list[ContestedUse]:
    """Each mentioning sentence checked once; the attribution share is read from this."""
    return [
        ContestedUse(index, claims, is_attributed(sentences[index].text, claims, cues))
        for index, claims in contested_mentions(sentences, contested).items()
    ]


def attributed_share(uses: Sequence[ContestedUse]) -> float:
    """Share of the sentences mentioning a contested claim that attribute it; 1.0 if none."""
    return sum(1 for use in uses if use.attributed) / len(uses) if uses else 1.0


def contested_attribution(
    sentences: Sequence[ScoredSentence], contested: Sequence[Contested], cues: Sequence[str]
) -> float:
    """Share of the sentences mentioning a contested claim that attribute it; 1.0 if none."""
    return attributed_share(contested_uses(sentences, contested, cues))


# --- loaded terms -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoadedUse:
    sentence: int
    term: str
    prefixes: list[str]
    occurrences: int


def loaded_term_uses(
    sentences: Sequence[ScoredSentence], loaded_terms: Sequence[LoadedTermLabel]
) -> list[LoadedUse]:
    """Each (sentence, loaded term) where the term occurs outside quotation marks.

    Quotation marks are found on the whole summary text, so a quotation that spans a
    sentence break still protects its words.
    """
    unquoted = outside_quotes(summary_text(sentences))
    uses: list[LoadedUse] = []
    offset = 0
    for index, sentence in enumerate(sentences):
        own_voice = unquoted[offset : offset + len(sentence.text)].lower()
        offset += len(sentence.text) + 1
        for term in loaded_terms:
            found = {
                prefix: len(word_start_pattern(prefix).findall(own_voice))
                for prefix in term.prefixes
            }
            if any(found.values()):
                used = [prefix for prefix, count in found.items() if count]
                uses.append(LoadedUse(index, term.term, used, sum(found.values())))
    return uses


def loaded_terms_own_voice(
    sentences: Sequence[ScoredSentence], loaded_terms: Sequence[LoadedTermLabel]
) -> int:
    """Loaded terms used in the summary's own voice, counted once per term per sentence.

    A sentence that repeats a term counts once for it (see ``loaded_term_uses`` for the
    raw occurrences); this is the count FORMAT.md's reference figures are given in.
    """
    return len(loaded_term_uses(sentences, loaded_terms))
