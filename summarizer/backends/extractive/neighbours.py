"""Sentence similarities kept sparse: every pair when the cluster is small, else each
sentence's nearest neighbours, never a dense n-by-n matrix.

``Neighbours`` holds the cosine of pairs of L2-normalised rows (TF-IDF, sparse, or
embeddings, dense) as a symmetric sparse matrix. Up to ``EXACT_LIMIT`` rows it holds
every pair that is not zero, so every lookup equals the dense matrix's; above, the
rows are multiplied in blocks of ``BLOCK_ROWS`` and each keeps its ``NEIGHBOURS``
closest (and is kept by theirs): memory grows with the number of sentences. A pair
not kept is computed from the two vectors when asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

# Rows up to which every pair is kept: the eval sets' clusters, and more.
EXACT_LIMIT = 4000
# Above it, each sentence's closest neighbours kept (its own copies among them).
NEIGHBOURS = 48
# Rows multiplied at once above the limit: a block of BLOCK_ROWS x n float32 at a time.
BLOCK_ROWS = 256

Vector = NDArray[np.float32]


class Neighbours:
    """Cosine similarities of the rows of ``vectors`` (see the module's docstring)."""

    def __init__(self, vectors: Any, *, exact_limit: int = EXACT_LIMIT) -> None:
        self.vectors = vectors if not sparse.issparse(vectors) else sparse.csr_matrix(vectors)
        self.size = int(vectors.shape[0])
        self.exact = self.size <= exact_limit
        matrix = _all_pairs(self.vectors) if self.exact else _nearest(self.vectors)
        matrix.sort_indices()
        self.matrix: sparse.csr_matrix = matrix

    def __getitem__(self, pair: tuple[int, int]) -> float:
        return self.pair(*pair)

    def pair(self, first: int, second: int) -> float:
        indices, values = self.row(first)
        at = int(np.searchsorted(indices, second))
        if at < len(indices) and indices[at] == second:
            return float(values[at])
        if self.exact:
            return 0.0
        return float(self.block([first], [second])[0, 0])

    def row(self, index: int) -> tuple[NDArray[np.int32], Vector]:
        """The neighbours of a row (ascending) and their similarities; itself included."""
        start, end = self.matrix.indptr[index], self.matrix.indptr[index + 1]
        return self.matrix.indices[start:end], self.matrix.data[start:end]

    def near(self, index: int, minimum: float) -> list[int]:
        """The rows at least ``minimum`` similar to ``index`` (itself left out), ascending."""
        indices, values = self.row(index)
        return [int(other) for other in indices[values >= minimum] if other != index]

    def block(self, rows: Sequence[int], columns: Sequence[int]) -> NDArray[np.float32]:
        """The similarities of ``rows`` by ``columns``, from the vectors (exact)."""
        product = self.vectors[list(rows)] @ self.vectors[list(columns)].T
        dense = product.toarray() if sparse.issparse(product) else product
        return np.asarray(dense, dtype=np.float32)

    def rows_of(self, rows: Sequence[int]) -> RowBlock:
        """``rows``, sliced once, to compare with column after column (``RowBlock``)."""
        return RowBlock(self, rows)

    def best_per_group(self, labels: NDArray[np.int_], groups: int) -> sparse.csr_matrix:
        """Rows by groups (articles): each row's highest similarity to a row of the
        group, among those kept; the row's own group left out."""
        coo = self.matrix.tocoo()
        columns = labels[coo.col]
        keep = columns != labels[coo.row]
        rows, columns, values = coo.row[keep], columns[keep], coo.data[keep]
        order = np.lexsort((-values, columns, rows))
        rows, columns, values = rows[order], columns[order], values[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (columns[1:] != columns[:-1])
        shape = (self.size, groups)
        return sparse.csr_matrix((values[first], (rows[first], columns[first])), shape=shape)

    def lexrank(self, damping: float, iterations: int) -> Vector:
        """LexRank (continuous) over the similarity graph, no self-loops: power
        iteration; a row with no edge spreads its rank evenly, as in PageRank."""
        n = self.size
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        weights = self.matrix.astype(np.float64)
        weights.setdiag(0.0)
        weights.data = np.clip(weights.data, 0, None)
        weights.eliminate_zeros()
        totals = np.asarray(weights.sum(axis=1)).ravel()
        dangling = totals <= 0
        scale = np.divide(1.0, totals, out=np.zeros_like(totals), where=~dangling)
        transition_t = (sparse.diags(scale) @ weights).T.tocsr()
        rank = np.full(n, 1.0 / n)
        for _ in range(iterations):
            spread = rank[dangling].sum() / n
            rank = (1 - damping) / n + damping * (transition_t @ rank + spread)
        return rank.astype(np.float32)


class RowBlock:
    """Fixed rows of a ``Neighbours``, sliced once (from the kept pairs when every pair
    is kept, else from the vectors), so that each ``max_against`` is one product."""

    def __init__(self, neighbours: Neighbours, rows: Sequence[int]) -> None:
        self.neighbours = neighbours
        source = neighbours.matrix if neighbours.exact else neighbours.vectors
        self.part = source[list(rows)]

    def max_against(self, columns: Sequence[int]) -> Vector:
        """Per row, its highest similarity to a row of ``columns`` (0 when none is
        positive)."""
        if self.neighbours.exact:
            block = self.part[:, list(columns)]
        else:
            block = self.part @ self.neighbours.vectors[list(columns)].T
        dense = block.toarray() if sparse.issparse(block) else np.asarray(block)
        return np.asarray(dense.max(axis=1), dtype=np.float32)


def _all_pairs(vectors: Any) -> sparse.csr_matrix:
    product = vectors @ vectors.T
    return sparse.csr_matrix(product, dtype=np.float32)


def _nearest(vectors: Any) -> sparse.csr_matrix:
    """Each row's NEIGHBOURS closest rows, symmetrised (a pair kept by either row)."""
    n = int(vectors.shape[0])
    keep = min(NEIGHBOURS, n)
    transposed = vectors.T.tocsc() if sparse.issparse(vectors) else vectors.T
    rows: list[NDArray[np.int64]] = []
    columns: list[NDArray[np.int64]] = []
    values: list[Vector] = []
    for start in range(0, n, BLOCK_ROWS):
        product = vectors[start : start + BLOCK_ROWS] @ transposed
        block = np.asarray(product.toarray() if sparse.issparse(product) else product)
        top = np.argpartition(-block, keep - 1, axis=1)[:, :keep]
        chosen = np.take_along_axis(block, top, axis=1)
        positive = chosen > 0
        rows.append((np.arange(len(block))[:, None] + start).repeat(keep, axis=1)[positive])
        columns.append(top[positive])
        values.append(chosen[positive].astype(np.float32))
    matrix = sparse.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))),
        shape=(n, n),
        dtype=np.float32,
    )
    return matrix.maximum(matrix.T).tocsr()


