"""The input contract: a cluster of articles as sent in ``cluster.json``, on stdin, to
the Python API or in an HTTP body.

Each article carries its text inline (``text``) or names a file next to the cluster
file (``file``). Metadata fields accept numbers too (``"published": 2020``) and are
kept as stripped strings; blank ones count as absent. Keys not named here are ignored
(evaluation sets keep their own notes in cluster files).

A failed check raises a pydantic ``ValidationError`` whose errors carry the problem
in today's wording; ``summarizer.ingest.validate_cluster`` turns the first one into
an ``InputError`` naming the source, the article and the field.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from .base import ContractModel

ContentType = Literal["text", "markdown", "html"]
CONTENT_TYPES: tuple[ContentType, ...] = ("text", "markdown", "html")
META_FIELDS = ("outlet", "title", "url", "published", "dateline", "language")

# Error types, read by the code that words InputErrors: ``ARTICLE_ERROR`` problems are
# prefixed with "article <label>: ", ``TEXT_ERROR`` ones are reported for the article.
INPUT_ERROR = "cluster_input"
ARTICLE_ERROR = "cluster_article"
TEXT_ERROR = "cluster_article_text"


def _label_value(value: Any, info: ValidationInfo) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PydanticCustomError(
            INPUT_ERROR,
            "'{key}' must be a string, got {kind}",
            {"key": info.field_name, "kind": type(value).__name__},
        )
    return str(value).strip() or None


def _text_value(value: Any) -> Any:
    if value is not None and not isinstance(value, str):
        raise PydanticCustomError(TEXT_ERROR, "'text' must be a string")
    return value


def _file_value(value: Any) -> Any:
    if value is not None and not isinstance(value, str):
        raise PydanticCustomError(ARTICLE_ERROR, "'file' must be a string")
    return value


def _content_type_value(value: Any) -> Any:
    if value is not None and value not in CONTENT_TYPES:
        raise PydanticCustomError(
            INPUT_ERROR,
            "content_type must be text, markdown or html, got {given}",
            {"given": repr(value)},
        )
    return value


def _articles_value(value: Any) -> Any:
    if not isinstance(value, list) or not value:
        raise PydanticCustomError(INPUT_ERROR, "'articles' must be a non-empty list")
    return value


Label = Annotated[str | None, BeforeValidator(_label_value)]


class _InputModel(ContractModel):
    # Unlike the other contracts, unknown keys are ignored: input files carry notes.
    model_config = ConfigDict(extra="ignore")


class ArticleInput(_InputModel):
    """One article: inline ``text``, or a ``file`` relative to the cluster's folder."""

    id: Label = Field(default=None, description="Defaults to the file stem, or article-<n>.")
    outlet: Label = None
    title: Label = None
    url: Label = None
    published: Label = None
    dateline: Label = None
    language: Label = Field(default=None, description="Defaults to the cluster's language.")
    text: Annotated[str | None, BeforeValidator(_text_value)] = Field(
        default=None, description="The article itself (text, Markdown or HTML)."
    )
    file: Annotated[str | None, BeforeValidator(_file_value)] = Field(
        default=None, description="A file inside the cluster's folder; not over HTTP."
    )
    content_type: Annotated[ContentType | None, BeforeValidator(_content_type_value)] = Field(
        default=None, description="Of inline text; guessed (html or text) when absent."
    )

    @model_validator(mode="before")
    @classmethod
    def _must_be_object(cls, data: Any) -> Any:
        if not isinstance(data, dict | ArticleInput):
            raise PydanticCustomError(ARTICLE_ERROR, "must be an object")
        return data

    @model_validator(mode="after")
    def _needs_text_or_file(self) -> ArticleInput:
        if self.text is None and not self.file:
            raise PydanticCustomError(ARTICLE_ERROR, "needs 'text' or 'file'")
        return self

    def meta(self) -> dict[str, str]:
        """The metadata fields given, by name."""
        return {key: value for key in META_FIELDS if (value := getattr(self, key))}


class ClusterInput(_InputModel):
    """A cluster: a non-empty list of articles, and optional id, title and language."""

    id: Label = Field(default=None, description="Defaults to the folder name, or 'cluster'.")
    title: Label = None
    language: Label = Field(default=None, description="Of the articles; 'en' when absent.")
    articles: Annotated[list[ArticleInput], BeforeValidator(_articles_value)] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _must_be_object(cls, data: Any) -> Any:
        if not isinstance(data, dict | ClusterInput):
            raise PydanticCustomError(
                INPUT_ERROR, "a cluster must be a JSON object with an 'articles' list"
            )
        return data
