"""One structured call: ask, validate, and re-ask about an invalid answer.

The re-ask is the only thing retried here, by a bounded tenacity policy; transport
retries (429, 5xx, timeouts) stay the ``openai`` client's own, and no other error is
retried. A server that refuses json_schema gets JSON mode, remembered from then on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from pydantic import BaseModel
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from ...errors import ValidationFailedError
from ...models import CallUsage, VerificationIssue
from ...prompt import PromptTemplate, load_prompt
from ...settings import ModelSettings
from ...tokens import context_window as known_context_window
from ...tokens import count_message_tokens, count_tokens
from .answers import MAX_ERRORS_SENT, ResponseMode, response_format, schema_text, validate
from .errors import model_error, rejects_response_format

Answer = TypeVar("Answer", bound=BaseModel)
Message = dict[str, str]
Check = Callable[[Answer], list[VerificationIssue]]
CUT_OFF_NOTE = "\n[answer cut off: it was longer than the server allows]"


@dataclass(frozen=True)
class Request(Generic[Answer]):
    """One logical call: a prompt, its variables, and the answer's type and room."""

    stage: str
    template: PromptTemplate
    variables: dict[str, Any]
    answer_type: type[Answer]
    answer_tokens: int

    def messages(self, mode: ResponseMode) -> list[Message]:
        schema = schema_text(self.answer_type) if mode == "json_object" else ""
        return self.template.render(**self.variables, answer_schema=schema).messages()


@dataclass
class Outcome(Generic[Answer]):
    """The last parsed answer of a call, with the problems it still has (if any)."""

    value: Answer
    issues: list[VerificationIssue]
    attempts: list[list[str]]
    completion: str


@dataclass
class Tally:
    """Usage of one logical call, summed over its attempts."""

    stage: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0
    started: float = field(default_factory=time.perf_counter)

    def usage(self) -> CallUsage:
        return CallUsage(
            stage=self.stage,
            model=self.model,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            wall_s=round(time.perf_counter() - self.started, 3),
            attempts=self.attempts,
        )


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

    def request_tokens(self, request: Request[Any]) -> int:
        """Prompt tokens of ``request`` in the current mode, the enforced schema included."""
        tokens = count_message_tokens(request.messages(self.mode), self.settings.model)
        if self.mode == "json_schema":
            tokens += count_tokens(schema_text(request.answer_type), self.settings.model)
        return tokens

    async def _attempt(self, client: AsyncOpenAI, exchange: _Exchange[Answer]) -> Outcome[Answer]:
        request = exchange.request
        completion = await self._complete(client, request, exchange.follow_up, exchange.tally)
        value, errors, issues = validate(completion, request.answer_type, exchange.check)
        if not errors:
            return Outcome(cast(Answer, value), [], exchange.attempts, completion)
        exchange.attempts.append(errors)
        exchange.follow_up = self._reask_turns(completion, errors, request.stage)
        raise InvalidAnswer(completion, errors, value, issues)

    def _reask_turns(self, completion: str, errors: list[str], stage: str) -> list[Message]:
        """The bad answer as the assistant's turn, then the errors as the user's.

        Only the latest exchange is kept: older bad answers add tokens, not information.
        """
        task = stage.split(":")[0] if stage.startswith(("digest", "judge")) else "summary"
        reask = self.reask_prompt.render(errors=errors[:MAX_ERRORS_SENT], task=task)
        return [
            {"role": "assistant", "content": completion},
            {"role": "user", "content": reask.user},
        ]

    async def _complete(
        self, client: AsyncOpenAI, request: Request[Any], follow_up: list[Message], tally: Tally
    ) -> str:
        mode = self.mode  # read once: a concurrent call may switch it meanwhile
        messages = self._fitted_messages(request, mode, follow_up)
        tally.attempts += 1
        try:
            response = await self._create(client, messages, request, mode)
        except openai.BadRequestError as error:
            if not self._falls_back(error, mode):
                raise model_error(error, self.settings) from error
            self.mode = mode = "json_object"
            messages = self._fitted_messages(request, mode, follow_up)
            try:
                response = await self._create(client, messages, request, mode)
            except openai.BadRequestError as second_error:
                raise model_error(second_error, self.settings) from second_error
        return self._content(response, messages, tally)

    def _falls_back(self, error: openai.BadRequestError, mode: ResponseMode) -> bool:
        """Whether to retry a 400 in JSON mode: only when the server refused json_schema."""
        auto = mode == "json_schema" and self.settings.structured == "auto"
        return auto and rejects_response_format(error)

    def _fitted_messages(
        self, request: Request[Any], mode: ResponseMode, follow_up: list[Message]
    ) -> list[Message]:
        """The request's messages plus the re-ask turns; when the bad answer would push
        the request past the context window, the errors go without it."""
        messages = request.messages(mode) + follow_up
        limit = self.context_window - request.answer_tokens
        if len(follow_up) > 1 and count_message_tokens(messages, self.settings.model) > limit:
            messages = request.messages(mode) + follow_up[-1:]
        return messages

    async def _create(
        self,
        client: AsyncOpenAI,
        messages: list[Message],
        request: Request[Any],
        mode: ResponseMode,
    ) -> ChatCompletion:
        try:
            return await client.chat.completions.create(
                model=self.settings.model,
                messages=cast("list[ChatCompletionMessageParam]", messages),
                response_format=response_format(request.answer_type, mode),
            )
        except openai.BadRequestError:
            raise  # the caller decides whether to fall back to JSON mode
        except openai.APIError as error:
            raise model_error(error, self.settings) from error

    def _content(self, response: ChatCompletion, messages: list[Message], tally: Tally) -> str:
        model = self.settings.model
        choice = response.choices[0] if response.choices else None
        content = (choice.message.content if choice else None) or ""
        if response.usage is not None:
            tally.prompt_tokens += response.usage.prompt_tokens
            tally.completion_tokens += response.usage.completion_tokens
        else:
            tally.prompt_tokens += count_message_tokens(messages, model)
            tally.completion_tokens += count_tokens(content, model)
        if choice is not None and choice.finish_reason == "length":
            # Cut off mid-answer: the JSON will not parse, and the re-ask says why.
            content += CUT_OFF_NOTE
        return content
