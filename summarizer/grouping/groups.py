"""Near-duplicate groups of texts in linear time: MinHash signatures in an LSH index
(datasketch), each candidate checked on its exact shingles.

Groups are formed by leaders, in input order: a text joins the earliest leader it is a
near-duplicate of (exact shingle Jaccard at least ``threshold``, same numbers and
negations), else it leads a group of its own. Only leaders go in the index, so no
chain of small rewrites drifts from one text to another. Identical normalised texts
join without a signature. The same texts always give the same groups: fixed seed,
input order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from .shingles import guard, jaccard, shingles, words

NUM_PERM = 64
SEED = 1


@dataclass(frozen=True)
class DuplicateGroups:
    """Groups of indices into the grouped texts: each group's representative (its
    earliest member) first, groups in the order of their representatives."""

    groups: tuple[tuple[int, ...], ...]
    group_of: tuple[int, ...]  # index -> its group's number

    def __len__(self) -> int:
        return len(self.groups)

    def representative(self, index: int) -> int:
        return self.groups[self.group_of[index]][0]

    def members(self, index: int) -> tuple[int, ...]:
        return self.groups[self.group_of[index]]

    @property
    def grouped(self) -> int:
        """Texts that are copies of an earlier one."""
        return len(self.group_of) - len(self.groups)


def group_texts(texts: Sequence[str], *, threshold: float, shingle: int) -> DuplicateGroups:
    """Near-duplicate groups of ``texts`` (see the module's docstring)."""
    tokens = [words(text) for text in texts]
    exact: dict[str, int] = {}
    leader_of: list[int] = []
    leaders = _Leaders(threshold)
    for index, text_tokens in enumerate(tokens):
        key = " ".join(text_tokens)
        if key in exact:
            leader_of.append(exact[key])
            continue
        leader = leaders.find_or_add(index, text_tokens, shingle)
        exact[key] = leader
        leader_of.append(leader)
    return _groups(leader_of)


class _Leaders:
    """The group leaders so far, in an LSH index."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.index = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.shingles: dict[int, set[str]] = {}
        self.guards: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        # The permutations are drawn once (datasketch draws them for every MinHash).
        template = MinHash(num_perm=NUM_PERM, seed=SEED)
        self.permutations, self.scheme = template.permutations, template.scheme

    def find_or_add(self, index: int, tokens: list[str], size: int) -> int:
        mine = shingles(tokens, size)
        fence = guard(tokens)
        signature = MinHash(
            num_perm=NUM_PERM, seed=SEED, permutations=self.permutations, scheme=self.scheme
        )
        signature.update_batch([item.encode("utf-8") for item in sorted(mine)])
        for leader in sorted(self.index.query(signature)):
            if self.guards[leader] == fence and jaccard(self.shingles[leader], mine) >= (
                self.threshold
            ):
                return int(leader)
        self.index.insert(index, signature)
        self.shingles[index] = mine
        self.guards[index] = fence
        return index


def _groups(leader_of: list[int]) -> DuplicateGroups:
    members: dict[int, list[int]] = {}
    for index, leader in enumerate(leader_of):
        members.setdefault(leader, []).append(index)
    ordered = tuple(tuple(members[leader]) for leader in sorted(members))
    group_of = [0] * len(leader_of)
    for number, group in enumerate(ordered):
        for index in group:
            group_of[index] = number
    return DuplicateGroups(ordered, tuple(group_of))
