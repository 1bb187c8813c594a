"""The base every contract model shares."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


class ContractModel(BaseModel):
    """Closed models: an unknown key is an error, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _drop_computed_fields(cls, data: Any) -> Any:
        """Our own JSON output carries computed fields (``words``); reading it back
        ignores them, while any other unknown key is still an error."""
        computed = cls.model_computed_fields
        if isinstance(data, dict) and computed:
            return {key: value for key, value in data.items() if key not in computed}
        return data
