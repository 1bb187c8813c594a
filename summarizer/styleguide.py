"""The newsroom style guide: loaded terms, why they are loaded, neutral alternatives."""

from __future__ import annotations

from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from .errors import ConfigError
from .lexicon.words import own_voice_occurrences


class LoadedTerm(BaseModel):
    term: str
    prefixes: list[str] = Field(default_factory=list)
    why: str = ""
    neutral: str | None = None
    exceptions: list[str] = Field(
        default_factory=list,
        description="Word starts that begin with a prefix but are other words "
        "('mobil' for the prefix 'mob': mobile, mobilise).",
    )

    def model_post_init(self, __context: object) -> None:
        if not self.prefixes:
            self.prefixes = [self.term]
        self.prefixes = [prefix.lower() for prefix in self.prefixes]
        self.exceptions = [word.lower() for word in self.exceptions]

    def excepted(self, text: str, offset: int) -> bool:
        """The word at ``offset`` is one of the exceptions, not this term."""
        lowered = text[offset:].lower()
        return any(lowered.startswith(word) for word in self.exceptions)


class StyleGuide(BaseModel):
    version: str = "custom"
    terms: list[LoadedTerm] = Field(default_factory=list)

    # Read for every sentence, several times: built once per guide (a guide is not
    # changed once read; ``merged`` makes a new one).
    @cached_property
    def prefixes(self) -> tuple[str, ...]:
        return tuple(prefix for term in self.terms for prefix in term.prefixes)

    @cached_property
    def _term_by_prefix(self) -> dict[str, LoadedTerm]:
        by_prefix: dict[str, LoadedTerm] = {}
        for term in self.terms:
            for prefix in term.prefixes:
                by_prefix.setdefault(prefix, term)  # the first term with it, as before
        return by_prefix

    def term_for(self, prefix: str) -> LoadedTerm | None:
        return self._term_by_prefix.get(prefix.lower())

    def own_voice(self, text: str) -> list[tuple[int, LoadedTerm]]:
        """Loaded terms used outside quotation marks in ``text``: (offset, term)."""
        found: list[tuple[int, LoadedTerm]] = []
        for offset, prefix in own_voice_occurrences(text, self.prefixes):
            term = self.term_for(prefix)
            if term is None or _inside_compound(text, offset) or term.excepted(text, offset):
                continue
            found.append((offset, term))
        return found

    def merged(self, other: StyleGuide) -> StyleGuide:
        """``other``'s entries replace ours with the same term; new ones are added."""
        by_term = {term.term.lower(): term for term in self.terms}
        for term in other.terms:
            by_term[term.term.lower()] = term
        return StyleGuide(version=f"{self.version}+{other.version}", terms=list(by_term.values()))


def _inside_compound(text: str, offset: int) -> bool:
    """'low-lying', 'well-thought': the prefix ends a hyphenated word, it is not the word."""
    return offset >= 2 and text[offset - 1] == "-" and text[offset - 2].isalpha()


def _parse(text: str, source: str) -> StyleGuide:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{source}: not valid YAML: {error}") from error
    if isinstance(data, list):
        data = {"terms": data}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping with a 'terms' list")
    try:
        return StyleGuide.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{source}: {error}") from error


def default_style_guide() -> StyleGuide:
    """The built-in guide: read and validated once per process (it was about 300 ms of
    every job), handed out as a copy so no caller can change another's."""
    return _built_in_guide().model_copy(deep=True)


@lru_cache(maxsize=1)
def _built_in_guide() -> StyleGuide:
    text = resources.files("summarizer").joinpath("data/style_guide.yaml").read_text("utf-8")
    return _parse(text, "built-in style guide")


def load_style_guide(path: str | Path | None = None) -> StyleGuide:
    """The built-in guide, with the user's file (if any) merged over it."""
    guide = default_style_guide()
    if path is None:
        return guide
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{file}: cannot read style guide: {error}") from error
    return guide.merged(_parse(text, str(file)))