# Rows by groups: a dense array (every pair kept) or a scipy CSR matrix (neighbours).
Best = Any


def best_per_group(neighbours: Neighbours, labels: NDArray[np.int_], groups: int) -> Best:
    """``Neighbours.best_per_group``, dense when every pair is kept (a small cluster,
    summed as the dense matrix always was)."""
    best = neighbours.best_per_group(labels, groups)
    return np.asarray(best.toarray(), dtype=np.float32) if neighbours.exact else best


def count_at_least(best: Best, threshold: float) -> Vector:
    """Per row, how many groups reach ``threshold`` (a positive one)."""
    if sparse.issparse(best):
        return np.asarray(_row_of(best).T @ (best.data >= threshold), dtype=np.float32)
    return np.asarray((best >= threshold).sum(axis=1), dtype=np.float32)


def excess_over(best: Best, floor: float, per: int) -> Vector:
    """Per row, the sum of how far each group's best exceeds ``floor`` (a positive
    one), divided by ``per``."""
    if sparse.issparse(best):
        excess = np.clip(best.data - floor, 0, None)
        total = np.asarray(_row_of(best).T @ excess, dtype=np.float32)
    else:
        total = np.asarray(np.clip(best - floor, 0, None).sum(axis=1), dtype=np.float32)
    return np.asarray(total / per, dtype=np.float32)


def _row_of(best: sparse.csr_matrix) -> Any:
    """A (stored entries x rows) 0/1 matrix: which row each stored entry is in."""
    counts = np.diff(best.indptr)
    rows = np.repeat(np.arange(best.shape[0]), counts)
    ones = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((ones, (np.arange(len(rows)), rows)), shape=(len(rows), best.shape[0]))
