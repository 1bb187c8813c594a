"""Articles as read (``Cluster``) and as segmented into numbered sentences (``Corpus``).

Offsets are always character offsets into ``Article.raw_text``, the article file as
decoded (UTF-8 unless the file said otherwise).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, PrivateAttr

from .base import ContractModel


class ArticleMeta(ContractModel):
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


class Span(ContractModel):
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


class Cluster(ContractModel):
    id: str
    title: str | None = None
    language: str | None = "en"
    articles: list[Article]


class Sentence(ContractModel):
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


class Citation(ContractModel):
    """A pointer anyone can check without the tool: raw_text[start:end] holds ``quote``."""

    article_id: str
    sentence: int
    sentence_id: str
    start: int
    end: int
    quote: str
    outlet: str | None = None
    published: str | None = None


class SegmentedArticle(ContractModel):
    article: Article
    sentences: list[Sentence]
    furniture: list[Span] = Field(
        default_factory=list, description="Spans of raw_text dropped as page furniture."
    )


class Corpus(ContractModel):
    """A segmented cluster: what every backend receives."""

    cluster_id: str
    title: str | None = None
    language: str | None = "en"
    articles: list[SegmentedArticle]
    warnings: list[str] = Field(
        default_factory=list,
        description="What reading left out, in words: an article with no text of its own.",
    )

    # Articles by id, for the lookups below (a scan per citation was quadratic in a big
    # story): rebuilt when ``articles`` is another list or another length.
    _article_by_id: tuple[list[SegmentedArticle], int, dict[str, SegmentedArticle]] | None = (
        PrivateAttr(default=None)
    )

    def segmented(self, article_id: str) -> SegmentedArticle | None:
        cached = self._article_by_id
        if cached is None or cached[0] is not self.articles or cached[1] != len(self.articles):
            by_id: dict[str, SegmentedArticle] = {}
            for segmented in self.articles:
                by_id.setdefault(segmented.article.id, segmented)  # the first, as a scan
            cached = self._article_by_id = (self.articles, len(self.articles), by_id)
        return cached[2].get(article_id)

    def sentence(self, sentence_id: str) -> Sentence | None:
        article_id, _, number = sentence_id.rpartition(":")
        segmented = self.segmented(article_id)
        if segmented is None or not number.isdigit():
            return None
        if 1 <= int(number) <= len(segmented.sentences):
            return segmented.sentences[int(number) - 1]
        return None

    def article(self, article_id: str) -> Article | None:
        segmented = self.segmented(article_id)
        return segmented.article if segmented is not None else None

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
