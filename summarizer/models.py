"""Pydantic models: the contracts between the pipeline's stages.

ingest -> ``Cluster`` of ``Article``; segment -> ``Corpus`` of ``SegmentedArticle``;
a backend -> ``ClusterSummary``; verify -> ``VerificationIssue``; render reads
``ClusterSummary``. Offsets are always character offsets into ``Article.raw_text``,
the article file as decoded (UTF-8 unless the file said otherwise).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _drop_computed_fields(cls, data: Any) -> Any:
        """Our own JSON output carries computed fields (``words``); reading it back
        ignores them, while any other unknown key is still an error."""
        computed = cls.model_computed_fields
        if isinstance(data, dict) and computed:
            return {key: value for key, value in data.items() if key not in computed}
        return data


class ArticleMeta(_Model):
    """What the cluster file (or the article itself) says about one article."""

    id: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    dateline: str | None = None
    language: str | None = None
    path: str | None = Field(default=None, description="The file the article was read from.")

    @property
    def outlet_named(self) -> bool:
        outlet = (self.outlet or "").split("(")[0].strip()
        return bool(outlet) and "not named" not in outlet.lower()

    @property
    def source_name(self) -> str:
        """A short name to attribute claims to: the outlet, else the article id."""
        return (self.outlet or "").split("(")[0].strip() if self.outlet_named else self.id

    @property
    def attribution(self) -> str:
        """Who a sentence is attributed to in prose: the outlet, else the report's
        dateline ("a report from Erbil"), else the article ("the article erbil")."""
        if self.outlet_named:
            return self.source_name
        if self.dateline:
            return f"a report from {self.dateline}"
        return f"the article {self.id}"


class Span(_Model):
    start: int
    end: int
    reason: str = ""


class Article(ArticleMeta):
    """One article as read: ``raw_text`` is the whole file, decoded; nothing is dropped."""

    raw_text: str
    encoding: str = "utf-8"
    content_type: Literal["text", "markdown", "html"] = "text"

    def meta(self) -> ArticleMeta:
        return ArticleMeta.model_validate(self.model_dump(include=set(ArticleMeta.model_fields)))


class Cluster(_Model):
    id: str
    title: str | None = None
    language: str | None = "en"
    articles: list[Article]


class Sentence(_Model):
    """A content sentence. ``text`` is the plain text of ``raw_text[start:end]``.

    For plain-text and Markdown files ``text == raw_text[start:end]`` exactly; for HTML
    the slice holds markup and ``text`` is its visible text.
    """

    id: str = Field(description="'<article-id>:<n>', n counting content sentences from 1")
    article_id: str
    index: int
    start: int
    end: int
    text: str


class SegmentedArticle(_Model):
    article: Article
    sentences: list[Sentence]
    furniture: list[Span] = Field(
        default_factory=list, description="Spans of raw_text dropped as page furniture."
    )


class Corpus(_Model):
    """A segmented cluster: what every backend receives."""

    cluster_id: str
    title: str | None = None
    language: str | None = "en"
    articles: list[SegmentedArticle]

    def sentence(self, sentence_id: str) -> Sentence | None:
        article_id, _, number = sentence_id.rpartition(":")
        for segmented in self.articles:
            if segmented.article.id == article_id:
                if number.isdigit() and 1 <= int(number) <= len(segmented.sentences):
                    return segmented.sentences[int(number) - 1]
                return None
        return None

    def article(self, article_id: str) -> Article | None:
        for segmented in self.articles:
            if segmented.article.id == article_id:
                return segmented.article
        return None

    def cite(self, sentence_id: str) -> Citation:
        """Resolve a sentence id to a full citation; KeyError when it does not exist."""
        sentence = self.sentence(sentence_id)
        if sentence is None:
            raise KeyError(sentence_id)
        article = self.article(sentence.article_id)
        assert article is not None
        return Citation(
            article_id=sentence.article_id,
            sentence=sentence.index,
            sentence_id=sentence.id,
            start=sentence.start,
            end=sentence.end,
            quote=sentence.text,
            outlet=article.source_name,
            published=article.published,
        )


class Citation(_Model):
    """A pointer anyone can check without the tool: raw_text[start:end] holds ``quote``."""

    article_id: str
    sentence: int
    sentence_id: str
    start: int
    end: int
    quote: str
    outlet: str | None = None
    published: str | None = None


class SummarySentence(_Model):
    text: str
    citations: list[Citation] = Field(default_factory=list)
    edited: bool = Field(
        default=False, description="True when text is not a verbatim source sentence."
    )
    original: str | None = Field(default=None, description="The source wording, when edited.")
    attributed_to: str | None = Field(
        default=None, description="Who asserts the sentence's claim, when it is a claim."
    )


class AgreedPoint(_Model):
    text: str
    citations: list[Citation] = Field(default_factory=list)


class Dispute(_Model):
    claim: str
    claimant: str
    disputed_by: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class OutletFraming(_Model):
    article_id: str
    outlet: str
    note: str
    loaded_terms: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class CallUsage(_Model):
    stage: str
    model: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    wall_s: float = 0.0
    attempts: int = 1


class Usage(_Model):
    calls: list[CallUsage] = Field(default_factory=list)
    wall_s: float = 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def prompt_tokens(self) -> int:
        return sum(call.prompt_tokens for call in self.calls)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def completion_tokens(self) -> int:
        return sum(call.completion_tokens for call in self.calls)


class VerificationIssue(_Model):
    code: Literal[
        "unknown_citation",
        "uncited_sentence",
        "unattributed_claim",
        "loaded_term",
        "too_long",
        "empty_summary",
        "bad_quote",
    ]
    message: str
    sentence: int | None = Field(default=None, description="0-based index of the sentence.")


class ClusterSummary(_Model):
    schema_version: str = SCHEMA_VERSION
    cluster_id: str
    title: str | None = None
    headline: str = ""
    sentences: list[SummarySentence] = Field(default_factory=list)
    agreed: list[AgreedPoint] = Field(default_factory=list)
    disputes: list[Dispute] = Field(default_factory=list)
    framing: list[OutletFraming] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    sources: list[ArticleMeta] = Field(default_factory=list)
    backend: str = ""
    model: str | None = None
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    settings: dict[str, object] = Field(default_factory=dict)
    usage: Usage = Field(default_factory=Usage)

    @property
    def text(self) -> str:
        """The summary body (headline excluded): what the word budget applies to."""
        return " ".join(sentence.text for sentence in self.sentences)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def words(self) -> int:
        return len(self.text.split())


# --- language-model stages -------------------------------------------------------------


class DigestClaim(_Model):
    text: str
    asserted_by: str = Field(description="The outlet itself, or the official or party it reports.")
    cites: list[str] = Field(description="Sentence ids, e.g. 'reuters:3'.")


class DigestFigure(_Model):
    value: str
    what: str
    date: str | None = None
    asserted_by: str
    cites: list[str]


class DigestLoadedTerm(_Model):
    term: str
    neutral: str | None = None
    cites: list[str]


class ArticleDigest(_Model):
    """What the map stage extracts from one article."""

    article_id: str
    claims: list[DigestClaim] = Field(default_factory=list)
    figures: list[DigestFigure] = Field(default_factory=list)
    loaded_terms: list[DigestLoadedTerm] = Field(default_factory=list)


ClusterSummary.model_rebuild()
Corpus.model_rebuild()
