"""Jobs: ``POST /v1/jobs`` queues a summary, ``GET`` follows it, ``DELETE`` cancels it.

A job belongs to the API key that made it: another key sees a 404. A repeated
``Idempotency-Key`` (per key) answers the job it made the first time; the same key
with another body is a 409.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from ..ingest import cluster_from_input
from ..models.jobs import Format, Job
from ..render import render
from ..store import IdempotencyConflict
from .errors import REQUEST_SOURCE, ServiceError, not_found
from .routes_summarize import MEDIA_TYPES, check_article_count
from .schemas import JobAccepted, JobRequest, JobView
from .security import Principal, authorize
from .state import ServiceState, service_state

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Repeat a request safely: the same key answers the same job.",
    ),
]


def job_location(request: Request, job_id: str) -> str:
    return f"{request.scope.get('root_path', '')}/v1/jobs/{job_id}"


async def job_of(state: ServiceState, principal: Principal, job_id: str) -> Job:
    """The caller's job (another key's is not found, as an unknown one)."""
    store = await run_in_threadpool(state.store)
    job = await run_in_threadpool(store.get_job, job_id)
    if job is None or (principal.key_id is not None and job.key_id != principal.key_id):
        raise not_found(f"job {job_id!r}")
    return job


def accepted(request: Request, job: Job) -> JSONResponse:
    headers = {"Location": job_location(request, job.id)}
    body = JobAccepted(id=job.id, status=job.status).model_dump()
    return JSONResponse(body, status_code=202, headers=headers)


@router.post(
    "",
    status_code=202,
    summary="Queue a summary",
    response_model=JobAccepted,
    responses={409: {"description": "The Idempotency-Key was used with another body."}},
)
async def create_job(
    body: JobRequest,
    request: Request,
    principal: Annotated[Principal, Depends(authorize)],
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    state = service_state(request)
    check_article_count(len(body.cluster.articles), state.settings.max_articles)
    # What would fail at once fails here, not in a worker: the cluster and the backend.
    await run_in_threadpool(cluster_from_input, body.cluster, None, REQUEST_SOURCE)
    state.backend(body.backend, body.model)
    summarize_request = body.summarize_request()
    if summarize_request.backend is None:
        summarize_request.backend = state.default_backend
    store = await run_in_threadpool(state.store)
    try:
        job = await run_in_threadpool(
            lambda: store.create_job(
                summarize_request,
                callback_url=str(body.callback_url) if body.callback_url else None,
                idempotency_key=idempotency_key,
                key_id=principal.key_id,
            )
        )
    except IdempotencyConflict as conflict:
        raise ServiceError(409, "idempotency_conflict", str(conflict)) from conflict
    state.wake_worker()
    return accepted(request, job)


@router.get("/{job_id}", summary="A job's status, progress and result", response_model=JobView)
async def get_job(
    job_id: str, request: Request, principal: Annotated[Principal, Depends(authorize)]
) -> JobView:
    return JobView.of(await job_of(service_state(request), principal, job_id))


@router.get(
    "/{job_id}/result",
    summary="A done job's summary, rendered",
    response_model=None,
    responses={409: {"description": "The job is not done."}},
)
async def get_job_result(
    job_id: str,
    request: Request,
    principal: Annotated[Principal, Depends(authorize)],
    format: Format | None = None,
) -> Response:
    job = await job_of(service_state(request), principal, job_id)
    if job.result is None:
        raise ServiceError(409, "not_done", f"job {job_id} is {job.status}")
    chosen = format or job.request.format
    return Response(render(job.result, chosen), media_type=MEDIA_TYPES[chosen])


@router.delete("/{job_id}", summary="Cancel a job", response_model=JobView)
async def cancel_job(
    job_id: str, request: Request, principal: Annotated[Principal, Depends(authorize)]
) -> JobView:
    """A queued job is cancelled at once, a running one stops between stages
    (``cancel_requested`` until then); a finished job is answered as it is."""
    state = service_state(request)
    await job_of(state, principal, job_id)
    store = await run_in_threadpool(state.store)
    job = await run_in_threadpool(store.cancel_job, job_id)
    if job is None:
        raise not_found(f"job {job_id!r}")
    return JobView.of(job)
