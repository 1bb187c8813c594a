"""Sizing requests: each answer's token cap, digest parts, the reduce prompt's forms,
and the prompt tokens each stage sends (``prompt_tokens_by_stage``, for the bench).

Nothing is cut silently: a digest in parts and a condensed reduce prompt are both
named in a warning, and what cannot fit at all is a ConfigError.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ...errors import ConfigError
from ...models import ArticleDigest, Corpus, Sentence, SummaryDraft, SummaryOptions
from ...settings import ModelSettings
from ...tokens import count_tokens
from .run import Run
from .structured import Request, StructuredCaller

# A digest's answer: at most this many items of each kind (fewer for a short article),
# and tokens for the keys plus per item allowed; a claim with its cites is about 50
# tokens, and claims, figures and terms together rarely fill twice the limit.
DIGEST_MIN_ITEMS = 2
DIGEST_MAX_ITEMS = 10
DIGEST_ANSWER_TOKENS_BASE = 150
DIGEST_ANSWER_TOKENS_PER_ITEM = 100
# The most a digest's answer may take: kept free when fitting a digest request.
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
ReduceBuilder = Callable[[bool, int | None], Request[SummaryDraft]]


def digest_item_limit(sentences: int) -> int:
    return max(DIGEST_MIN_ITEMS, min(DIGEST_MAX_ITEMS, sentences))


def digest_answer_tokens(item_limit: int) -> int:
    needed = DIGEST_ANSWER_TOKENS_BASE + DIGEST_ANSWER_TOKENS_PER_ITEM * item_limit
    return min(DIGEST_ANSWER_TOKENS, needed)


def reduce_answer_tokens(max_words: int) -> int:
    return REDUCE_ANSWER_TOKENS_BASE + REDUCE_ANSWER_TOKENS_PER_WORD * max_words


def prompt_tokens_by_stage(
    corpus: Corpus,
    settings: ModelSettings,
    options: SummaryOptions,
    digests: list[ArticleDigest] | None = None,
) -> dict[str, int]:
    """Prompt tokens a run would send on its first attempts, without calling a model:
    ``digest:<article>`` each (parts summed), ``digest`` in all, ``reduce`` (built from
    ``digests``, by default the articles' extractive digests), ``total``, and
    ``cluster``: the tokens of the cluster's sentences themselves."""
    from .fallback import extractive_digest  # these import this module
    from .stages import Stages

    stages = Stages(StructuredCaller(settings))
    run = Run(corpus, options)
    counts = {
        f"digest:{segmented.article.id}": stages.digest_prompt_tokens(run, segmented)
        for segmented in corpus.articles
    }
    counts["digest"] = sum(counts.values())
    if digests is None:
        digests = [extractive_digest(s, s.sentences, options) for s in corpus.articles]
    counts["reduce"] = stages.caller.request_tokens(stages.reduce_request(run, digests))
    counts["total"] = counts["digest"] + counts["reduce"]
    counts["cluster"] = sum(
        count_tokens(sentence.text, settings.model)
        for segmented in corpus.articles
        for sentence in segmented.sentences
    )
    return counts


class Budget:
    """Measures requests against one model's context window."""

    def __init__(self, caller: StructuredCaller) -> None:
        self.caller = caller
        self.model = caller.settings.model

    @property
    def context_window(self) -> int:
        return self.caller.context_window

    def digest_parts(
        self, sentences: Sequence[Sentence], empty_request: Request[Any]
    ) -> list[list[Sentence]]:
        """``sentences`` in as few consecutive runs as fit one request each, beside
        what ``empty_request`` (the prompt without sentences) already takes."""
        used_by_prompt = self.caller.request_tokens(empty_request)
        available = self.context_window - DIGEST_ANSWER_TOKENS - used_by_prompt
        parts: list[list[Sentence]] = [[]]
        used = 0
        for sentence in sentences:
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

    def fullest_reduce(self, run: Run, build: ReduceBuilder) -> Request[SummaryDraft]:
        """The fullest reduce prompt that fits: full texts, else digests and cited
        sentences, else fewer digest items."""
        answer_tokens = reduce_answer_tokens(run.options.max_words)
        room = self.context_window - answer_tokens
        needed: list[int] = []
        for full_text, limit in REDUCE_FORMS:
            request = build(full_text, limit)
            needed.append(self.caller.request_tokens(request))
            if needed[-1] <= room:
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
