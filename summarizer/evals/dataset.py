"""The dataset: eval-set folders (``cluster.json`` + ``labels.json``) read into models.

The layout and the meaning of every field are in FORMAT.md (summarised in docs/evals.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import InputError, validation_problems
from ..lexicon.words import ATTRIBUTION_CUES
from ..styleguide import LoadedTerm

CLUSTER_FILE = "cluster.json"
LABELS_FILE = "labels.json"

KeyGroups = list[list[str]]


class _Label(BaseModel):
    # Label files may carry notes of their own; unknown fields are kept out, not refused.
    model_config = ConfigDict(extra="ignore")


class Evidence(_Label):
    article: str
    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Fact(_Label):
    id: str
    importance: Literal["core", "supporting"]
    text: str = ""
    keys: KeyGroups = Field(min_length=1)
    evidence: list[Evidence] = Field(default_factory=list)


class Contested(_Label):
    id: str
    claim: str
    claimant: str
    disputed_by: str | list[str] = ""
    mention_keys: KeyGroups = Field(min_length=1)
    claimant_keys: KeyGroups = Field(min_length=1)
    evidence: list[Evidence] = Field(default_factory=list)


class LoadedTermLabel(LoadedTerm):
    """The style guide's loaded term; a label must name its prefixes (FORMAT.md)."""

    prefixes: list[str] = Field(min_length=1)


class Labels(_Label):
    cluster: str | None = None
    max_words: int = Field(default=250, ge=1)
    facts: list[Fact] = Field(default_factory=list)
    contested: list[Contested] = Field(default_factory=list)
    attribution_cues: list[str] = Field(default_factory=lambda: list(ATTRIBUTION_CUES))
    loaded_terms: list[LoadedTermLabel] = Field(default_factory=list)
    off_topic_articles: list[str] = Field(
        default_factory=list,
        description="Ids of the cluster's articles that are not about its story (an "
        "unrelated report on the same page, say): no fact is labelled from them, and a "
        "summary sentence citing one counts in ``off_topic_citations`` (which must be 0).",
    )

    @field_validator("facts", "contested")
    @classmethod
    def _unique_ids(cls, items: list[Fact] | list[Contested]) -> list[Fact] | list[Contested]:
        ids = [item.id for item in items]
        duplicates = sorted({item_id for item_id in ids if ids.count(item_id) > 1})
        if duplicates:
            raise ValueError(f"duplicate ids: {', '.join(duplicates)}")
        return items

    @property
    def core_facts(self) -> list[Fact]:
        return [fact for fact in self.facts if fact.importance == "core"]


class ClusterInfo(_Label):
    """What the harness needs from ``cluster.json``; ingest reads the articles."""

    id: str
    title: str | None = None


class EvalSet(BaseModel):
    folder: Path
    cluster: ClusterInfo
    labels: Labels

    @property
    def id(self) -> str:
        return self.cluster.id


def read_utf8(path: Path) -> str:
    """A harness file's text; InputError naming the file when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise InputError(str(path), "no such file") from error
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read as UTF-8 text: {error}") from error


def _read_json(path: Path) -> object:
    try:
        return json.loads(read_utf8(path))
    except json.JSONDecodeError as error:
        raise InputError(str(path), f"not valid JSON: {error}") from error


def load_labels(path: Path) -> Labels:
    try:
        return Labels.model_validate(_read_json(path))
    except ValidationError as error:
        raise InputError(str(path), validation_problems(error, limit=1, more=True)) from error


def load_cluster_info(path: Path) -> ClusterInfo:
    try:
        return ClusterInfo.model_validate(_read_json(path))
    except ValidationError as error:
        raise InputError(str(path), validation_problems(error, limit=1, more=True)) from error


def is_eval_set(folder: Path) -> bool:
    return (folder / LABELS_FILE).is_file() and (folder / CLUSTER_FILE).is_file()


def load_eval_set(folder: Path) -> EvalSet:
    folder = Path(folder)
    if not is_eval_set(folder):
        raise InputError(str(folder), f"not an eval set: needs {CLUSTER_FILE} and {LABELS_FILE}")
    return EvalSet(
        folder=folder,
        cluster=load_cluster_info(folder / CLUSTER_FILE),
        labels=load_labels(folder / LABELS_FILE),
    )


def check_labels_match(labels: Labels, cluster_id: str, source: str) -> None:
    """Labels written for another cluster would score nonsense: refuse them."""
    if labels.cluster is not None and labels.cluster != cluster_id:
        raise InputError(source, f"labels are for cluster {labels.cluster!r}, not {cluster_id!r}")


def discover(paths: list[Path]) -> list[Path]:
    """Eval-set folders: each path itself when it is one, else every one below it.

    Below a parent the search goes down any number of levels but stops at an eval set
    (its own sub-folders are not searched). Sorted per path, duplicates dropped.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            raise InputError(str(path), "not a folder")
        matches = [path] if is_eval_set(path) else _eval_sets_below(path)
        if not matches:
            raise InputError(str(path), f"no eval set ({CLUSTER_FILE} + {LABELS_FILE}) found")
        found.extend(match for match in matches if match not in found)
    return found


def _eval_sets_below(folder: Path) -> list[Path]:
    found: list[Path] = []
    for child in sorted(folder.iterdir()):
        if not child.is_dir() or child.name.startswith("."):
            continue
        if is_eval_set(child):
            found.append(child)
        else:
            found.extend(_eval_sets_below(child))
    return found
