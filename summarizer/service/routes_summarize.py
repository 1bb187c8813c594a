"""``POST /v1/summarize``: one cluster in, its summary out, in the same request."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ..api import asummarize, asummarize_stories, render_stories
from ..backends import ProgressCallback
from ..errors import InputError
from ..ingest import cluster_from_input
from ..models import ClusterInput, ClusterStories, ClusterSummary, Corpus
from ..models.jobs import SummarizeRequest
from ..render import Format, render
from ..segment import segment_cluster
from ..store import StoreCache, using_cache
from .errors import REQUEST_SOURCE
from .security import Principal, authorize
from .state import ServiceState, service_state

MEDIA_TYPES: dict[Format, str] = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}

router = APIRouter()


def build_request_corpus(cluster: ClusterInput) -> Corpus:
    """Read and segment a cluster sent in a request; ``file`` entries are refused."""
    return segment_cluster(cluster_from_input(cluster, base_dir=None, source=REQUEST_SOURCE))


def check_article_count(count: int, limit: int) -> None:
    if count > limit:
        raise InputError(REQUEST_SOURCE, f"{count} articles; at most {limit} in one cluster")


async def run_summary(
    state: ServiceState, request: SummarizeRequest, progress: ProgressCallback | None = None
) -> ClusterSummary:
    """The summary of one request (its largest story): what the in-process worker runs."""
    one_story = request.model_copy(update={"all_stories": False})
    return (await run_summaries(state, one_story, progress))[0]


async def run_summaries(
    state: ServiceState, request: SummarizeRequest, progress: ProgressCallback | None = None
) -> list[ClusterSummary]:
    """The request's summary, or with ``all_stories`` one a story, largest first; through
    the model-call cache in the store."""
    corpus = await run_in_threadpool(build_request_corpus, request.cluster)
    engine = state.backend(request.backend, request.model)
    store = await run_in_threadpool(state.store)
    with using_cache(StoreCache(store) if state.cache else None):
        if request.all_stories:
            summaries = await asummarize_stories(
                corpus, backend=engine, max_words=request.max_words, progress=progress
            )
        else:
            summary = await asummarize(
                corpus, backend=engine, max_words=request.max_words, progress=progress
            )
            summaries = [summary]
    for summary in summaries:
        state.metrics.count_usage(summary)
    return summaries


@router.post(
    "/v1/summarize",
    summary="Summarise a cluster of articles",
    response_model=None,
    responses={
        200: {
            "model": ClusterSummary | ClusterStories,
            "description": "The summary, in the requested format (with all_stories, a "
            "ClusterStories or a Markdown section a story).",
            "content": {"text/markdown": {}, "text/html": {}},
        },
    },
)
async def summarize(
    body: SummarizeRequest,
    request: Request,
    principal: Annotated[Principal, Depends(authorize)],
) -> Response:
    state = service_state(request)
    check_article_count(len(body.cluster.articles), state.settings.max_articles)
    if body.all_stories:
        if body.format == "html":
            raise InputError("format", "html is one page a story: ask all_stories for json or md")
        text = render_stories(await run_summaries(state, body), body.format)
    else:
        text = render(await run_summary(state, body), body.format)
    return Response(text, media_type=MEDIA_TYPES[body.format])
