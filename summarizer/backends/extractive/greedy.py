"""Greedy selection within the word budget: new concepts, sentence score and unseen
outlets per word, minus redundancy with what is already chosen.

A sentence that refers back ("The union rejected it", "Some of them ...") stays only
when the sentence it refers to is in the summary too (reading order then puts it just
before); otherwise it is left out, and the words it frees are filled again with
sentences that need no sentence the summary lacks.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .concepts import ConceptWeights
from .represent import Representation
from .selection import Unit
from .weights import (
    BALANCE_PENALTY,
    COVERAGE_BONUS,
    LENGTH_EXPONENT,
    REDUNDANCY_WEIGHT,
    RESTATED,
    W_CONCEPTS,
)


@dataclass
class _State:
    remaining: int
    tally: _Tally
    chosen: list[Unit] = field(default_factory=list)
    covered: set[str] = field(default_factory=set)

    def add(self, unit: Unit) -> None:
        self.chosen.append(unit)
        self.remaining -= unit.words
        self.covered.update(unit.concepts)
        self.tally.add(unit)


class _Tally:
    """What the chosen units hold, kept up to date as units are chosen: each unit's
    highest similarity to a chosen one (one product of every unit's sentences with the
    new unit's per choice; a product per unit and step was most of a big story's time),
    and how often each article is cited."""

    def __init__(self, units: list[Unit], rep: Representation) -> None:
        self.index = {id(unit): at for at, unit in enumerate(units)}
        self.rows = rep.similarity.rows_of(
            [member.position for unit in units for member in unit.members]
        )
        self.owner = np.array([at for at, unit in enumerate(units) for _ in unit.members])
        self.value = np.zeros(len(units), dtype=np.float32)
        # How often each article is cited so far, and each unit's articles: a wire text
        # of a big story is thousands of articles, counted in numpy, not one by one.
        self.articles = [np.array(sorted(unit.articles), dtype=np.int64) for unit in units]
        size = max((int(a.max()) + 1 for a in self.articles if a.size), default=0)
        self.cited = np.zeros(size, dtype=np.int64)

    def fresh(self) -> _Tally:
        """The same units with nothing chosen yet, sharing the rows sliced once."""
        empty = copy.copy(self)
        empty.value = np.zeros_like(self.value)
        empty.cited = np.zeros_like(self.cited)
        return empty

    def add(self, unit: Unit) -> None:
        columns = [member.position for member in unit.members]
        np.maximum.at(self.value, self.owner, self.rows.max_against(columns))
        np.add.at(self.cited, self.articles[self.index[id(unit)]], 1)

    def of(self, unit: Unit) -> float:
        return float(self.value[self.index[id(unit)]])

    def citations_of(self, unit: Unit) -> NDArray[np.int64]:
        """How often each of the unit's articles is cited by the chosen units."""
        return self.cited[self.articles[self.index[id(unit)]]]


def select(
    units: list[Unit], rep: Representation, weights: ConceptWeights, max_words: int
) -> list[Unit]:
    scale = max((weights.gain(unit.concepts, set()) for unit in units), default=1.0) or 1.0
    tally = _Tally(units, rep)

    def fill(pool: list[Unit], start: list[Unit], standalone: bool) -> list[Unit]:
        state = _State(remaining=max_words, tally=tally.fresh())
        for unit in start:
            state.add(unit)
        while pool:
            best = _best_next(pool, state, rep, weights, scale, standalone)
            if best is None:
                break
            if not _restates(best, state.chosen):
                state.add(best)
            pool = [unit for unit in pool if unit.group != best.group]
        return state.chosen

    chosen = fill(list(units), [], standalone=False)
    kept = _cohesive(chosen)
    if len(kept) == len(chosen):
        return kept
    # The words a left-out sentence frees go to sentences that lean on none the summary lacks.
    taken = {unit.group for unit in chosen}
    return fill([unit for unit in units if unit.group not in taken], kept, standalone=True)


def _restates(unit: Unit, chosen: list[Unit]) -> bool:
    """Most of the unit's concepts are one chosen sentence's: the same fact in other
    words ("Each side says the other fired first" after "Belmark and Ostrevia each say
    the other fired first"), under the similarity a duplicate needs."""
    concepts = unit.concepts
    if not concepts:
        return False
    return any(len(concepts & other.concepts) >= RESTATED * len(concepts) for other in chosen)


def _cohesive(chosen: list[Unit]) -> list[Unit]:
    """Leave out each sentence that refers back to one the summary does not hold (and
    then any that referred to it)."""
    kept = list(chosen)
    while True:
        placed = {member.position for unit in kept for member in unit.members}
        orphans = [
            unit for unit in kept if unit.antecedent is not None and unit.antecedent not in placed
        ]
        if not orphans:
            return kept
        kept = [unit for unit in kept if unit not in orphans]


def _best_next(
    pool: list[Unit],
    state: _State,
    rep: Representation,
    weights: ConceptWeights,
    scale: float,
    standalone: bool,
) -> Unit | None:
    """The unit worth most per word; with ``standalone``, only those that refer back to
    no sentence, or to one the summary holds."""
    best: Unit | None = None
    best_value = -np.inf
    placed = {member.position for unit in state.chosen for member in unit.members}
    for unit in pool:
        if unit.words > state.remaining:
            continue
        if standalone and unit.antecedent is not None and unit.antecedent not in placed:
            continue
        gain = _gain(unit, state, rep, weights, scale)
        if gain is None:
            continue
        value = gain / unit.words**LENGTH_EXPONENT if gain > 0 else gain * unit.words
        if value > best_value:
            best, best_value = unit, value
    return best


def _gain(
    unit: Unit, state: _State, rep: Representation, weights: ConceptWeights, scale: float
) -> float | None:
    """What the unit adds; None when it repeats a chosen sentence."""
    redundancy = state.tally.of(unit)
    if redundancy >= rep.thresholds.duplicate:
        return None
    gain = W_CONCEPTS * weights.gain(unit.concepts, state.covered) / scale
    gain += unit.score - REDUNDANCY_WEIGHT * redundancy
    cited = state.tally.citations_of(unit)
    if (cited == 0).any():
        gain += COVERAGE_BONUS
    return gain - BALANCE_PENALTY * int(cited.min())
