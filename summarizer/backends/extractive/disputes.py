"""Disputes, by rules: figures that conflict, and claims with their denials.

Each dispute says what is disputed, who says what, and cites both sides. A dispute the
rules are unsure of is not shown; nothing here is invented.

- figure: two parties give counts of the same thing that cannot both hold, in articles
  at most ``FIGURE_DAYS`` apart ("the hospital treated 14" / "27 members injured, the
  union said"); counts further apart may differ because the count changed.
- claim, marked: an outlet says a point "is disputed", and the next sentences give
  the parties' accounts ("How Ferris was injured is disputed." + each side's version).
- claim, denied: a named party denies what another party said. When the denier denies
  its own act ("Moscow insists it did not conduct the strike"), the claim it answers
  must name the denier as the actor; a claim that only shares the event's words (the
  toll of the strike) is not what is denied.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from ...lexicon.words import same_name
from ...models import Corpus, Dispute, DisputeSide
from ...styleguide import StyleGuide
from ...text import outside_quotes
from .analysis import party_stems, same_party
from .candidates import Candidate
from .figures import Figure, conflict, figures
from .neutralise import neutralise_terms, strip_connector, strip_dateline
from .represent import Representation
from .rules import find_speaker, is_claim, is_denial
from .weights import FIGURE_DAYS, MARKER_WINDOW, MAX_DISPUTES, REFERS_BACK_WINDOW

# Speakers named by their role only ("the union said", "police maintain").
_ROLE_SPEAKER = re.compile(
    r"\b(?:the\s+)?(union|hospital|police|prosecutors?|prosecution|defence|defense|government"
    r"|ministry|company|court|judge|army|military|authorities|officials|agency|club|regulator"
    r"|board|trust|council|organisers|witnesses|residents|protesters|opposition)\b"
    r"(?:['\u2019]s(?:\s+[a-z]+){1,3}?)?(?:,\s*[A-Z][\w.'\u2019 -]{2,40},)?\s+(?:also\s+)?"
    r"(?:said|says|say|told|maintain\w*|insist\w*|claim\w*"
    r"|denied|denies|deny|rejected|rejects|argued|argues|accused|blamed)\b",
    re.IGNORECASE,
)
# The lower-case words that finish a speaker's name: "Halvik police", "The National
# Stadium's own medical service".
_SPEAKER_TAIL = re.compile(
    r"((?:\s+(?!(?:and|or|the|that|who|which|also|denied|rejected|said|says|told)\b)[a-z]+){1,3}?)"
    r"\s+(?:also\s+)?(?:said|says|say|told|maintain\w*|insist\w*|denied"
    r"|denies|deny|rejected|rejects|claimed|claims)\b"
)
_MARKER = re.compile(
    r"^(?P<what>.{8,120}?)\s+(?:is|are|was|were|remains?)\s+(?:still\s+|hotly\s+)?"
    r"(?:disputed|contested|in\s+dispute)\b"
    r"|^(?P<each>(?:each|both|either)\s+sides?\s+(?:says?|blames?|accuses?)\b.{4,120})$",
    re.IGNORECASE,
)
# "Brandt's claims that he is the victim of a plot were dismissed by the ministry."
_PASSIVE_DENIAL = re.compile(
    r"^(?P<claimant>[A-Z][\w .'\u2019-]{1,60}?)['\u2019]s?\s+(?:claims?|accusations?|allegations?"
    r"|assertions?|suggestions?)\s+(?:that\s+)?(?P<what>.{8,200}?)\s+(?:was|were|has\s+been"
    r"|have\s+been|had\s+been)\s+(?:dismissed|rejected|denied|refuted)\s+by\s+"
    r"(?P<denier>(?:the\s+)?[A-Z][\w .'\u2019-]{1,60}?)\s*[.,;]"
)
_SELF_DENIAL = re.compile(
    r"\b(?:insist\w*|den(?:y|ies|ied)|said|says)\s+(?:that\s+)?(?:it|they|he|she)\s+"
    r"(?:did|had|has|have|was|were)\s+not\b|\bdenie[sd]\s+(?:any\s+)?(?:involvement|responsibility)",
    re.IGNORECASE,
)
_REFERS_BACK = re.compile(r"\b(claims?|accusations?|allegations?|reports?|charges?)\b", re.I)


def party_of(text: str) -> str | None:
    """Who speaks in the sentence: a named actor, else a role ("The union")."""
    speaker = find_speaker(text)
    if speaker is not None and speaker in text:
        rest = text[text.index(speaker) + len(speaker) :]
        tail = _SPEAKER_TAIL.match(rest)
        if tail is not None:
            return speaker + tail.group(1)
        if not re.search(r"['\u2019]s$", speaker):
            return speaker
    role = _ROLE_SPEAKER.search(outside_quotes(text))
    if role is None:
        return None
    name = role.group(1).lower()
    return name.capitalize() if name in {"police", "prosecutors", "officials"} else f"The {name}"


def find_disputes(
    corpus: Corpus, candidates: list[Candidate], rep: Representation, guide: StyleGuide
) -> list[Dispute]:
    found: list[Dispute] = []
    for finder in (figure_disputes, marked_disputes, passive_denials, denied_claims):
        for dispute in finder(corpus, candidates, rep, guide):
            if not _overlaps(dispute, found):
                found.append(dispute)
    return found[:MAX_DISPUTES]


def _overlaps(dispute: Dispute, found: list[Dispute]) -> bool:
    """Cites a sentence a dispute found before already cites: the same dispute again."""
    mine = {citation.sentence_id for citation in dispute.citations}
    return any(mine & {citation.sentence_id for citation in other.citations} for other in found)


def disputed_positions(disputes: list[Dispute], candidates: list[Candidate]) -> set[int]:
    """Candidates cited by a side of a dispute: never a point the outlets agree on."""
    cited = {citation.sentence_id for dispute in disputes for citation in dispute.citations}
    return {candidate.position for candidate in candidates if candidate.sentence.id in cited}


def _says(candidate: Candidate, guide: StyleGuide) -> str:
    return neutralise_terms(strip_connector(strip_dateline(candidate.text)), guide)[0]


def _side(corpus: Corpus, party: str, members: list[Candidate], guide: StyleGuide) -> DisputeSide:
    return DisputeSide(
        party=party,
        says=_says(members[0], guide),
        citations=[corpus.cite(member.sentence.id) for member in members],
    )


def _dispute(
    corpus: Corpus, kind: str, claim: str, sides: list[tuple[str, list[Candidate]]],
    guide: StyleGuide,
) -> Dispute:  # fmt: skip
    built = [_side(corpus, party, members, guide) for party, members in sides]
    cited = [citation for side in built for citation in side.citations]
    return Dispute(
        kind="figure" if kind == "figure" else "claim",
        claim=claim,
        claimant=built[0].party,
        disputed_by=[side.party for side in built[1:]],
        citations=cited,
        sides=built,
    )


# --- figures ---------------------------------------------------------------------------


def _days_apart(first: Candidate, second: Candidate) -> int:
    if not first.published or not second.published:
        return 0
    try:
        delta = date.fromisoformat(second.published) - date.fromisoformat(first.published)
    except ValueError:
        return 0
    return abs(delta.days)


Stated = tuple[Candidate, Figure, str]
FigureValue = tuple[float, float, str | None]


def figure_disputes(
    corpus: Corpus, candidates: list[Candidate], rep: Representation, guide: StyleGuide
) -> list[Dispute]:
    stated: list[Stated] = []
    for candidate in candidates:
        party = party_of(candidate.text)
        if party is not None:
            stated.extend((candidate, figure, party) for figure in figures(candidate.text))
    disputes: list[Dispute] = []
    seen: list[tuple[str, str, str | None]] = []
    buckets: dict[tuple[str | None, str | None], list[int]] = {}
    by_value: dict[FigureValue, list[Stated]] = {}
    for index, entry in enumerate(stated):
        buckets.setdefault(_bucket(entry[1]), []).append(index)
        by_value.setdefault(_value(entry[1]), []).append(entry)
    for index, first in enumerate(stated):
        for second in _partners(index, stated, buckets, rep):
            if not _figures_disagree(first, second, rep):
                continue
            key = (first[2], second[2], first[1].family or first[1].head)
            if any(_same_dispute(key, other) for other in seen):
                continue
            seen.append(key)
            disputes.append(_figure_dispute(corpus, first, second, by_value, guide))
    return disputes


def _bucket(figure: Figure) -> tuple[str | None, str | None]:
    """Figures that can conflict share one: the same family, or no family and one head."""
    return (figure.family, None if figure.family else figure.head)


def _partners(
    index: int,
    stated: list[Stated],
    buckets: dict[tuple[str | None, str | None], list[int]],
    rep: Representation,
) -> list[Stated]:
    """The later figures that may conflict with ``stated[index]``, in order: of its
    bucket, and for a count of things only those in near the same words."""
    first = stated[index]
    bucket = buckets[_bucket(first[1])]  # ascending: the later ones follow index's place
    if first[1].family is not None:
        return [stated[other] for other in bucket[bisect_right(bucket, index) :]]
    near = set(rep.similarity.near(first[0].position, rep.thresholds.agree))
    return [
        stated[other]
        for other in bucket[bisect_right(bucket, index) :]
        if stated[other][0].position in near
    ]


def _figures_disagree(first: Stated, second: Stated, rep: Representation) -> bool:
    one, two = first[0], second[0]
    if one.article_index == two.article_index or same_party(first[2], second[2]):
        return False
    similarity = rep.similarity[one.position, two.position]
    if similarity >= rep.thresholds.duplicate:
        return False
    if first[1].family is None and similarity < rep.thresholds.agree:
        return False  # a count of things (stations, marks): only in near the same words
    return _days_apart(one, two) <= FIGURE_DAYS and conflict(first[1], second[1])


def _same_dispute(key: tuple[str, str, str | None], other: tuple[str, str, str | None]) -> bool:
    parties = {key[0], key[1]}
    return key[2] == other[2] and any(
        same_party(mine, theirs) for mine in parties for theirs in (other[0], other[1])
    )


def _value(figure: Figure) -> FigureValue:
    """What makes two statements the same figure: its range and its event family."""
    return (figure.low, figure.high, figure.family)


def _figure_dispute(
    corpus: Corpus,
    first: Stated,
    second: Stated,
    by_value: dict[FigureValue, list[Stated]],
    guide: StyleGuide,
) -> Dispute:
    """``by_value``: every stated figure by ``_value``, in cluster order (indexed once,
    so a side's members are not a scan of every figure for each dispute)."""

    def members(side: Stated) -> list[Candidate]:
        same = [
            candidate
            for candidate, _, party in by_value.get(_value(side[1]), [])
            if same_party(party, side[2])
        ]
        unique = {candidate.position: candidate for candidate in [side[0], *same]}
        return list(unique.values())

    what = first[1].family or f"{first[1].noun}"
    question = f"How many {what}" if first[1].family else f"The figure in {what}"
    claim = (
        f"{question}: {first[2]} gives {first[1].text.lower()} {first[1].noun}, "
        f"{second[2][0].lower() + second[2][1:] if second[2].startswith('The ') else second[2]}"
        f" gives {second[1].text.lower()} {second[1].noun}."
    )
    return _dispute(
        corpus, "figure", claim, [(first[2], members(first)), (second[2], members(second))], guide
    )


# --- a point marked as disputed -----------------------------------------------------------


def marked_disputes(
    corpus: Corpus, candidates: list[Candidate], rep: Representation, guide: StyleGuide
) -> list[Dispute]:
    disputes: list[Dispute] = []
    for marker in candidates:
        match = _MARKER.match(strip_dateline(marker.text))
        if match is None:
            continue
        sides = _accounts_after(marker, candidates)
        if len(sides) < 2:
            continue
        what = (match.group("what") or match.group("each")).strip()
        claim = f"{what[0].upper()}{what[1:]}"
        disputes.append(
            _dispute(corpus, "claim", claim, [(party, [c]) for party, c in sides], guide)
        )
    return disputes


def _accounts_after(marker: Candidate, candidates: list[Candidate]) -> list[tuple[str, Candidate]]:
    """The first statement of each party in the sentences after the marker."""
    sides: list[tuple[str, Candidate]] = []
    for candidate in candidates:
        if candidate.article_index != marker.article_index:
            continue
        if not 0 < candidate.rank_in_article - marker.rank_in_article <= MARKER_WINDOW:
            continue
        party = party_of(candidate.text)
        if party is not None and not any(same_party(party, known) for known, _ in sides):
            sides.append((party, candidate))
    return sides


# --- a claim and its denial ---------------------------------------------------------------


def passive_denials(
    corpus: Corpus, candidates: list[Candidate], rep: Representation, guide: StyleGuide
) -> list[Dispute]:
    """One sentence that holds both sides: "X's claims that ... were dismissed by Y"."""
    disputes: list[Dispute] = []
    for candidate in candidates:
        match = _PASSIVE_DENIAL.match(strip_dateline(candidate.text))
        if match is None:
            continue
        claimant, denier = match.group("claimant").strip(), match.group("denier").strip()
        denier = denier[0].upper() + denier[1:]
        claim = f"That {match.group('what').strip()}"
        sides = [(claimant, [candidate]), (denier, [candidate])]
        disputes.append(_dispute(corpus, "claim", claim, sides, guide))
    return disputes


# --- a claim and its denial in two sentences ------------------------------------------


def denied_claims(
    corpus: Corpus, candidates: list[Candidate], rep: Representation, guide: StyleGuide
) -> list[Dispute]:
    """Pairs of a statement and another party's denial of it."""
    disputes: list[Dispute] = []
    seen: set[tuple[int, int]] = set()
    for denial in candidates:
        if not is_denial(denial.text):
            continue
        denier = party_of(denial.text)
        if denier is None:
            continue
        claim = _claim_for(denial, denier, candidates, rep)
        if claim is None or (claim.position, denial.position) in seen:
            continue
        seen.add((claim.position, denial.position))
        claimant = party_of(claim.text)
        assert claimant is not None
        text = _says(claim, guide)
        disputes.append(
            _dispute(corpus, "claim", text, [(claimant, [claim]), (denier, [denial])], guide)
        )
    return disputes


def _claim_for(
    denial: Candidate, denier: str, candidates: list[Candidate], rep: Representation
) -> Candidate | None:
    """The statement a denial answers: the sentence just before it when the denial points
    back ("rejected the claim"), else the most similar claim by another party; a denier
    denying its own act answers only a claim that names it."""
    self_denial = _SELF_DENIAL.search(outside_quotes(denial.text)) is not None

    def answers(candidate: Candidate) -> bool:
        if candidate.position == denial.position or not is_claim(candidate.text):
            return False
        speaker = party_of(candidate.text)
        if speaker is None or same_party(speaker, denier):
            return False
        return not self_denial or _names(candidate.text, speaker, denier)

    if _REFERS_BACK.search(denial.text):
        before = [
            candidate
            for candidate in candidates
            if candidate.article_index == denial.article_index
            and 0 < denial.rank_in_article - candidate.rank_in_article <= REFERS_BACK_WINDOW
            and answers(candidate)
        ]
        if before:
            return before[-1]
    related = [
        (rep.similarity[denial.position, position], -position, candidates[position])
        for position in rep.similarity.near(denial.position, rep.thresholds.related)
        if answers(candidates[position])
    ]
    return max(related, key=lambda item: item[:2])[2] if related else None


def _names(text: str, speaker: str, party: str) -> bool:
    """``text`` names ``party`` somewhere other than as its speaker."""
    rest = party_stems(outside_quotes(text).replace(speaker, " "))
    return any(same_name(mine, theirs) for mine in party_stems(party) for theirs in rest)
