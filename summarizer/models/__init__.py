"""Pydantic models: the one family of contracts between the pipeline's stages.

ingest -> ``Cluster`` of ``Article`` (``corpus``); segment -> ``Corpus`` of
``SegmentedArticle``; a backend -> ``ClusterSummary`` (``summary``), through
``ArticleDigest`` (``digest``) and ``SummaryDraft`` (``draft``) on the model path;
verify -> ``VerificationIssue``; render reads ``ClusterSummary``. A draft item and
its final item share their fields (``items``): they differ only in how they cite.
"""

from .base import ContractModel
from .corpus import (
    Article,
    ArticleMeta,
    Citation,
    Cluster,
    Corpus,
    SegmentedArticle,
    Sentence,
    Span,
)
from .digest import ArticleDigest, DigestDraft, DraftClaim, DraftFigure, DraftLoadedTerm
from .draft import DraftDispute, DraftFraming, DraftPoint, DraftSentence, SummaryDraft
from .input import ArticleInput, ClusterInput
from .items import CitedItem, CitedSentence
from .judge import JudgeDraft, JudgeVerdict
from .options import SummaryOptions
from .summary import (
    SCHEMA_VERSION,
    AgreedPoint,
    CallUsage,
    ClusterStories,
    ClusterSummary,
    Dispute,
    DisputeSide,
    OutletFraming,
    SummarySentence,
    TimelineEntry,
    Usage,
    UsageTotals,
    VerificationIssue,
    WordBudget,
)

__all__ = [
    "SCHEMA_VERSION",
    "AgreedPoint",
    "Article",
    "ArticleDigest",
    "ArticleInput",
    "ArticleMeta",
    "CallUsage",
    "Citation",
    "CitedItem",
    "CitedSentence",
    "Cluster",
    "ClusterInput",
    "ClusterStories",
    "ClusterSummary",
    "ContractModel",
    "Corpus",
    "DigestDraft",
    "Dispute",
    "DisputeSide",
    "DraftClaim",
    "DraftDispute",
    "DraftFigure",
    "DraftFraming",
    "DraftLoadedTerm",
    "DraftPoint",
    "DraftSentence",
    "JudgeDraft",
    "JudgeVerdict",
    "OutletFraming",
    "SegmentedArticle",
    "Sentence",
    "Span",
    "SummaryDraft",
    "SummaryOptions",
    "SummarySentence",
    "TimelineEntry",
    "Usage",
    "UsageTotals",
    "VerificationIssue",
    "WordBudget",
]
