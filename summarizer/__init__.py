"""Neutral, cited, multi-source news summaries.

>>> from summarizer import summarize
>>> summary = summarize("examples/harbour-strike")
>>> print(summary.sentences[0].text, summary.sentences[0].citations[0].quote)
"""

from .api import asummarize, build_corpus, summarize
from .backends import Backend, SummaryOptions, get_backend
from .errors import (
    ConfigError,
    InputError,
    ModelError,
    SummarizerError,
    ValidationFailedError,
)
from .models import (
    SCHEMA_VERSION,
    Article,
    ArticleDigest,
    Citation,
    Cluster,
    ClusterSummary,
    Corpus,
    Dispute,
    SummarySentence,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ArticleDigest",
    "Backend",
    "Citation",
    "Cluster",
    "ClusterSummary",
    "ConfigError",
    "Corpus",
    "Dispute",
    "InputError",
    "ModelError",
    "SummarizerError",
    "SummaryOptions",
    "SummarySentence",
    "ValidationFailedError",
    "asummarize",
    "build_corpus",
    "get_backend",
    "summarize",
]
