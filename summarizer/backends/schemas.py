"""The strict JSON-schema dialect OpenAI's structured output wants, from a pydantic model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON schema in the strict dialect: every object closed, every
    property required, no defaults, titles dropped (they only cost tokens)."""
    schema: dict[str, Any] = _strict(model.model_json_schema())
    return schema


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    strict: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "$defs"):
            # Names of fields or definitions, not schema keywords.
            strict[key] = {name: _strict(child) for name, child in value.items()}
        elif key not in ("title", "default"):
            strict[key] = _strict(value)
    if strict.get("type") == "object" and "properties" in strict:
        strict["additionalProperties"] = False
        strict["required"] = list(strict["properties"])
    return strict
