"""Jobs: a summary request queued in the store, claimed by a worker, and its outcome.

``SummarizeRequest`` is the body of ``POST /v1/summarize`` and of ``POST /v1/jobs``
(the job adds ``callback_url`` beside it); a ``Job`` carries the request, its status,
its progress (articles digested of total), and the ``ClusterSummary`` or a structured
error. API keys (``ApiKey``) are listed here too: a job records the key that made it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from ..settings import DEFAULT_MAX_WORDS, MAX_MAX_WORDS, MIN_MAX_WORDS
from .base import ContractModel
from .input import ClusterInput
from .summary import ClusterSummary

# The output formats (the same three as ``summarizer.render.Format``).
Format = Literal["json", "md", "html"]

JobStatus = Literal["queued", "running", "done", "failed", "cancelled"]
JOB_STATUSES: tuple[JobStatus, ...] = get_args(JobStatus)
FINISHED: frozenset[JobStatus] = frozenset({"done", "failed", "cancelled"})

DeliveryStatus = Literal["pending", "sending", "delivered", "failed"]

CLUSTER_EXAMPLE: dict[str, Any] = {
    "id": "mill-fire",
    "title": "Fire at the Orlen textile mill",
    "articles": [
        {
            "id": "northern-ledger",
            "outlet": "Northern Ledger",
            "published": "2024-05-08",
            "text": "A fire broke out at the Orlen mill on Tuesday night, the fire service "
            "said. Two workers were taken to hospital.",
        },
        {
            "id": "civic-voice",
            "outlet": "Civic Voice",
            "published": "2024-05-08",
            "text": "Fire tore through the Orlen mill late on Tuesday. The union says the "
            "owners ignored warnings about faulty wiring.",
        },
    ],
}


class SummarizeRequest(BaseModel):
    """What ``POST /v1/summarize`` accepts, and what a job runs."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"cluster": CLUSTER_EXAMPLE, "max_words": 120}]},
    )

    cluster: ClusterInput = Field(
        description=(
            "A cluster.json-shaped object: optional `id`, `title`, `language`, and "
            "`articles`, a non-empty list of objects each with an inline `text` and "
            "optional `id`, `outlet`, `title`, `url`, `published`, `dateline`, "
            "`language`, `content_type` (text, markdown or html). `file` entries are "
            "refused: the service reads no files."
        )
    )
    max_words: int = Field(
        default=DEFAULT_MAX_WORDS,
        ge=MIN_MAX_WORDS,
        le=MAX_MAX_WORDS,
        description="Word budget of the body.",
    )
    backend: str | None = Field(
        default=None, description="A registered backend; the server's default if unset."
    )
    model: str | None = Field(
        default=None, max_length=200, description="Model name for the openai backend."
    )
    format: Format = Field(
        default="json", description="json (ClusterSummary), md (Markdown) or html (a page)."
    )
    all_stories: bool = Field(
        default=False,
        description="Input that holds several stories: summarise each, largest first "
        "(default: the largest). json: a ClusterStories; md: a section a story; html is "
        "refused (a page holds one story). POST /v1/summarize only: a job summarises one.",
    )


class JobProgress(ContractModel):
    """Articles digested of total; ``stage`` is the backend's latest (digest, reduce)."""

    done: int = 0
    total: int = 0
    stage: str | None = None


class JobError(ContractModel):
    """Why a job failed: the error's kind (input_error, model_error...) and its words."""

    type: str
    message: str


class Delivery(ContractModel):
    """The webhook's state: POSTed once when the job ends, retried with backoff."""

    status: DeliveryStatus = "pending"
    attempts: int = 0
    status_code: int | None = None
    error: str | None = None
    delivered: datetime | None = None


class Job(ContractModel):
    id: str
    status: JobStatus
    progress: JobProgress = Field(default_factory=JobProgress)
    request: SummarizeRequest
    result: ClusterSummary | None = None
    error: JobError | None = None
    callback_url: str | None = None
    delivery: Delivery | None = Field(
        default=None, description="The webhook's delivery, when there is a callback_url."
    )
    idempotency_key: str | None = None
    key_id: str | None = Field(default=None, description="The API key that created it.")
    story_id: str | None = Field(default=None, description="Set on a story's recomputation.")
    story_revision: int | None = Field(
        default=None, description="The story's article revision this job summarises."
    )
    cancel_requested: bool = False
    attempts: int = Field(default=0, description="Times a worker has claimed it.")
    worker_id: str | None = None
    created: datetime
    updated: datetime

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class ApiKey(ContractModel):
    """An API key as stored: its id and name, never its secret (only a hash is kept)."""

    id: str
    name: str
    created: datetime
    revoked: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked is None
