"""Prompt templates: versioned jinja2 files, rendered in a sandbox.

Each stage has one file ``<stage>.v<N>.j2`` holding a ``{% block system %}`` and a
``{% block user %}``; the highest N is used. Its first line, ``{# version: <stage>.vN #}``,
must agree with its name: that version string lands in every summary's
``prompt_versions``. See prompts/README.md.

Where the files are, first found wins: ``$SUMMARIZER_PROMPTS_DIR``; ``summarizer/prompts``
(in a checkout a symlink to the top-level ``prompts/``, in a wheel a copy); the top-level
``prompts/`` of a source checkout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .errors import ConfigError
from .settings import RuntimeSettings

PROMPTS_ENV = "SUMMARIZER_PROMPTS_DIR"
STAGES = ("digest", "reduce", "reask")

_VERSION_LINE = re.compile(r"\A\{#\s*version:\s*(?P<version>[\w.-]+)\s*#\}")
_FILE_NAME = re.compile(r"\A(?P<stage>[a-z_]+)\.v(?P<number>\d+)\.j2\Z")
# Characters of article text that could close or forge our delimiters.
_DELIMITER_CHARS = str.maketrans({"<": "\u2039", ">": "\u203a"})
_ATTRIBUTE_CHARS = str.maketrans({"<": "\u2039", ">": "\u203a", '"': "'"})


@dataclass(frozen=True)
class RenderedPrompt:
    stage: str
    version: str
    system: str
    user: str

    def messages(self) -> list[dict[str, str]]:
        """Chat messages: the system part (when there is one), then the user part."""
        messages = [{"role": "system", "content": self.system}] if self.system else []
        messages.append({"role": "user", "content": self.user})
        return messages


@dataclass(frozen=True)
class PromptTemplate:
    stage: str
    version: str
    path: Path
    template: Template

    def render(self, **variables: Any) -> RenderedPrompt:
        try:
            system = self._block("system", variables, required=False)
            user = self._block("user", variables, required=True)
        except TemplateError as error:
            raise ConfigError(f"{self.path}: cannot render prompt: {error}") from error
        return RenderedPrompt(self.stage, self.version, system, user)

    def _block(self, name: str, variables: dict[str, Any], *, required: bool) -> str:
        block = self.template.blocks.get(name)
        if block is None:
            if required:
                raise ConfigError(f"{self.path}: no {{% block {name} %}}")
            return ""
        return "".join(block(self.template.new_context(variables))).strip()


def as_data(value: object) -> str:
    """Article text as one line of data: whitespace collapsed, angle brackets swapped
    for look-alikes so text cannot close an <article> delimiter or open a new one."""
    text = "" if value is None else str(value)
    return " ".join(text.split()).translate(_DELIMITER_CHARS)


def as_attribute(value: object) -> str:
    return as_data(value).translate(_ATTRIBUTE_CHARS)


def prompts_dir() -> Path:
    """The folder the prompt files are read from; ConfigError when there is none."""
    configured = RuntimeSettings().prompts_dir
    if configured:
        directory = Path(configured)
        if not directory.is_dir():
            raise ConfigError(f"{PROMPTS_ENV}={configured}: not a folder")
        return directory
    packaged = Path(str(resources.files("summarizer"))) / "prompts"
    checkout = Path(__file__).resolve().parents[1] / "prompts"
    for directory in (packaged, checkout):
        if directory.is_dir() and any(directory.glob("*.j2")):
            return directory
    raise ConfigError(f"no prompt templates found in {packaged} or {checkout}")


def load_prompt(stage: str, directory: Path | None = None) -> PromptTemplate:
    """The newest version of ``stage``'s template."""
    return _load(stage, (directory or prompts_dir()).resolve())


def prompt_versions(stages: tuple[str, ...] = STAGES) -> dict[str, str]:
    return {stage: load_prompt(stage).version for stage in stages}


@lru_cache(maxsize=32)
def _load(stage: str, directory: Path) -> PromptTemplate:
    path = _newest_file(stage, directory)
    source = path.read_text("utf-8")
    declared = _VERSION_LINE.match(source)
    expected = path.name.removesuffix(".j2")
    if declared is None or declared["version"] != expected:
        raise ConfigError(f"{path}: the first line must be {{# version: {expected} #}}")
    environment = _environment(directory)
    try:
        template = environment.get_template(path.name)
    except TemplateError as error:
        raise ConfigError(f"{path}: not a valid template: {error}") from error
    return PromptTemplate(stage, expected, path, template)


def _newest_file(stage: str, directory: Path) -> Path:
    versions: dict[int, Path] = {}
    for path in directory.glob(f"{stage}.v*.j2"):
        name = _FILE_NAME.match(path.name)
        if name is not None and name["stage"] == stage:
            versions[int(name["number"])] = path
    if not versions:
        raise ConfigError(f"{directory}: no prompt template for stage {stage!r}")
    return versions[max(versions)]


@lru_cache(maxsize=8)
def _environment(directory: Path) -> SandboxedEnvironment:
    environment = SandboxedEnvironment(
        loader=FileSystemLoader(directory),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["data"] = as_data
    environment.filters["attr"] = as_attribute
    return environment
