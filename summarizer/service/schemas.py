"""The bodies of the jobs and stories routes, as an integrator sees them (a job's
internals, its worker and lease, stay in the store)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, model_validator

from ..models.jobs import CLUSTER_EXAMPLE, Delivery, Job, JobError, JobProgress, JobStatus
from ..models.jobs import SummarizeRequest as SummarizeRequest
from ..models.stories import StoryChanges, StorySummary
from ..models.summary import ClusterSummary


class JobRequest(SummarizeRequest):
    """What ``POST /v1/jobs`` accepts: a summarize body and an optional webhook."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "cluster": CLUSTER_EXAMPLE,
                    "max_words": 120,
                    "callback_url": "https://newsroom.example/hooks/summaries",
                }
            ]
        },
    )

    callback_url: AnyHttpUrl | None = Field(
        default=None,
        description="POSTed the finished job once (signed, retried with backoff).",
    )

    @model_validator(mode="after")
    def _one_story(self) -> JobRequest:
        if self.all_stories:
            raise ValueError("all_stories is for POST /v1/summarize; a job summarises one story")
        return self

    def summarize_request(self) -> SummarizeRequest:
        return SummarizeRequest.model_validate(self.model_dump(exclude={"callback_url"}))


class JobAccepted(BaseModel):
    id: str
    status: JobStatus


class JobView(BaseModel):
    """A job as ``GET /v1/jobs/{id}`` shows it."""

    id: str
    status: JobStatus
    progress: JobProgress
    result: ClusterSummary | None = Field(default=None, description="When status is done.")
    error: JobError | None = Field(default=None, description="When status is failed.")
    cancel_requested: bool = False
    callback_url: str | None = None
    delivery: Delivery | None = None
    story_id: str | None = None
    story_revision: int | None = None
    created: datetime
    updated: datetime

    @classmethod
    def of(cls, job: Job) -> JobView:
        fields = set(cls.model_fields)
        return cls.model_validate(
            {name: value for name, value in dict(job).items() if name in fields}
        )


class StoryArticleView(BaseModel):
    story_id: str
    article_id: str
    content_hash: str
    revision: int = Field(description="The story's revision after this put.")
    changed: bool = Field(description="False when the same content was put again.")


class StoryVersionView(BaseModel):
    version: int
    revision: int
    summary: ClusterSummary
    changes: StoryChanges
    created: datetime


class StorySummaryView(BaseModel):
    """The story's current summary: the latest version, and whether it is stale (the
    articles changed since; ``job`` is recomputing it)."""

    story_id: str
    revision: int
    stale: bool
    version: int | None = None
    summary: ClusterSummary | None = None
    changes: StoryChanges | None = None
    job: JobAccepted | None = Field(default=None, description="The recomputation, if stale.")

    @classmethod
    def of(cls, current: StorySummary) -> StorySummaryView:
        version = current.version
        data: dict[str, Any] = {
            "story_id": current.story_id,
            "revision": current.revision,
            "stale": current.stale,
            "job": JobAccepted(id=current.job.id, status=current.job.status)
            if current.job
            else None,
        }
        if version is not None:
            data |= {
                "version": version.version,
                "summary": version.summary,
                "changes": version.changes,
            }
        return cls.model_validate(data)
