"""The eval harness's semantic judge (``summarizer eval --judge``): per labelled fact,
whether a summary states it, asked of a language model (``prompts/judge``).

A figure beside the lexical one, never instead of it. The judge is obtained for a
backend by ``judge_for``: the backend's own ``judge_facts`` when it has one (test
fakes), a ``FactJudge`` on the same model for the openai backend, else none.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Protocol

from ..backends.base import Backend
from ..backends.llm import OpenAIBackend, Request, StructuredCaller, checked_settings, make_client
from ..models import CallUsage, JudgeDraft, JudgeVerdict
from ..prompt import load_prompt
from ..settings import ModelSettings
from .dataset import Fact

# A backend's optional semantic judge: (summary text, facts) -> one verdict per fact,
# each a JudgeVerdict or any object with fact_id, covered and reason attributes. The
# sequence may carry ``usage`` (prompt_tokens, completion_tokens) and ``prompt_version``
# (as ``FactJudge``'s does); a SummarizerError is recorded in the cluster's judge.
JudgeFacts = Callable[[str, list[Fact]], Awaitable[Sequence[object]]]


# Answer room per request and per fact, and re-asks.
JUDGE_ANSWER_TOKENS_BASE = 200
JUDGE_ANSWER_TOKENS_PER_FACT = 80
JUDGE_MAX_REASKS = 2
NOT_JUDGED = "not judged by the model"


class JudgedFact(Protocol):
    """What the judge reads of a labelled fact (``summarizer.evals.dataset.Fact``)."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def keys(self) -> list[list[str]]: ...


class JudgeVerdicts(list[JudgeVerdict]):
    """The judge's verdicts, one per fact in the facts' order, with the call's usage and
    the prompt version (read by the eval runner)."""

    def __init__(
        self, verdicts: Iterable[JudgeVerdict], usage: CallUsage, prompt_version: str
    ) -> None:
        super().__init__(verdicts)
        self.usage = usage
        self.prompt_version = prompt_version


class FactJudge:
    """Judges summaries with one model. ``caller`` shares a backend's learnt response
    mode (JSON mode after a server refused json_schema); by default it has its own."""

    def __init__(self, settings: ModelSettings, caller: StructuredCaller | None = None) -> None:
        self.caller = caller or StructuredCaller(checked_settings(settings))
        self.prompt = load_prompt("judge")

    async def judge_facts(self, summary_text: str, facts: Sequence[JudgedFact]) -> JudgeVerdicts:
        """Verdicts for ids not in ``facts`` are dropped; a fact the model did not judge
        is not covered."""
        variables = {
            "summary": summary_text,
            "facts": [{"id": fact.id, "text": _fact_text(fact)} for fact in facts],
        }
        answer_tokens = JUDGE_ANSWER_TOKENS_BASE + JUDGE_ANSWER_TOKENS_PER_FACT * len(facts)
        request = Request("judge", self.prompt, variables, JudgeDraft, answer_tokens)
        calls: list[CallUsage] = []
        async with make_client(self.caller.settings) as client:
            outcome = await self.caller.ask(
                client, request, lambda _: [], max_reasks=JUDGE_MAX_REASKS, calls=calls
            )
        return JudgeVerdicts(_fact_verdicts(outcome.value, facts), calls[0], self.prompt.version)


def judge_for(engine: Backend) -> JudgeFacts | None:
    """``engine``'s judge (an async ``judge_facts(summary_text, facts)``), or None."""
    own: JudgeFacts | None = getattr(engine, "judge_facts", None)
    if own is not None:
        return own
    if isinstance(engine, OpenAIBackend):
        return FactJudge(engine.settings, engine.caller).judge_facts
    return None


def _fact_text(fact: JudgedFact) -> str:
    """The fact in plain words; a fact labelled without them shows its key words."""
    if fact.text.strip():
        return fact.text
    return "(key words) " + "; ".join(" or ".join(group) for group in fact.keys)


def _fact_verdicts(draft: JudgeDraft, facts: Sequence[JudgedFact]) -> list[JudgeVerdict]:
    """One verdict per fact, in the facts' order: the model's first for its id, else
    not covered. Verdicts for ids of no fact are dropped."""
    given: dict[str, JudgeVerdict] = {}
    for verdict in draft.verdicts:
        given.setdefault(verdict.fact_id.strip().strip("[]").strip(), verdict)
    return [
        given[fact.id].model_copy(update={"fact_id": fact.id})
        if fact.id in given
        else JudgeVerdict(fact_id=fact.id, covered=False, reason=NOT_JUDGED)
        for fact in facts
    ]
