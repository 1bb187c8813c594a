"""What one response holds, read once: the content, whether it was cut off, a refusal,
and the tokens it cost (the server's count, else ours)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from openai.types.chat import ChatCompletion

from ...models import CallUsage
from ...tokens import count_message_tokens, count_tokens

Message = dict[str, str]


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


@dataclass(frozen=True)
class Reply:
    content: str
    cut_off: bool  # finish_reason "length": the answer hit its token cap
    refusal: str | None
    completion_tokens: int


def read_reply(response: ChatCompletion, messages: list[Message], tally: Tally) -> Reply:
    """The response's first choice, its usage added to ``tally``."""
    choice = response.choices[0] if response.choices else None
    message = choice.message if choice is not None else None
    content = (message.content if message is not None else None) or ""
    if response.usage is not None:
        prompt_tokens = response.usage.prompt_tokens
        completion_tokens = response.usage.completion_tokens
    else:
        prompt_tokens = count_message_tokens(messages, tally.model)
        completion_tokens = count_tokens(content, tally.model)
    tally.prompt_tokens += prompt_tokens
    tally.completion_tokens += completion_tokens
    return Reply(
        content=content,
        cut_off=choice is not None and choice.finish_reason == "length",
        refusal=(message.refusal if message is not None else None) or None,
        completion_tokens=completion_tokens,
    )
