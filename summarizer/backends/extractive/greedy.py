"""Greedy selection within the word budget: new concepts, sentence score and unseen
outlets per word, minus redundancy with what is already chosen. Of the tellings of one
sentence (its copies in other outlets: one ``Unit.group``) one is chosen.

A sentence that refers back ("The union rejected it", "Some of them ...") stays only
when the sentence it refers to is in the summary too (reading order then puts it just
before); otherwise it is left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .concepts import ConceptWeights
from .represent import Representation
from .selection import Unit
from .weights import (
    BALANCE_PENALTY,
    COVERAGE_BONUS,
    LENGTH_EXPONENT,
    REDUNDANCY_WEIGHT,
    W_CONCEPTS,
)


@dataclass
class _State:
    remaining: int
    redundancy: _Redundancy
    chosen: list[Unit] = field(default_factory=list)
    cited: Counter[int] = field(default_factory=Counter)
    covered: set[str] = field(default_factory=set)

    def add(self, unit: Unit) -> None:
        self.chosen.append(unit)
        self.remaining -= unit.words
        self.cited.update(unit.articles)
        self.covered.update(unit.concepts)
        self.redundancy.add(unit)


class _Redundancy:
    """Each group's highest similarity to a chosen unit, kept up to date as units are
    chosen: one product of every group's sentences with the new unit's per choice (a
    product per unit and step was most of a big story's time). The tellings of one
    group cite the same sentences, so they share one value."""

    def __init__(self, units: list[Unit], rep: Representation) -> None:
        self.rep = rep
        first: dict[int, Unit] = {}
        for unit in units:
            first.setdefault(unit.group, unit)
        self.slot = {group: at for at, group in enumerate(first)}
        self.rows = [member.position for unit in first.values() for member in unit.members]
        self.owner = np.array(
            [at for at, unit in enumerate(first.values()) for _ in unit.members], dtype=np.intp
        )
        self.value = np.zeros(len(first), dtype=np.float32)

    def add(self, unit: Unit) -> None:
        columns = [member.position for member in unit.members]
        per_row = self.rep.similarity.row_max(self.rows, columns)
        np.maximum.at(self.value, self.owner, per_row)

    def of(self, unit: Unit) -> float:
        return float(self.value[self.slot[unit.group]])


def select(
    units: list[Unit], rep: Representation, weights: ConceptWeights, max_words: int
) -> list[Unit]:
    scale = max((weights.gain(unit.concepts, set()) for unit in units), default=1.0) or 1.0
    state = _State(remaining=max_words, redundancy=_Redundancy(units, rep))
    pool = list(units)
    while pool:
        best = _best_next(pool, state, rep, weights, scale)
        if best is None:
            break
        state.add(best)
        pool = [unit for unit in pool if unit.group != best.group]
    return _cohesive(state.chosen)


def _cohesive(chosen: list[Unit]) -> list[Unit]:
    """Leave out each sentence that refers back to one the summary does not hold (and
    then any that referred to it). Refilling the freed words was tried: on idlib-2020 it
    brought in a claim attributed only by "believes", which the labels do not count as
    attribution, so the freed words stay free."""
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
) -> Unit | None:
    best: Unit | None = None
    best_value = -np.inf
    for unit in pool:
        if unit.words > state.remaining:
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
    redundancy = state.redundancy.of(unit)
    if redundancy >= rep.thresholds.duplicate:
        return None
    gain = W_CONCEPTS * weights.gain(unit.concepts, state.covered) / scale
    gain += unit.score - REDUNDANCY_WEIGHT * redundancy
    if any(state.cited[article] == 0 for article in unit.articles):
        gain += COVERAGE_BONUS
    return gain - BALANCE_PENALTY * min(state.cited[article] for article in unit.articles)
