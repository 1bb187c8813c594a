"""A backend for any server that speaks OpenAI's /v1/chat/completions.

Map: each article -> ``ArticleDigest`` (concurrently). Reduce: the digests plus the
full texts (or, when they do not fit the context window, the cited sentences only)
-> a ``SummaryDraft``, whose citations are then resolved through ``Corpus.cite``.
Every answer is validated with pydantic and ``verify``; on a problem the errors go
back to the model (``prompts/reask``) a bounded number of times. Transport retries
(429, 5xx, timeouts) are the client's own. ``judge_facts`` (``prompts/judge``) is the
eval harness's optional semantic judge, through the same request machinery.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, Protocol, TypeVar, cast

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from ..errors import ConfigError, ModelError, ValidationFailedError
from ..models import (
    AgreedPoint,
    ArticleDigest,
    CallUsage,
    Citation,
    ClusterSummary,
    Corpus,
    DigestDraft,
    Dispute,
    JudgeDraft,
    JudgeVerdict,
    OutletFraming,
    SegmentedArticle,
    Sentence,
    SummaryDraft,
    SummaryOptions,
    SummarySentence,
    Usage,
    VerificationIssue,
)
from ..prompt import PromptTemplate, load_prompt
from ..tokens import context_window as known_context_window
from ..tokens import count_message_tokens, count_tokens
from ..verify import check_draft, sentence_id_problem, verify_summary
from .base import ProgressCallback
from .schemas import strict_json_schema

Structured = Literal["auto", "json_schema", "json_object"]
ResponseMode = Literal["json_schema", "json_object"]
Answer = TypeVar("Answer", bound=BaseModel)
Message = dict[str, str]

# Tokens kept free for the model's answer when checking that a request fits.
DIGEST_ANSWER_TOKENS = 1500
REDUCE_ANSWER_TOKENS_BASE = 1000
REDUCE_ANSWER_TOKENS_PER_WORD = 6
# The reduce prompt's forms, fullest first: (full texts?, digest items kept per article).
REDUCE_FORMS: tuple[tuple[bool, int | None], ...] = (
    (True, None),
    (False, None),
    (False, 12),
    (False, 6),
    (False, 3),
    (False, 1),
)
MAX_ERRORS_SENT = 20
# The eval judge (``judge_facts``): answer room per request and per fact, and re-asks.
JUDGE_ANSWER_TOKENS_BASE = 200
JUDGE_ANSWER_TOKENS_PER_FACT = 80
JUDGE_MAX_REASKS = 2
NOT_JUDGED = "not judged by the model"
PLACEHOLDER_API_KEY = "not-needed"


class _InvalidAnswer(Exception):
    """An answer to re-ask about; ``value`` is set when it parsed but failed checks."""

    def __init__(
        self,
        completion: str,
        errors: list[str],
        value: BaseModel | None,
        issues: list[VerificationIssue],
    ) -> None:
        super().__init__("; ".join(errors))
        self.completion = completion
        self.errors = errors
        self.value = value
        self.issues = issues


@dataclass
class _Tally:
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


@dataclass
class _Outcome(Generic[Answer]):
    """The last parsed answer of a call, with the problems it still has (if any)."""

    value: Answer
    issues: list[VerificationIssue]
    attempts: list[list[str]]
    completion: str


@dataclass(frozen=True)
class _Request(Generic[Answer]):
    stage: str
    template: PromptTemplate
    variables: dict[str, Any]
    answer_type: type[Answer]
    answer_tokens: int

    def messages(self, mode: ResponseMode) -> list[Message]:
        schema = json.dumps(strict_json_schema(self.answer_type)) if mode == "json_object" else ""
        return self.template.render(**self.variables, answer_schema=schema).messages()


@dataclass
class _Run:
    """What one ``summarize`` call collects along the way."""

    corpus: Corpus
    options: SummaryOptions
    warnings: list[str] = field(default_factory=list)
    calls: list[CallUsage] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


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


class OpenAIBackend:
    """Summaries written by a language model behind an OpenAI-compatible server."""

    name = "openai"

    def __init__(
        self,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 3,
        context_window: int | None = None,
        structured: Structured = "auto",
    ) -> None:
        self.model = model or os.environ.get("SUMMARIZER_MODEL") or ""
        if not self.model:
            raise ConfigError("no model given: pass --model or set SUMMARIZER_MODEL")
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
        self.api_key = api_key or os.environ.get("OPENAI_API_KEY") or ""
        if not self.api_key:
            if self.base_url is None:
                raise ConfigError(
                    "no API key: set OPENAI_API_KEY, or point --base-url at a local server"
                )
            self.api_key = PLACEHOLDER_API_KEY  # local servers want none, the client one
        if structured not in ("auto", "json_schema", "json_object"):
            raise ConfigError(
                f"structured must be auto, json_schema or json_object, not {structured!r}"
            )
        if timeout <= 0 or max_retries < 0:
            raise ConfigError("timeout must be positive and max_retries at least 0")
        self.timeout = timeout
        self.max_retries = max_retries
        self.structured: Structured = structured
        self.context_window = known_context_window(self.model, context_window)
        self._mode: ResponseMode = "json_object" if structured == "json_object" else "json_schema"
        self._digest_prompt = load_prompt("digest")
        self._reduce_prompt = load_prompt("reduce")
        self._reask_prompt = load_prompt("reask")

    @property
    def server(self) -> str:
        return self.base_url or "https://api.openai.com/v1"

    @property
    def prompt_versions(self) -> dict[str, str]:
        prompts = (self._digest_prompt, self._reduce_prompt, self._reask_prompt)
        return {prompt.stage: prompt.version for prompt in prompts}

    async def summarize(
        self,
        corpus: Corpus,
        options: SummaryOptions,
        progress: ProgressCallback | None = None,
    ) -> ClusterSummary:
        run = _Run(corpus, options)
        async with self._client() as client:
            digests = await self._digest_all(client, run, progress)
            outcome = await self._reduce(client, run, digests, progress)
        return self._summary(run, outcome)

    def _client(self) -> AsyncOpenAI:
        return AsyncOpenAI(
            api_key=self.api_key,
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=self.max_retries,
        )

    # --- map: one digest per article -------------------------------------------------

    async def _digest_all(
        self, client: AsyncOpenAI, run: _Run, progress: ProgressCallback | None
    ) -> list[ArticleDigest]:
        total = len(run.corpus.articles)
        semaphore = asyncio.Semaphore(run.options.concurrency)
        finished = 0

        async def digest_one(segmented: SegmentedArticle) -> ArticleDigest:
            nonlocal finished
            async with semaphore:
                digest = await self._digest_article(client, run, segmented)
            finished += 1
            if progress is not None:
                progress("digest", finished, total)
            return digest

        return await _gather_or_cancel([digest_one(segmented) for segmented in run.corpus.articles])

    async def _digest_article(
        self, client: AsyncOpenAI, run: _Run, segmented: SegmentedArticle
    ) -> ArticleDigest:
        article_id = segmented.article.id
        digest = ArticleDigest(article_id=article_id)
        if not segmented.sentences:
            run.warn(f"article {article_id} has no sentences; nothing to digest")
            return digest
        parts = self._digest_parts(run, segmented)
        if len(parts) > 1:
            run.warn(
                f"article {article_id} did not fit the context window "
                f"({self.context_window} tokens) in one request; it was digested in "
                f"{len(parts)} parts"
            )
        for number, part in enumerate(parts, start=1):
            stage = f"digest:{article_id}" if len(parts) == 1 else f"digest:{article_id}#{number}"
            request = self._digest_request(stage, run, segmented, part, number, len(parts))
            outcome = await self._ask(
                client,
                request,
                lambda draft: _digest_issues(draft, segmented, run.corpus),
                max_reasks=run.options.max_reasks,
                calls=run.calls,
            )
            _merge_digest(digest, _repaired_digest(outcome, segmented, run), run, article_id)
        return digest

    def _digest_request(
        self,
        stage: str,
        run: _Run,
        segmented: SegmentedArticle,
        sentences: Sequence[Sentence],
        part: int,
        parts: int,
    ) -> _Request[DigestDraft]:
        variables = {
            "article": _article_variables(segmented),
            "sentences": [{"id": s.id, "text": s.text} for s in sentences],
            "example_id": segmented.sentences[0].id,
            "part": part,
            "parts": parts,
            "style_terms": _style_terms(run.options),
        }
        return _Request(stage, self._digest_prompt, variables, DigestDraft, DIGEST_ANSWER_TOKENS)

    def _digest_parts(self, run: _Run, segmented: SegmentedArticle) -> list[list[Sentence]]:
        """The article's sentences in as few consecutive runs as fit one request each."""
        empty = self._digest_request("digest", run, segmented, [], 2, 2)
        available = self.context_window - DIGEST_ANSWER_TOKENS - self._request_tokens(empty)
        parts: list[list[Sentence]] = [[]]
        used = 0
        for sentence in segmented.sentences:
            cost = count_tokens(f"[{sentence.id}] {sentence.text}\n", self.model)
            if cost > available:
                raise ConfigError(
                    f"sentence {sentence.id} alone ({cost} tokens) does not fit model "
                    f"{self.model}'s context window of {self.context_window} tokens with "
                    f"the prompt and the answer; raise --context-window if the model allows"
                )
            if used + cost > available and parts[-1]:
                parts.append([])
                used = 0
            parts[-1].append(sentence)
            used += cost
        return parts

    # --- reduce: the whole cluster -> one summary draft --------------------------------

    async def _reduce(
        self,
        client: AsyncOpenAI,
        run: _Run,
        digests: list[ArticleDigest],
        progress: ProgressCallback | None,
    ) -> _Outcome[SummaryDraft]:
        if progress is not None:
            progress("reduce", 0, 1)
        request = self._reduce_request(run, digests)
        outcome = await self._ask(
            client,
            request,
            lambda draft: check_draft(draft, run.corpus, run.options),
            max_reasks=run.options.max_reasks,
            calls=run.calls,
        )
        if progress is not None:
            progress("reduce", 1, 1)
        return outcome

    def _reduce_request(self, run: _Run, digests: list[ArticleDigest]) -> _Request[SummaryDraft]:
        """The fullest reduce prompt that fits: full texts, else digests and cited
        sentences, else fewer digest items. Never cut silently: say so in a warning."""
        answer_tokens = _reduce_answer_tokens(run)
        budget = self.context_window - answer_tokens
        needed: list[int] = []
        for full_text, limit in REDUCE_FORMS:
            request = self._reduce_request_at(run, digests, full_text=full_text, limit=limit)
            needed.append(self._request_tokens(request))
            if needed[-1] <= budget:
                if not full_text:
                    run.warn(self._condensed_warning(needed[0], limit))
                return request
        raise ConfigError(
            f"the cluster does not fit model {self.model}'s context window of "
            f"{self.context_window} tokens even condensed to one digest item per article "
            f"({needed[-1]} tokens, plus {answer_tokens} for the answer); raise "
            f"--context-window if the model allows more, or summarise fewer articles"
        )

    def _condensed_warning(self, full_tokens: int, limit: int | None) -> str:
        fewer = f", at most {limit} of each kind of digest item per article" if limit else ""
        return (
            f"the full articles ({full_tokens} tokens of prompt) did not fit the context "
            f"window of {self.context_window} tokens; the summary was written from the "
            f"digests and the sentences they cite only{fewer}"
        )

    def _reduce_request_at(
        self, run: _Run, digests: list[ArticleDigest], *, full_text: bool, limit: int | None
    ) -> _Request[SummaryDraft]:
        articles = [
            _reduce_article(segmented, digest, full_text=full_text, limit=limit)
            for segmented, digest in zip(run.corpus.articles, digests, strict=True)
        ]
        first = next((s.sentences[0].id for s in run.corpus.articles if s.sentences), "a:1")
        variables = {
            "cluster": {"id": run.corpus.cluster_id, "title": run.corpus.title},
            "articles": articles,
            "condensed": not full_text,
            "max_words": run.options.max_words,
            "style_terms": _style_terms(run.options),
            "example_id": first,
        }
        return _Request(
            "reduce", self._reduce_prompt, variables, SummaryDraft, _reduce_answer_tokens(run)
        )

    # --- one call with validation re-asks ----------------------------------------------

    async def _ask(
        self,
        client: AsyncOpenAI,
        request: _Request[Answer],
        check: Callable[[Answer], list[VerificationIssue]],
        *,
        max_reasks: int,
        calls: list[CallUsage],
    ) -> _Outcome[Answer]:
        """One logical call: ask, validate, re-ask up to ``max_reasks`` times; its usage
        (summed over the attempts) is appended to ``calls``."""
        tally = _Tally(stage=request.stage, model=self.model)
        follow_up: list[Message] = []
        attempts: list[list[str]] = []
        retrying = AsyncRetrying(
            stop=stop_after_attempt(max_reasks + 1),
            retry=retry_if_exception_type(_InvalidAnswer),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    completion = await self._complete(client, request, follow_up, tally)
                    value, errors, issues = _validate(completion, request.answer_type, check)
                    if not errors:
                        return _Outcome(cast(Answer, value), [], attempts, completion)
                    attempts.append(errors)
                    follow_up = self._reask_turns(completion, errors, request.stage)
                    raise _InvalidAnswer(completion, errors, value, issues)
        except _InvalidAnswer as failure:
            if failure.value is None:
                raise ValidationFailedError(request.stage, attempts, failure.completion) from None
            value = cast(Answer, failure.value)
            return _Outcome(value, failure.issues, attempts, failure.completion)
        finally:
            calls.append(tally.usage())
        raise AssertionError("tenacity returned without an attempt")  # pragma: no cover

    def _reask_turns(self, completion: str, errors: list[str], stage: str) -> list[Message]:
        """The bad answer as the assistant's turn, then the errors as the user's.

        Only the latest exchange is kept: older bad answers add tokens, not information.
        """
        task = stage.split(":")[0] if stage.startswith(("digest", "judge")) else "summary"
        reask = self._reask_prompt.render(errors=errors[:MAX_ERRORS_SENT], task=task)
        return [
            {"role": "assistant", "content": completion},
            {"role": "user", "content": reask.user},
        ]

    async def _complete(
        self, client: AsyncOpenAI, request: _Request[Any], follow_up: list[Message], tally: _Tally
    ) -> str:
        mode = self._mode
        messages = self._fitted_messages(request, mode, follow_up)
        tally.attempts += 1
        try:
            response = await self._create(client, messages, request, mode)
        except openai.BadRequestError as error:
            if not (mode == "json_schema" and self.structured == "auto"):
                raise self._model_error(error) from error
            if not _rejects_response_format(error):
                raise self._model_error(error) from error
            # The server does not do structured output: use JSON mode from now on.
            self._mode = mode = "json_object"
            messages = self._fitted_messages(request, mode, follow_up)
            try:
                response = await self._create(client, messages, request, mode)
            except openai.BadRequestError as second_error:
                raise self._model_error(second_error) from second_error
        return self._content(response, messages, tally)

    def _fitted_messages(
        self, request: _Request[Any], mode: ResponseMode, follow_up: list[Message]
    ) -> list[Message]:
        """The request's messages plus the re-ask turns; when the bad answer would push
        the request past the context window, the errors go without it."""
        messages = request.messages(mode) + follow_up
        limit = self.context_window - request.answer_tokens
        if len(follow_up) > 1 and count_message_tokens(messages, self.model) > limit:
            messages = request.messages(mode) + follow_up[-1:]
        return messages

    async def _create(
        self,
        client: AsyncOpenAI,
        messages: list[Message],
        request: _Request[Any],
        mode: ResponseMode,
    ) -> ChatCompletion:
        try:
            return await client.chat.completions.create(
                model=self.model,
                messages=cast("list[ChatCompletionMessageParam]", messages),
                response_format=cast(Any, _response_format(request, mode)),
            )
        except openai.BadRequestError:
            raise  # the caller decides whether to fall back to JSON mode
        except openai.APIError as error:
            raise self._model_error(error) from error

    def _content(self, response: ChatCompletion, messages: list[Message], tally: _Tally) -> str:
        choice = response.choices[0] if response.choices else None
        content = (choice.message.content if choice else None) or ""
        if response.usage is not None:
            tally.prompt_tokens += response.usage.prompt_tokens
            tally.completion_tokens += response.usage.completion_tokens
        else:
            tally.prompt_tokens += count_message_tokens(messages, self.model)
            tally.completion_tokens += count_tokens(content, self.model)
        if choice is not None and choice.finish_reason == "length":
            # Cut off mid-answer: the JSON will not parse, and the re-ask says why.
            content += "\n[answer cut off: it was longer than the server allows]"
        return content

    def _request_tokens(self, request: _Request[Any]) -> int:
        tokens = count_message_tokens(request.messages(self._mode), self.model)
        if self._mode == "json_schema":
            tokens += count_tokens(json.dumps(strict_json_schema(request.answer_type)), self.model)
        return tokens

    def _model_error(self, error: openai.APIError) -> ModelError:
        return ModelError(_describe(error, self.server, self.timeout, self.max_retries))

    # --- the eval judge (summarizer eval --judge) ----------------------------------------

    async def judge_facts(self, summary_text: str, facts: Sequence[JudgedFact]) -> JudgeVerdicts:
        """Per fact, whether ``summary_text`` states it: a semantic figure for the eval
        harness, beside its lexical one. Verdicts for ids not in ``facts`` are dropped; a
        fact the model did not judge is not covered."""
        prompt = load_prompt("judge")  # loaded here: summaries do not need it
        variables = {
            "summary": summary_text,
            "facts": [{"id": fact.id, "text": _fact_text(fact)} for fact in facts],
        }
        answer_tokens = JUDGE_ANSWER_TOKENS_BASE + JUDGE_ANSWER_TOKENS_PER_FACT * len(facts)
        request = _Request("judge", prompt, variables, JudgeDraft, answer_tokens)
        calls: list[CallUsage] = []
        async with self._client() as client:
            outcome = await self._ask(
                client, request, lambda _: [], max_reasks=JUDGE_MAX_REASKS, calls=calls
            )
        return JudgeVerdicts(_fact_verdicts(outcome.value, facts), calls[0], prompt.version)

    # --- the draft -> a ClusterSummary -------------------------------------------------

    def _summary(self, run: _Run, outcome: _Outcome[SummaryDraft]) -> ClusterSummary:
        draft = outcome.value
        sentences = _resolved_sentences(draft, run)
        if not sentences:
            raise ValidationFailedError(
                "reduce",
                outcome.attempts or [["no summary sentence has a valid citation"]],
                outcome.completion,
            )
        summary = ClusterSummary(
            cluster_id=run.corpus.cluster_id,
            title=run.corpus.title,
            headline=draft.headline.strip(),
            sentences=sentences,
            agreed=[
                AgreedPoint(text=p.text, citations=_citations(p.cites, run, f"agreed point {n}"))
                for n, p in enumerate(draft.agreed, start=1)
            ],
            disputes=[
                Dispute(
                    claim=d.claim,
                    claimant=d.claimant,
                    disputed_by=d.disputed_by,
                    citations=_citations(d.cites, run, f"dispute {n}"),
                )
                for n, d in enumerate(draft.disputes, start=1)
            ],
            framing=_framing(draft, run),
            backend=self.name,
            model=self.model,
            prompt_versions=self.prompt_versions,
            settings={
                "base_url": self.server,
                "context_window": self.context_window,
                "response_format": self._mode,
            },
            usage=Usage(calls=_ordered_calls(run.calls, run.corpus)),
        )
        for issue in verify_summary(summary, run.corpus, run.options):
            run.warn(f"{issue.code}: {issue.message}")
        return summary.model_copy(update={"warnings": list(run.warnings)})


# --- helpers without state --------------------------------------------------------------


async def _gather_or_cancel(jobs: Sequence[Awaitable[ArticleDigest]]) -> list[ArticleDigest]:
    """Like ``asyncio.gather``, but the first failure cancels the other jobs."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def _reduce_answer_tokens(run: _Run) -> int:
    return REDUCE_ANSWER_TOKENS_BASE + REDUCE_ANSWER_TOKENS_PER_WORD * run.options.max_words


def _response_format(request: _Request[Any], mode: ResponseMode) -> dict[str, Any]:
    if mode == "json_object":
        return {"type": "json_object"}
    return {
        "type": "json_schema",
        "json_schema": {
            "name": request.answer_type.__name__,
            "schema": strict_json_schema(request.answer_type),
            "strict": True,
        },
    }


def _rejects_response_format(error: openai.BadRequestError) -> bool:
    if getattr(error, "param", None) == "response_format":
        return True
    text = f"{error.message} {error.body}".lower()
    return "response_format" in text or "json_schema" in text


def _server_message(error: openai.APIError) -> str:
    """The server's own words, without the client's "Error code: 400 - " prefix."""
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
    return error.message


def _describe(error: openai.APIError, server: str, timeout: float, max_retries: int) -> str:
    tries = f"{max_retries + 1} tries" if max_retries else "1 try"
    said = _server_message(error)
    if isinstance(error, openai.APITimeoutError):
        return (
            f"no answer from the model server at {server} within the {timeout:g} s timeout "
            f"({tries}); raise --timeout or check the server"
        )
    if isinstance(error, openai.APIConnectionError):
        return f"cannot reach the model server at {server} ({tries}): {error.__cause__ or error}"
    if isinstance(error, openai.AuthenticationError):
        return f"model server at {server} rejected the API key (401); check OPENAI_API_KEY"
    if isinstance(error, openai.PermissionDeniedError):
        return f"model server at {server} denied access (403): {said}"
    if isinstance(error, openai.NotFoundError):
        return f"model server at {server} has no such model or endpoint (404): {said}"
    if isinstance(error, openai.RateLimitError):
        return f"model server at {server} kept rate-limiting the requests (429, {tries})"
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        if status >= 500:
            return f"model server at {server} kept failing ({status}, {tries}): {said}"
        return f"model server at {server} rejected the request ({status}): {said}"
    return f"model server at {server}: {said}"


def _validate(
    completion: str,
    answer_type: type[BaseModel],
    check: Callable[[Any], list[VerificationIssue]],
) -> tuple[BaseModel | None, list[str], list[VerificationIssue]]:
    """(parsed answer or None, error messages for the model, the check's issues)."""
    try:
        value = answer_type.model_validate_json(_strip_code_fence(completion))
    except ValidationError as error:
        return None, _schema_errors(error), []
    issues = check(value)
    return value, [issue.message for issue in issues], issues


def _strip_code_fence(completion: str) -> str:
    """Some local models wrap JSON in a Markdown fence even in JSON mode."""
    text = completion.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text


def _schema_errors(error: ValidationError) -> list[str]:
    messages: list[str] = []
    for detail in error.errors(include_url=False)[:MAX_ERRORS_SENT]:
        if detail["type"] in ("json_invalid", "json_type"):
            messages.append(f"the answer is not one valid JSON object: {detail['msg']}")
            continue
        location = ".".join(str(part) for part in detail["loc"]) or "the answer"
        messages.append(f"{location}: {detail['msg']}")
    return messages


def _style_terms(options: SummaryOptions) -> list[dict[str, str | None]]:
    return [{"term": t.term, "neutral": t.neutral, "why": t.why} for t in options.style_guide.terms]


def _article_variables(segmented: SegmentedArticle) -> dict[str, str | None]:
    article = segmented.article
    return {
        "id": article.id,
        "outlet": article.source_name,
        "title": article.title,
        "published": article.published,
        "dateline": article.dateline,
    }


# --- the judge -------------------------------------------------------------------------


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


# --- digests ---------------------------------------------------------------------------


def _digest_items(draft: DigestDraft) -> list[tuple[str, list[str]]]:
    items = [(f"claim {n}", c.cites) for n, c in enumerate(draft.claims, start=1)]
    items += [(f"figure {n}", f.cites) for n, f in enumerate(draft.figures, start=1)]
    items += [(f"loaded term {n}", t.cites) for n, t in enumerate(draft.loaded_terms, start=1)]
    return items


def _digest_issues(
    draft: DigestDraft, segmented: SegmentedArticle, corpus: Corpus
) -> list[VerificationIssue]:
    issues: list[VerificationIssue] = []
    for label, cites in _digest_items(draft):
        if not cites:
            issues.append(
                VerificationIssue(code="uncited_sentence", message=f"{label} has no citation")
            )
        for sentence_id in cites:
            problem = _foreign_id_problem(sentence_id, segmented, corpus)
            if problem is not None:
                issues.append(
                    VerificationIssue(
                        code="unknown_citation",
                        message=f"{label} cites {sentence_id!r}, which {problem}",
                    )
                )
    return issues


def _foreign_id_problem(
    sentence_id: str, segmented: SegmentedArticle, corpus: Corpus
) -> str | None:
    problem = sentence_id_problem(sentence_id, corpus)
    if problem is not None:
        return problem
    article_id = segmented.article.id
    if sentence_id.rpartition(":")[0] != article_id:
        count = len(segmented.sentences)
        return f"is not in this article; cite {article_id}:1-{article_id}:{count} only"
    return None


def _repaired_digest(
    outcome: _Outcome[DigestDraft], segmented: SegmentedArticle, run: _Run
) -> DigestDraft:
    """The digest with citations that do not resolve dropped, and items left uncited."""
    if not outcome.issues:
        return outcome.value
    article_id = segmented.article.id
    run.warn(
        f"the digest of {article_id} still had problems after every re-ask; dropped what "
        f"did not resolve: {'; '.join(issue.message for issue in outcome.issues[:5])}"
    )

    def valid(cites: list[str]) -> list[str]:
        return [c for c in cites if _foreign_id_problem(c, segmented, run.corpus) is None]

    draft = outcome.value
    return DigestDraft(
        claims=[
            c.model_copy(update={"cites": valid(c.cites)}) for c in draft.claims if valid(c.cites)
        ],
        figures=[
            f.model_copy(update={"cites": valid(f.cites)}) for f in draft.figures if valid(f.cites)
        ],
        loaded_terms=[
            t.model_copy(update={"cites": valid(t.cites)})
            for t in draft.loaded_terms
            if valid(t.cites)
        ],
        embedded_instructions=draft.embedded_instructions,
    )


def _merge_digest(digest: ArticleDigest, draft: DigestDraft, run: _Run, article_id: str) -> None:
    digest.claims.extend(draft.claims)
    digest.figures.extend(draft.figures)
    digest.loaded_terms.extend(draft.loaded_terms)
    for text in draft.embedded_instructions:
        snippet = " ".join(text.split())[:120]
        run.warn(
            f"article {article_id} contains text addressed to an AI model; it was treated "
            f"as page content and not followed: {snippet!r}"
        )


def _reduce_article(
    segmented: SegmentedArticle, digest: ArticleDigest, *, full_text: bool, limit: int | None
) -> dict[str, Any]:
    claims = digest.claims[:limit]
    figures = digest.figures[:limit]
    loaded_terms = digest.loaded_terms[:limit]
    if full_text:
        sentences = segmented.sentences
    else:
        cited = {c for claim in claims for c in claim.cites}
        cited |= {c for figure in figures for c in figure.cites}
        cited |= {c for term in loaded_terms for c in term.cites}
        # The lead sentence always: an article whose digest came back empty still shows.
        sentences = [s for n, s in enumerate(segmented.sentences) if n == 0 or s.id in cited]
    return {
        **_article_variables(segmented),
        "claims": [c.model_dump() for c in claims],
        "figures": [f.model_dump() for f in figures],
        "loaded_terms": [t.model_dump() for t in loaded_terms],
        "sentences": [{"id": s.id, "text": s.text} for s in sentences],
        "full_text": full_text,
    }


# --- resolution of the summary draft ----------------------------------------------------


def _citations(cites: list[str], run: _Run, label: str) -> list[Citation]:
    """Citations looked up in the corpus (never the model's quotes); ids that do not
    resolve are dropped with a warning."""
    citations: list[Citation] = []
    for sentence_id in dict.fromkeys(cites):
        try:
            citations.append(run.corpus.cite(sentence_id))
        except KeyError:
            run.warn(f"{label}: dropped the citation {sentence_id!r}, which does not exist")
    return citations


def _resolved_sentences(draft: SummaryDraft, run: _Run) -> list[SummarySentence]:
    sentences: list[SummarySentence] = []
    for number, sentence in enumerate(draft.sentences, start=1):
        text = sentence.text.strip()
        if not text:
            run.warn(f"dropped sentence {number}, which was empty")
            continue
        citations = _citations(sentence.cites, run, f"sentence {number}")
        if not citations:
            run.warn(f"dropped sentence {number}, which had no valid citation: {text[:80]!r}")
            continue
        edited = all(" ".join(c.quote.split()) != " ".join(text.split()) for c in citations)
        sentences.append(
            SummarySentence(
                text=text,
                citations=citations,
                edited=edited,
                original=citations[0].quote if edited and len(citations) == 1 else None,
                attributed_to=sentence.attributed_to or None,
            )
        )
    return sentences


def _framing(draft: SummaryDraft, run: _Run) -> list[OutletFraming]:
    framing: list[OutletFraming] = []
    for number, item in enumerate(draft.framing, start=1):
        article = run.corpus.article(item.article_id)
        if article is None:
            run.warn(f"dropped framing {number}: no article {item.article_id!r} in the cluster")
            continue
        framing.append(
            OutletFraming(
                article_id=item.article_id,
                outlet=article.source_name,
                note=item.note,
                loaded_terms=item.loaded_terms,
                citations=_citations(item.cites, run, f"framing {number}"),
            )
        )
    return framing


def _ordered_calls(calls: list[CallUsage], corpus: Corpus) -> list[CallUsage]:
    """Digest calls in the corpus's article order, the reduce call last."""
    order = {segmented.article.id: n for n, segmented in enumerate(corpus.articles)}

    def position(call: CallUsage) -> tuple[bool, int, str]:
        article_id = call.stage.partition(":")[2].partition("#")[0]
        return (call.stage == "reduce", order.get(article_id, len(order)), call.stage)

    return sorted(calls, key=position)
