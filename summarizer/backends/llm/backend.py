"""A backend for any server that speaks OpenAI's /v1/chat/completions.

A run always ends with the best summary it can have within its deadline: what the
model could not write is taken from the articles' own sentences and named in
``warnings`` (``stages``, ``fallback``); only a failure every call would share (a
rejected key, no such model, no server) raises, carrying the usage so far.
"""

from __future__ import annotations

import asyncio
from typing import Any

from ...errors import ConfigError
from ...grouping import cite_copies
from ...models import ArticleDigest, ClusterSummary, Corpus, SummaryDraft, SummaryOptions
from ...settings import ModelSettings
from ..base import ProgressCallback
from .client import checked_settings, make_client, model_settings, server_url
from .errors import FatalModelError
from .fallback import extractive_summary
from .hierarchy import reduce_in_steps
from .representatives import Reading, choose_articles
from .resolve import ordered_usage, resolved_summary
from .run import Run
from .stages import Stages
from .structured import StructuredCaller

EXTRACTIVE_SUMMARY = (
    "this summary was taken from the articles' own sentences (extractive), preferring "
    "those the digests cite"
)


class OpenAIBackend:
    """Summaries written by a language model behind an OpenAI-compatible server.

    ``OpenAIBackend(ModelSettings(...))``, or keyword values of its fields
    (``OpenAIBackend(model=..., base_url=...)``) over the environment's. Keyword values
    beside ``settings`` override its fields.
    """

    name = "openai"

    def __init__(self, settings: ModelSettings | None = None, **values: Any) -> None:
        if settings is not None:
            values = {**settings.model_dump(), **values}
        self.caller = StructuredCaller(checked_settings(model_settings(**values)))
        self.stages = Stages(self.caller)

    @property
    def settings(self) -> ModelSettings:
        return self.caller.settings

    @property
    def model(self) -> str:
        return self.settings.model

    @property
    def context_window(self) -> int:
        return self.caller.context_window

    @property
    def server(self) -> str:
        return server_url(self.settings)

    @property
    def prompt_versions(self) -> dict[str, str]:
        prompts = (self.stages.digest_prompt, self.stages.reduce_prompt, self.caller.reask_prompt)
        return {prompt.stage: prompt.version for prompt in prompts}

    async def summarize(
        self,
        corpus: Corpus,
        options: SummaryOptions,
        progress: ProgressCallback | None = None,
    ) -> ClusterSummary:
        loop = asyncio.get_running_loop()
        reading = choose_articles(corpus, self.settings.max_articles)
        run = Run(reading.corpus, options, deadline_s=self.settings.deadline, started=loop.time())
        if (warning := reading.warning()) is not None:
            run.warn(warning)
        try:
            async with make_client(self.settings) as client:
                digests = await self.stages.digest_all(client, run, progress)
                try:
                    draft = await self.stages.reduce(client, run, digests, progress)
                except ConfigError:  # the digests do not fit one reduce prompt
                    draft = await reduce_in_steps(self.stages, client, run, digests, progress)
        except FatalModelError as error:
            error.calls = ordered_usage(run).calls
            raise
        summary = self._stamped(self._summary(run, digests, draft), run, reading)
        return cite_copies(summary, reading.copies, corpus)

    def _summary(
        self, run: Run, digests: list[ArticleDigest], draft: SummaryDraft | None
    ) -> ClusterSummary:
        """The model's summary, else (with a warning) the extractive one."""
        if draft is not None:
            summary = resolved_summary(draft, run)
            if summary.sentences:
                return summary
            run.fell_back("reduce", "no sentence of the model's summary had a valid citation")
        run.warn(EXTRACTIVE_SUMMARY)
        fallback = extractive_summary(run.corpus, digests, run.options)
        for warning in fallback.warnings:
            run.warn(warning)
        return fallback

    def _stamped(self, summary: ClusterSummary, run: Run, reading: Reading) -> ClusterSummary:
        settings: dict[str, object] = {
            "max_articles": self.settings.max_articles,
            "articles_read": reading.settings(),
            "base_url": self.server,
            "context_window": self.context_window,
            "response_format": self.caller.mode,
            "deadline_s": self.settings.deadline,
        }
        if run.fallbacks:
            settings["extractive_fallback"] = sorted(set(run.fallbacks))
        return summary.model_copy(
            update={
                "backend": self.name,
                "model": self.model,
                "prompt_versions": self.prompt_versions,
                "settings": settings,
                "usage": ordered_usage(run),
                "warnings": list(run.warnings),
            }
        )
