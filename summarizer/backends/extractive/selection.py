"""Score sentences, merge wire copy, and pick a diverse, balanced set within the budget."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...lexicon.words import has_attribution, refers_back
from ...styleguide import StyleGuide
from ...text import word_count
from .candidates import Candidate
from .concepts import concepts_of
from .neighbours import best_per_group, count_at_least, excess_over
from .neutralise import (
    attribute,
    name_speaker,
    neutralise_terms,
    outlet_possessive,
    proper_nouns,
    safe_outlet_name,
    strip_connector,
    strip_dateline,
)
from .represent import Representation, Vector
from .rules import (
    NO_TERMINAL_PUNCTUATION,
    find_speaker,
    first_person,
    news_value,
    one_sided_denial,
    pronoun_speaker_only,
    quoted_share,
    starts_dangling,
)
from .weights import (
    CORROBORATION_COUNT_SHARE,
    GRAPH_DAMPING,
    GRAPH_ITERATIONS,
    MOSTLY_QUOTED,
    PENALTY_ATTRIBUTION,
    PENALTY_DANGLING,
    PENALTY_MOSTLY_QUOTED,
    PENALTY_QUOTED_TERM,
    PENALTY_REPLACED_TERM,
    POSITION_DECAY,
    W_CENTRALITY,
    W_CORROBORATION,
    W_HEADLINE,
    W_NEWS,
    W_POSITION,
)


@dataclass
class Unit:
    """A sentence to output: one source sentence plus its copies in other outlets."""

    members: list[Candidate]  # the representative first
    text: str  # the output wording (neutralised, maybe attributed)
    edited: bool
    attributed_to: str | None
    score: float
    articles: set[int] = field(default_factory=set)
    concepts: frozenset[str] = frozenset()
    group: int = 0  # the tellings of one sentence share a group; one of them is chosen

    @property
    def lead(self) -> Candidate:
        return self.members[0]

    @property
    def words(self) -> int:
        return word_count(self.text)

    @property
    def antecedent(self) -> int | None:
        """The sentence before the lead in its article, when the wording leans on it."""
        if not refers_back(self.text) or self.lead.rank_in_article == 0:
            return None
        return self.lead.position - 1


@dataclass(frozen=True)
class Scores:
    score: Vector
    corroborating_outlets: Vector  # how many other outlets state a similar sentence


def score_candidates(candidates: list[Candidate], rep: Representation, n_articles: int) -> Scores:
    """Corroboration by other outlets, centrality, news value and position, minus penalties."""
    articles = np.array([candidate.article_index for candidate in candidates])
    best_per_article = best_per_group(rep.similarity, articles, n_articles)
    others = max(n_articles - 1, 1)
    corroborating = count_at_least(best_per_article, rep.thresholds.corroborate)
    soft = excess_over(best_per_article, rep.thresholds.related, others)
    counted = CORROBORATION_COUNT_SHARE * corroborating / others
    corroboration = counted + (1 - CORROBORATION_COUNT_SHARE) * _normalised(soft)
    centrality = _normalised(graph_centrality(rep))
    news = np.array([news_value(candidate.text) for candidate in candidates], dtype=np.float32)
    position = np.array(
        [1.0 / (1.0 + candidate.rank_in_article / POSITION_DECAY) for candidate in candidates],
        dtype=np.float32,
    )
    penalty = np.array([_penalty(candidate) for candidate in candidates], dtype=np.float32)
    score = (
        W_CORROBORATION * corroboration
        + W_CENTRALITY * centrality
        + W_NEWS * news
        + W_POSITION * position
        + W_HEADLINE * _headline_similarity(candidates, rep)
        - penalty
    )
    return Scores(score.astype(np.float32), corroborating)


def graph_centrality(rep: Representation) -> Vector:
    """LexRank (continuous) over the cosine graph of all sentences: a sentence is central
    when central sentences resemble it (power iteration, damping GRAPH_DAMPING). Edges
    inside one article were tried left out; that lost two core facts on savra-dam-2023
    and one on ostrel-cholera-2023 for one gained on idlib-2020."""
    return rep.similarity.lexrank(GRAPH_DAMPING, GRAPH_ITERATIONS)


def _headline_similarity(candidates: list[Candidate], rep: Representation) -> Vector:
    """How close each sentence is to its own article's headline, 0..1.

    The headline is the outlet's own statement of what its news is (the title method
    of extractive summarisation); a headline line is never selected itself.
    """
    headline_of = {
        candidate.article_index: candidate.position
        for candidate in candidates
        if candidate.rank_in_article == 0 and candidate.rejected == NO_TERMINAL_PUNCTUATION
    }
    similarity = np.zeros(len(candidates), dtype=np.float32)
    for candidate in candidates:
        headline = headline_of.get(candidate.article_index)
        if headline is not None and headline != candidate.position:
            similarity[candidate.position] = rep.similarity[candidate.position, headline]
    return _normalised(similarity)


def _normalised(values: Vector) -> Vector:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else values


def _penalty(candidate: Candidate) -> float:
    text = candidate.text
    penalty = PENALTY_DANGLING if starts_dangling(text) else 0.0
    if quoted_share(text) >= MOSTLY_QUOTED:
        penalty += PENALTY_MOSTLY_QUOTED
    return penalty


def build_units(
    candidates: list[Candidate],
    rep: Representation,
    scores: Scores,
    guide: StyleGuide,
) -> list[Unit]:
    """Group wire copy (near-identical sentences in different outlets) and word each
    telling of a group: selection picks the telling that adds most for its words."""
    eligible = [candidate for candidate in candidates if candidate.eligible]
    earlier: dict[int, list[str]] = {}
    for candidate in candidates:
        earlier.setdefault(candidate.article_index, []).append(candidate.text)
    names = proper_nouns([candidate.text for candidate in candidates])
    single_source = len(earlier) == 1
    context = _Context(scores, guide, earlier, names, single_source)
    grouped: set[int] = set()
    units: list[Unit] = []
    for group, candidate in enumerate(eligible):
        if candidate.position in grouped:
            continue
        members = [candidate]
        for position in rep.similarity.near(candidate.position, rep.thresholds.duplicate):
            other = candidates[position]
            if other.position in grouped or not other.eligible:
                continue
            if other.article_index not in {member.article_index for member in members}:
                members.append(other)
        grouped.update(member.position for member in members)
        units.extend(_tellings(members, context, group))
    return units


@dataclass(frozen=True)
class _Context:
    """What wording a sentence reads besides the sentence itself."""

    scores: Scores
    guide: StyleGuide
    earlier: dict[int, list[str]]  # each article's sentences, in order
    names: set[str]  # proper nouns of the cluster
    single_source: bool


def _tellings(members: list[Candidate], context: _Context, group: int) -> list[Unit]:
    """One unit per member whose wording is clean, each citing every member.

    Copies of one sentence differ in what they add (a dateline, a clause that repeats a
    chosen sentence, "what it called"): taking the first copy's words, or the best-scored
    one's, spent a long telling's words on a fact that a short one states. Each telling
    keeps its own score, less the penalty for its edits.

    With a single source every sentence is that outlet's account (the summary warns
    so once), and "According to <outlet>" on each sentence would say nothing more.
    """
    scores = context.scores
    corroborated = (
        context.single_source
        or len(members) > 1
        or any(scores.corroborating_outlets[member.position] > 0 for member in members)
    )
    articles = {member.article_index for member in members}
    units: list[Unit] = []
    for member in members:
        earlier = context.earlier[member.article_index][: member.rank_in_article]
        worded = _word(member, corroborated, context.guide, earlier, context.names)
        if worded is None:
            continue
        text, penalty, attributed_to = worded
        units.append(
            Unit(
                members=[member] + [other for other in members if other is not member],
                text=text,
                edited=text != member.text,
                attributed_to=attributed_to,
                score=float(scores.score[member.position]) - penalty,
                articles=articles,
                concepts=concepts_of(member.text),
                group=group,
            )
        )
    return units


def _word(
    candidate: Candidate,
    corroborated: bool,
    guide: StyleGuide,
    earlier: list[str],
    names: set[str],
) -> tuple[str, float, str | None] | None:
    """(output text, penalty for the edits, who asserts it), or None when it stays loaded."""
    occurrences = guide.own_voice(candidate.text)
    text = name_speaker(strip_connector(strip_dateline(candidate.text)), earlier)
    text, quoted = neutralise_terms(text, guide)
    penalty = PENALTY_QUOTED_TERM * len(occurrences) if quoted else 0.0
    penalty += PENALTY_REPLACED_TERM * len(occurrences)
    speaker = find_speaker(text)
    first = first_person(text)
    if first:
        # "Our reporters saw ..." is the outlet speaking: name it. Any other first person
        # ("we", or "our" in a party's words reported without quotes) cannot be reworded.
        if not text.startswith("Our ") or any(word.lower() != "our" for word in first):
            return None
        if not candidate.outlet_named:
            return None
        speaker = safe_outlet_name(candidate.outlet, guide)
        text = outlet_possessive(text, speaker)
        penalty += PENALTY_ATTRIBUTION
    if speaker is None and not has_attribution(text) and (quoted or not corroborated):
        outlet = safe_outlet_name(candidate.outlet, guide)
        text = attribute(text, outlet, names)
        speaker = outlet
        penalty += PENALTY_ATTRIBUTION
    if guide.own_voice(text) or one_sided_denial(text) or pronoun_speaker_only(text):
        return None
    return text, penalty, speaker
