"""The answer's contract: the schema a model is shown, and reading what comes back.

The strict schema is the ``openai`` SDK's (``to_strict_json_schema``: every object
closed, every field required, ``$ref`` siblings unravelled). Titles and defaults are
then dropped: titles only cost tokens, and a default means nothing once every field is
required (some servers reject it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

from openai.lib._pydantic import to_strict_json_schema
from openai.types.chat.completion_create_params import ResponseFormat
from pydantic import BaseModel, ValidationError

from ...models import VerificationIssue

ResponseMode = Literal["json_schema", "json_object"]
MAX_ERRORS_SENT = 20
_UNSENT_KEYWORDS = ("title", "default")


def answer_schema(answer_type: type[BaseModel]) -> dict[str, Any]:
    schema: dict[str, Any] = _without_unsent_keywords(to_strict_json_schema(answer_type))
    return schema


def schema_text(answer_type: type[BaseModel]) -> str:
    """The schema as prompt text, for JSON mode (where the server does not enforce it)."""
    return json.dumps(answer_schema(answer_type))


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
    try:
        value = answer_type.model_validate_json(strip_code_fence(completion))
    except ValidationError as error:
        return None, schema_errors(error), []
    issues = check(value)
    return value, [issue.message for issue in issues], issues


def strip_code_fence(completion: str) -> str:
    """Some local models wrap JSON in a Markdown fence even in JSON mode."""
    text = completion.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
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
