"""The answer's contract: the schema a model is shown, and reading what comes back.

The strict schema is the ``openai`` SDK's (``to_strict_json_schema``: every object
closed, every field required, ``$ref`` siblings unravelled). Titles, descriptions and
defaults are then dropped: the prompt already says what each field holds, so titles
and descriptions only cost tokens (the schema was larger than most articles), and a
default means nothing once every field is required (some servers reject it). Each
``$defs`` entry is used once, so it is written where it is used (``$defs`` and its
``$ref`` pointers only cost tokens), unless definitions refer to each other in a loop.
The schema goes in every request, so it is kept this small.

Reading is lenient about the wrapping real servers put around the object (a
``<think>`` block, a Markdown fence, a line of prose) and about raw control characters
inside strings (llama.cpp emits raw newlines and tabs); the object itself is then
validated strictly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Literal

from openai.lib._pydantic import to_strict_json_schema
from openai.types.chat.completion_create_params import ResponseFormat
from pydantic import BaseModel, ValidationError

from ...models import VerificationIssue

ResponseMode = Literal["json_schema", "json_object"]
MAX_ERRORS_SENT = 20
_UNSENT_KEYWORDS = ("title", "description", "default")
_DEFS_REF = "#/$defs/"
EMPTY_ANSWER = "the answer was empty: answer with the JSON object only"
# Reasoning models served by Ollama or vLLM think aloud before answering.
_THINK_BLOCK = re.compile(r"\A\s*<think>.*?</think>", re.DOTALL)
_FENCED = re.compile(r"```[\w-]*[ \t]*\n(.*?)(?:```|\Z)", re.DOTALL)


def answer_schema(answer_type: type[BaseModel]) -> dict[str, Any]:
    schema: dict[str, Any] = _inlined(_without_unsent_keywords(to_strict_json_schema(answer_type)))
    return schema


def schema_text(answer_type: type[BaseModel]) -> str:
    """The schema as prompt text, for JSON mode (where the server does not enforce it),
    without the spaces ``json.dumps`` puts after separators."""
    return json.dumps(answer_schema(answer_type), separators=(",", ":"))


def response_format(answer_type: type[BaseModel], mode: ResponseMode) -> ResponseFormat:
    if mode == "json_object":
        return {"type": "json_object"}
    return {
        "type": "json_schema",
        "json_schema": {
            "name": answer_type.__name__,
            "schema": answer_schema(answer_type),
            "strict": True,
        },
    }


def validate(
    completion: str,
    answer_type: type[BaseModel],
    check: Callable[[Any], list[VerificationIssue]],
) -> tuple[BaseModel | None, list[str], list[VerificationIssue]]:
    """(parsed answer or None, error messages for the model, the check's issues)."""
    text = answer_text(completion)
    if not text:
        return None, [EMPTY_ANSWER], []
    try:
        data = json.loads(text, strict=False)  # strict=False: raw control characters
    except json.JSONDecodeError as error:
        problem = f"{error.msg} (line {error.lineno}, column {error.colno})"
        return None, [f"the answer is not one valid JSON object: {problem}"], []
    try:
        value = answer_type.model_validate(data)
    except ValidationError as error:
        return None, schema_errors(error), []
    issues = check(value)
    return value, [issue.message for issue in issues], issues


def answer_text(completion: str) -> str:
    """The JSON object's text: without a leading think block, a Markdown fence, or
    prose before and after the object."""
    text = _THINK_BLOCK.sub("", completion, count=1).strip()
    if not text.startswith("{"):
        fenced = _FENCED.search(text)
        if fenced is not None:
            text = fenced.group(1).strip()
    start, end = text.find("{"), text.rfind("}")
    if start >= 0 and end > start:
        text = text[start : end + 1]
    return text


def schema_errors(error: ValidationError) -> list[str]:
    messages: list[str] = []
    for detail in error.errors(include_url=False)[:MAX_ERRORS_SENT]:
        if detail["type"] in ("json_invalid", "json_type"):
            messages.append(f"the answer is not one valid JSON object: {detail['msg']}")
            continue
        location = ".".join(str(part) for part in detail["loc"]) or "the answer"
        messages.append(f"{location}: {detail['msg']}")
    return messages


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with every ``{"$ref": "#/$defs/X"}`` replaced by X itself, and no
    ``$defs``; unchanged when a definition refers to itself, directly or not (or a
    pointer leads outside ``$defs``)."""
    definitions: dict[str, Any] = schema.get("$defs", {})

    def resolve(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [resolve(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        reference = node.get("$ref")
        if isinstance(reference, str) and len(node) == 1:
            name = reference.removeprefix(_DEFS_REF)
            if name in seen or name not in definitions or name == reference:
                raise _NotInlinable
            return resolve(definitions[name], (*seen, name))
        kept: dict[str, Any] = {}
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                # Names of fields, not schema keywords.
                kept[key] = {name: resolve(child, seen) for name, child in value.items()}
            elif key != "$defs":
                kept[key] = resolve(value, seen)
        return kept

    if not definitions:
        return schema
    try:
        inlined: dict[str, Any] = resolve(schema, ())
    except _NotInlinable:
        return schema
    return inlined


class _NotInlinable(Exception):
    """A definition that refers to itself (or a pointer outside ``$defs``): the schema
    cannot be written out in place."""


def _without_unsent_keywords(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_unsent_keywords(item) for item in node]
    if not isinstance(node, dict):
        return node
    kept: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "$defs"):
            # Names of fields or definitions, not schema keywords.
            kept[key] = {name: _without_unsent_keywords(child) for name, child in value.items()}
        elif key not in _UNSENT_KEYWORDS:
            kept[key] = _without_unsent_keywords(value)
    return kept
