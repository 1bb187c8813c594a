"""The error tree. The CLI maps ``InputError`` to exit 2 and every other
``SummarizerError`` to exit 1, printing the message on one line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol


class SummarizerError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(SummarizerError):
    """Bad input: names the file (or field) and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class ConfigError(SummarizerError):
    """Bad settings: an unknown backend, a missing model name, a bad style guide."""


class ModelError(SummarizerError):
    """The language model could not be reached or kept failing."""


class ValidationFailedError(ModelError):
    """The model's answers still failed validation after every re-ask.

    Carries every attempt's error list and the last completion, as instructor does.
    """

    def __init__(self, stage: str, attempts: list[list[str]], last_completion: str) -> None:
        self.stage = stage
        self.attempts = attempts
        self.last_completion = last_completion
        last = "; ".join(attempts[-1][:5]) if attempts else "no attempt"
        super().__init__(
            f"{stage}: the model's answer failed validation {len(attempts)} times; last: {last}"
        )


class HasErrors(Protocol):
    """A pydantic ``ValidationError`` or FastAPI's ``RequestValidationError``."""

    def errors(self) -> Sequence[Mapping[str, Any]]: ...


def validation_problems(
    error: HasErrors, *, limit: int | None = None, more: bool = False, top: str = "top level"
) -> str:
    """Pydantic's errors as "where: what", joined by "; ", never echoing the input.

    ``limit``: at most that many; ``more``: then say how many were left out
    (" (and 2 more)"); ``top``: the "where" of a problem with the whole value.
    """
    details = list(error.errors())
    shown = details if limit is None else details[:limit]
    parts = [f"{_where(detail, top)}: {detail.get('msg', 'invalid')}" for detail in shown]
    text = "; ".join(parts)
    if more and len(details) > len(shown):
        text += f" (and {len(details) - len(shown)} more)"
    return text


def _where(detail: Mapping[str, Any], top: str) -> str:
    return ".".join(str(part) for part in detail.get("loc", ())) or top
