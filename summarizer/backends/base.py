"""The interface every backend implements, and the registry that builds them by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ValidationError

from ..errors import ConfigError, validation_problems
from ..models import ClusterSummary, Corpus, SummaryOptions

# Called as progress(stage, done, total), e.g. ("digest", 2, 5).
ProgressCallback = Callable[[str, int, int], None]


@runtime_checkable
class Backend(Protocol):
    """Turns a segmented cluster into a cited summary.

    A backend returns citations resolved through ``Corpus.cite`` (never quotes of its
    own making) and fills ``warnings`` with anything it could not satisfy.
    """

    name: str

    async def summarize(
        self,
        corpus: Corpus,
        options: SummaryOptions,
        progress: ProgressCallback | None = None,
    ) -> ClusterSummary: ...


@dataclass(frozen=True)
class BackendSpec:
    """A registered backend: its settings model, and how to build it from them.

    ``load`` is called only when the backend is first built, so the offline default
    never imports the model client and vice versa.
    """

    name: str
    settings_type: type[BaseModel]
    load: Callable[[], Callable[[Any], Backend]]

    def build(self, **settings: Any) -> Backend:
        try:
            typed = self.settings_type(**settings)
        except ValidationError as error:
            problems = validation_problems(error, top="")
            raise ConfigError(f"{self.name} backend: {problems}") from error
        return self.load()(typed)


_REGISTRY: dict[str, BackendSpec] = {}


def register_backend(spec: BackendSpec) -> None:
    """Add (or replace) a backend; tests register their fakes here."""
    _REGISTRY[spec.name] = spec


def backend_spec(name: str) -> BackendSpec:
    if name not in _REGISTRY:
        raise ConfigError(f"unknown backend {name!r}; choose one of: {', '.join(_REGISTRY)}")
    return _REGISTRY[name]


def backend_names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def get_backend(name: str, **settings: Any) -> Backend:
    """Build a backend by name; ``settings`` are validated against its settings model
    (an unknown or wrong setting is a ConfigError naming it)."""
    return backend_spec(name).build(**settings)
