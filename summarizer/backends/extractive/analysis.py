"""What the outlets agree on, what they dispute, and how each frames the story, by rules.

Each list is empty when the rules find nothing: nothing here is ever invented.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from ...lexicon.words import STOP_WORDS, same_name, stem, tells_same
from ...models import AgreedPoint, Corpus, OutletFraming
from ...styleguide import StyleGuide
from .candidates import Candidate
from .neutralise import neutralise_terms
from .represent import Representation
from .rules import first_person
from .selection import Scores
from .weights import MAX_AGREED, MAX_FRAMING_CITATIONS

# Words of a title or an office, not of a name ("Russia's Defence Ministry": russia).
_TITLE_WORDS = STOP_WORDS | {
    "defense", "defence", "foreign", "interior", "ministry", "minister", "president",
    "presidential", "prime", "vice", "spokesman", "spokeswoman", "spokesperson", "officials",
    "official", "general", "secretary", "deputy", "chief", "press", "service", "agency",
    "news", "state", "office", "army", "military", "government",
}  # fmt: skip


@lru_cache(maxsize=65536)  # a big story names the same parties thousands of times
def party_stems(actor: str) -> frozenset[str]:
    """Name stems of an actor: 'Russia’s Defense Ministry' and 'Russian officials' share one."""
    words = re.findall(r"[A-Za-z][A-Za-z-]+", actor)
    return frozenset(stem(word) for word in words if word.lower() not in _TITLE_WORDS)


@lru_cache(maxsize=65536)
def same_party(first: str, second: str) -> bool:
    return any(
        same_name(mine, theirs) for mine in party_stems(first) for theirs in party_stems(second)
    )


def find_agreed(
    corpus: Corpus,
    candidates: list[Candidate],
    rep: Representation,
    scores: Scores,
    guide: StyleGuide,
    disputed: set[int] | None = None,
) -> list[AgreedPoint]:
    """Facts outlets of different origin state: the best sentence and its closest match
    in each other outlet. Wire copy (near-identical sentences) is one origin however many
    outlets carry it, and a side of a dispute is never a point of agreement."""
    used: set[int] = set(disputed or ())
    points: list[AgreedPoint] = []
    ranked = sorted(
        (candidate for candidate in candidates if candidate.eligible),
        key=lambda candidate: (-float(scores.score[candidate.position]), candidate.position),
    )
    for candidate in ranked:
        if len(points) >= MAX_AGREED or candidate.position in used:
            continue
        support = _best_match_per_article(candidate, candidates, rep, used)
        if _origins([candidate, *support], rep) < 2:
            continue
        text, quoted = neutralise_terms(candidate.text, guide)
        # "We have asked ..." is one side speaking, not a fact outlets agree on.
        if quoted or guide.own_voice(text) or first_person(text):
            continue
        group = [candidate, *support]
        used.update(member.position for member in group)
        points.append(
            AgreedPoint(
                text=text,
                citations=[corpus.cite(member.sentence.id) for member in group],
            )
        )
    return points


def _origins(group: list[Candidate], rep: Representation) -> int:
    """How many independent tellings: near-identical sentences count once."""
    origins: list[Candidate] = []
    for member in group:
        if all(
            rep.similarity[member.position, origin.position] < rep.thresholds.duplicate
            for origin in origins
        ):
            origins.append(member)
    return len(origins)


def _best_match_per_article(
    candidate: Candidate, candidates: list[Candidate], rep: Representation, used: set[int]
) -> list[Candidate]:
    best: dict[int, tuple[float, Candidate]] = {}
    for position in rep.similarity.near(candidate.position, rep.thresholds.agree):
        other = candidates[position]
        if other.article_index == candidate.article_index or other.position in used:
            continue
        if not tells_same(candidate.text, other.text):
            continue  # close in TF-IDF for the names they share, not for what happened
        similarity = rep.similarity[candidate.position, other.position]
        if other.article_index not in best or similarity > best[other.article_index][0]:
            best[other.article_index] = (similarity, other)
    return [best[article][1] for article in sorted(best)]


def find_framing(
    corpus: Corpus, candidates: list[Candidate], guide: StyleGuide
) -> list[OutletFraming]:
    """Per outlet, the loaded terms it uses outside quotation marks, with where."""
    by_article: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_article[candidate.article_index].append(candidate)
    framing: list[OutletFraming] = []
    for article_index, segmented in enumerate(corpus.articles):
        counts: Counter[str] = Counter()
        where: list[str] = []
        for candidate in by_article.get(article_index, []):
            found = guide.own_voice(candidate.text)
            counts.update(term.term for _, term in found)
            if found:
                where.append(candidate.sentence.id)
        if not counts:
            continue
        framing.append(
            OutletFraming(
                article_id=segmented.article.id,
                outlet=segmented.article.source_name,
                note=_framing_note(counts, guide),
                loaded_terms=sorted(counts),
                citations=[
                    corpus.cite(sentence_id) for sentence_id in where[:MAX_FRAMING_CITATIONS]
                ],
            )
        )
    return framing


def _framing_note(counts: Counter[str], guide: StyleGuide) -> str:
    parts = []
    for term_name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        times = "once" if count == 1 else f"{count} times"
        term = next((term for term in guide.terms if term.term == term_name), None)
        instead = f" (neutral: \u201c{term.neutral}\u201d)" if term and term.neutral else ""
        parts.append(f"\u201c{term_name}\u201d {times}{instead}")
    return "Uses in its own voice, outside quotation marks: " + "; ".join(parts) + "."
