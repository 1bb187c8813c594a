"""A backend for any server that speaks OpenAI's /v1/chat/completions."""

from __future__ import annotations

from typing import Any

from ...models import ClusterSummary, Corpus, SummaryOptions
from ...settings import ModelSettings
from ..base import ProgressCallback
from .client import checked_settings, make_client, model_settings, server_url
from .resolve import resolved_summary
from .run import Run
from .stages import Stages
from .structured import StructuredCaller


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
        run = Run(corpus, options)
        async with make_client(self.settings) as client:
            digests = await self.stages.digest_all(client, run, progress)
            outcome = await self.stages.reduce(client, run, digests, progress)
        return resolved_summary(
            outcome,
            run,
            backend=self.name,
            model=self.model,
            prompt_versions=self.prompt_versions,
            settings={
                "base_url": self.server,
                "context_window": self.context_window,
                "response_format": self.caller.mode,
            },
        )
