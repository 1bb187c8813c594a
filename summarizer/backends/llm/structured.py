"""One structured call: ask, validate, and re-ask about an invalid answer.

The re-ask is the only thing retried here, by a bounded tenacity policy; transport
retries (429, 5xx, timeouts) stay the ``openai`` client's own, and no other error is
retried. Every request caps its answer (``max_tokens``, or ``max_completion_tokens``);
an answer cut off at the cap is asked for once more, shorter, then fails the call. A
server that refuses json_schema gets JSON mode, and one that wants
``max_completion_tokens`` gets it, each remembered from then on. Under a model-call
cache (``summarizer.store.using_cache``) a call first looks up its key, and an
answer that passed validation is kept under it; a hit costs no request (its usage
shows 0 attempts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

import openai
from openai import AsyncOpenAI, omit
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from pydantic import BaseModel
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from ...errors import ValidationFailedError
from ...models import CallUsage, VerificationIssue
from ...prompt import PromptTemplate, load_prompt
from ...settings import ModelSettings, OutputCapParam
from ...store.cache import call_key, current_cache
from ...tokens import context_window as known_context_window
from ...tokens import count_message_tokens, count_tokens
from .answers import MAX_ERRORS_SENT, ResponseMode, response_format, schema_text, validate
from .errors import (
    CutOffError,
    RefusedError,
    model_error,
    rejects_response_format,
    wants_max_completion_tokens,
)
from .replies import Message, Reply, Tally, read_reply

Answer = TypeVar("Answer", bound=BaseModel)
Check = Callable[[Answer], list[VerificationIssue]]


@dataclass(frozen=True)
class Request(Generic[Answer]):
    """One logical call: a prompt, its variables, and the answer's type and room.

    ``shorter`` holds the tighter limits (``items``, ``words``) asked for after an
    answer was cut off."""

    stage: str
    template: PromptTemplate
    variables: dict[str, Any]
    answer_type: type[Answer]
    answer_tokens: int
    shorter: dict[str, int] = field(default_factory=dict)

    @property
    def task(self) -> str:
        """Which rules a re-ask recalls: digest, judge or summary."""
        return self.stage.split(":")[0] if self.stage.startswith(("digest", "judge")) else "summary"

    def messages(self, mode: ResponseMode, note: str = "") -> list[Message]:
        """The rendered prompt; ``note`` is added to its user message (a second user
        turn in a row would break chat templates that want roles to alternate)."""
        schema = schema_text(self.answer_type) if mode == "json_object" else ""
        messages = self.template.render(**self.variables, answer_schema=schema).messages()
        if note:
            messages[-1] = {**messages[-1], "content": f"{messages[-1]['content']}\n\n{note}"}
        return messages


@dataclass
class Outcome(Generic[Answer]):
    """The last parsed answer of a call, with the problems it still has (if any)."""

    value: Answer
    issues: list[VerificationIssue]
    attempts: list[list[str]]
    completion: str


class InvalidAnswer(Exception):
    """An answer to re-ask about; ``value`` is set when it parsed but failed checks."""

    def __init__(
        self, completion: str, errors: list[str], value: Any, issues: list[VerificationIssue]
    ) -> None:
        super().__init__("; ".join(errors))
        self.completion = completion
        self.errors = errors
        self.value = value
        self.issues = issues


@dataclass
class _Exchange(Generic[Answer]):
    """What the attempts of one call share: the re-ask turns, errors so far, usage."""

    request: Request[Answer]
    check: Check[Answer]
    tally: Tally
    follow_up: list[Message] = field(default_factory=list)
    attempts: list[list[str]] = field(default_factory=list)
    shorter_note: str = ""  # set once an answer was cut off


def reask_policy(max_reasks: int) -> AsyncRetrying:
    """Retry an invalid answer only, at most ``max_reasks`` times, without waiting."""
    return AsyncRetrying(
        stop=stop_after_attempt(max_reasks + 1),
        retry=retry_if_exception_type(InvalidAnswer),
        reraise=True,
    )


class StructuredCaller:
    """Asks one model for answers of pydantic types; holds the response mode it learnt."""

    def __init__(self, settings: ModelSettings) -> None:
        self.settings = settings
        self.context_window = known_context_window(settings.model, settings.context_window)
        self.mode: ResponseMode = (
            "json_object" if settings.structured == "json_object" else "json_schema"
        )
        self.cap_param: OutputCapParam = settings.output_cap_param
        self.reask_prompt = load_prompt("reask")

    async def ask(
        self,
        client: AsyncOpenAI,
        request: Request[Answer],
        check: Check[Answer],
        *,
        max_reasks: int,
        calls: list[CallUsage],
    ) -> Outcome[Answer]:
        """Ask, validate, re-ask up to ``max_reasks`` times; the call's usage (summed
        over its attempts) is appended to ``calls``. A last answer that parsed but
        failed ``check`` comes back with its issues; one that never parsed raises."""
        exchange = _Exchange(request, check, Tally(request.stage, self.settings.model))
        try:
            outcome: Outcome[Answer] = await reask_policy(max_reasks)(
                self._attempt, client, exchange
            )
            return outcome
        except InvalidAnswer as failure:
            if failure.value is None:
                raise ValidationFailedError(
                    request.stage, exchange.attempts, failure.completion
                ) from None
            value = cast(Answer, failure.value)
            return Outcome(value, failure.issues, exchange.attempts, failure.completion)
        finally:
            calls.append(exchange.tally.usage())

    def answer_cap(self, request: Request[Any]) -> int:
        """The answer's token cap: the stage's size, or the settings' cap when lower."""
        cap = self.settings.max_output_tokens
        return min(request.answer_tokens, cap) if cap else request.answer_tokens

    def cache_key(self, request: Request[Any]) -> str:
        """The model-call cache's key of ``request`` as first asked (no re-ask turns):
        model, prompt version, messages, schema and mode; no timeouts or retries."""
        return call_key(
            model=self.settings.model,
            prompt_version=request.template.version,
            messages=request.messages(self.mode),
            schema=schema_text(request.answer_type),
            mode=self.mode,
        )

    def request_tokens(self, request: Request[Any]) -> int:
        """Prompt tokens of ``request`` in the current mode, the enforced schema included."""
        tokens = count_message_tokens(request.messages(self.mode), self.settings.model)
        if self.mode == "json_schema":
            tokens += count_tokens(schema_text(request.answer_type), self.settings.model)
        return tokens

    async def _attempt(self, client: AsyncOpenAI, exchange: _Exchange[Answer]) -> Outcome[Answer]:
        request = exchange.request
        cache = current_cache()
        if cache is not None and not exchange.attempts:
            cached = cache.get(self.cache_key(request))
            if cached is not None:  # served only when it still passes every check
                value, errors, _ = validate(cached, request.answer_type, exchange.check)
                if not errors:
                    return Outcome(cast(Answer, value), [], exchange.attempts, cached)
        reply = await self._complete(client, exchange)
        while reply.cut_off and not reply.refusal:
            self._ask_shorter(exchange, reply)
            reply = await self._complete(client, exchange)
        if reply.refusal:
            raise RefusedError(request.stage, reply.refusal)
        completion = reply.content
        value, errors, issues = validate(completion, request.answer_type, exchange.check)
        if not errors:
            if cache is not None:  # only an answer that passed validation is kept
                cache.put(self.cache_key(request), completion)
            return Outcome(cast(Answer, value), [], exchange.attempts, completion)
        exchange.attempts.append(errors)
        exchange.follow_up = self._reask_turns(completion, errors, request.task)
        raise InvalidAnswer(completion, errors, value, issues)

    def _ask_shorter(self, exchange: _Exchange[Any], reply: Reply) -> None:
        """After the first cut-off, the request again with a note asking for a shorter
        answer (the cut-off answer is not sent back: it is long and broken); after the
        second, the call fails."""
        request = exchange.request
        tokens = reply.completion_tokens or self.answer_cap(request)
        if exchange.shorter_note:
            raise CutOffError(request.stage, tokens)
        problem = f"the answer was cut off at {tokens} tokens"
        exchange.attempts.append([problem])
        exchange.follow_up = []
        exchange.shorter_note = self.reask_prompt.render(
            errors=[f"{problem}; answer much shorter"],
            task=request.task,
            cut_off=tokens,
            **request.shorter,
        ).user

    def _reask_turns(self, completion: str, errors: list[str], task: str) -> list[Message]:
        """The bad answer as the assistant's turn, then the errors as the user's.

        Only the latest exchange is kept: older bad answers add tokens, not information.
        """
        reask = self.reask_prompt.render(errors=errors[:MAX_ERRORS_SENT], task=task, cut_off=None)
        return [
            {"role": "assistant", "content": completion},
            {"role": "user", "content": reask.user},
        ]

    async def _complete(self, client: AsyncOpenAI, exchange: _Exchange[Any]) -> Reply:
        exchange.tally.attempts += 1
        while True:
            # Read once: a concurrent call may switch them meanwhile.
            mode, cap_param = self.mode, self.cap_param
            messages = self._fitted_messages(exchange, mode)
            try:
                response = await self._create(client, messages, exchange.request, mode, cap_param)
            except openai.BadRequestError as error:
                if not self._switched(error, mode, cap_param):
                    raise model_error(error, self.settings) from error
                continue
            return read_reply(response, messages, exchange.tally)

    def _switched(
        self, error: openai.BadRequestError, mode: ResponseMode, cap_param: OutputCapParam
    ) -> bool:
        """Whether a 400 asked for what this server does instead (JSON mode, only under
        ``structured="auto"``; ``max_completion_tokens``), now switched to for good."""
        auto = self.settings.structured == "auto"
        if mode == "json_schema" and auto and rejects_response_format(error):
            self.mode = "json_object"
            return True
        if cap_param == "max_tokens" and wants_max_completion_tokens(error):
            self.cap_param = "max_completion_tokens"
            return True
        return False

    def _fitted_messages(self, exchange: _Exchange[Any], mode: ResponseMode) -> list[Message]:
        """The request's messages plus the re-ask turns; when the bad answer would push
        the request past the context window, the errors go without it."""
        request, follow_up = exchange.request, exchange.follow_up
        messages = request.messages(mode, exchange.shorter_note) + follow_up
        limit = self.context_window - self.answer_cap(request)
        if len(follow_up) > 1 and count_message_tokens(messages, self.settings.model) > limit:
            messages = request.messages(mode, exchange.shorter_note) + follow_up[-1:]
        return messages

    async def _create(
        self,
        client: AsyncOpenAI,
        messages: list[Message],
        request: Request[Any],
        mode: ResponseMode,
        cap_param: OutputCapParam,
    ) -> ChatCompletion:
        cap = self.answer_cap(request)
        try:
            return await client.chat.completions.create(
                model=self.settings.model,
                messages=cast("list[ChatCompletionMessageParam]", messages),
                response_format=response_format(request.answer_type, mode),
                max_tokens=cap if cap_param == "max_tokens" else omit,
                max_completion_tokens=cap if cap_param == "max_completion_tokens" else omit,
            )
        except openai.BadRequestError:
            raise  # the caller decides whether to switch and ask again
        except openai.APIError as error:
            raise model_error(error, self.settings) from error
