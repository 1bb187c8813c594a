"""Stories that grow: articles put and deleted one at a time, and a versioned summary.

``GET /v1/stories/{id}/summary`` answers the latest summary version. When the
articles changed since (the story's revision moved on), the summary is stale: a job
recomputing it is queued (once per revision) and the answer is the last version with
``stale: true`` and that job, or, before any version exists, 202 with the job and a
``Location``. Per-article work is cached, so a recomputation after one new article
costs that article's map call and the reduce.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from ..errors import InputError
from ..ingest import cluster_from_input
from ..jobs import story_request
from ..models import ArticleInput, ClusterInput
from ..models.jobs import Job
from ..models.stories import StorySummary
from ..store import IdempotencyConflict, Store
from .errors import REQUEST_SOURCE, ServiceError, not_found
from .routes_jobs import job_location
from .schemas import StoryArticleView, StorySummaryView
from .security import Principal, authorize
from .state import ServiceState, service_state

router = APIRouter(prefix="/v1/stories", tags=["stories"])

Id = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:\-]+$")]
# Job errors a story summary answers with, by the error's kind.
FAILED_STATUS = {"input_error": 400, "config_error": 400, "model_error": 502}


def current_summary(store: Store, story_id: str, backend: str) -> StorySummary | None:
    """The latest version, stale or not, and the job for the story's revision (queued
    when none is running or done for it). None for an unknown or empty story."""
    story = store.story(story_id)
    if story is None or story.articles == 0:
        return None
    latest = store.latest_story_version(story_id)
    if latest is not None and latest.revision == story.revision:
        return StorySummary(story_id=story_id, revision=story.revision, stale=False, version=latest)
    job: Job | None = store.story_job(story_id, story.revision)
    if job is None or job.status == "cancelled":
        request = story_request(store, story_id, backend=backend)
        if request is None:
            return None
        # One job per revision, however many readers ask at once (the store makes
        # the idempotency key atomic); a cancelled one is followed by a new one.
        key = f"story:{story_id}:{story.revision}" + (f":after:{job.id}" if job else "")
        try:
            job = store.create_job(
                request, idempotency_key=key, story_id=story_id, story_revision=story.revision
            )
        except IdempotencyConflict:
            job = store.story_job(story_id, story.revision)
    return StorySummary(
        story_id=story_id, revision=story.revision, stale=True, version=latest, job=job
    )


@router.put(
    "/{story_id}/articles/{article_id}",
    summary="Add or replace one article",
    response_model=StoryArticleView,
    responses={201: {"model": StoryArticleView, "description": "The article was added."}},
)
async def put_article(
    story_id: Id,
    article_id: Id,
    article: ArticleInput,
    request: Request,
    principal: Annotated[Principal, Depends(authorize)],
) -> JSONResponse:
    state = service_state(request)
    if article.id is not None and article.id != article_id:
        raise InputError(REQUEST_SOURCE, f"article id {article.id!r} is not {article_id!r}")
    article = article.model_copy(update={"id": article_id})
    # The same checks as a cluster's article: inline text, not empty, not binary.
    one = ClusterInput(id=story_id, articles=[article])
    await run_in_threadpool(cluster_from_input, one, None, REQUEST_SOURCE)
    store = await run_in_threadpool(state.store)
    before = await run_in_threadpool(store.story, story_id)
    known = {item.article_id for item in await run_in_threadpool(store.story_articles, story_id)}
    if article_id not in known and len(known) >= state.settings.max_articles:
        raise InputError(REQUEST_SOURCE, f"story {story_id} has {len(known)} articles, the limit")
    stored = await run_in_threadpool(store.put_article, story_id, article_id, article)
    revision_before = before.revision if before else 0
    after = await run_in_threadpool(store.story, story_id)
    view = StoryArticleView(
        story_id=story_id,
        article_id=article_id,
        content_hash=stored.content_hash,
        revision=after.revision if after else stored.revision,
        changed=(after.revision if after else stored.revision) != revision_before,
    )
    return JSONResponse(view.model_dump(), status_code=200 if article_id in known else 201)


@router.delete("/{story_id}/articles/{article_id}", summary="Remove one article", status_code=204)
async def delete_article(
    story_id: Id,
    article_id: Id,
    request: Request,
    principal: Annotated[Principal, Depends(authorize)],
) -> Response:
    store = await run_in_threadpool(service_state(request).store)
    if not await run_in_threadpool(store.delete_article, story_id, article_id):
        raise not_found(f"article {article_id!r} in story {story_id!r}")
    return Response(status_code=204)


@router.get(
    "/{story_id}/summary",
    summary="The story's current summary, its version and what changed",
    response_model=StorySummaryView,
    responses={202: {"model": StorySummaryView, "description": "No version yet: computing."}},
)
async def story_summary(
    story_id: Id, request: Request, principal: Annotated[Principal, Depends(authorize)]
) -> JSONResponse:
    state: ServiceState = service_state(request)
    store = await run_in_threadpool(state.store)
    current = await run_in_threadpool(current_summary, store, story_id, state.default_backend)
    if current is None:
        raise not_found(f"story {story_id!r}")
    if current.job is not None and current.job.status == "queued":
        state.wake_worker()
    if current.version is None and current.job is not None and current.job.status == "failed":
        error = current.job.error
        raise ServiceError(
            FAILED_STATUS.get(error.type, 500) if error else 500,
            error.type if error else "job_failed",
            error.message if error else f"job {current.job.id} failed",
        )
    body = StorySummaryView.of(current).model_dump(mode="json")
    if current.version is None and current.job is not None:
        return JSONResponse(
            body, status_code=202, headers={"Location": job_location(request, current.job.id)}
        )
    return JSONResponse(body)
