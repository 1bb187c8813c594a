"""Consistency checks for the hand-labelled evaluation sets.

Every folder under ``evals/`` and ``examples/`` that holds a ``labels.json``
is checked: article files exist and decode as UTF-8, evidence offsets agree
with the quotes, ids and importance values are valid, and every fact's keys
(and every contested claim's mention keys) match the sentence around at
least one of its evidence quotes under the lexical matching rule of the
eval-set format (an alternative matches when it occurs case-insensitively at
the start of a word, i.e. with no letter or digit right before it; a key list
matches when every group matches).

Plain ``json`` and ``pathlib`` only: these tests do not import the product.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SET_PARENTS = (ROOT / "evals", ROOT / "examples")

REQUIRED_CUES = (
    "said",
    "says",
    "say ",
    "accus",
    "claim",
    "alleg",
    "according to",
    "insist",
    "denied",
    "denies",
    "rejected",
    "told",
    "stated",
    "urged",
    "called",
    "blame",
    "warned",
    "reported",
)

# Sentence boundaries: a line break, or . ! ? (optionally followed by a
# closing quote) then whitespace and a capital letter or an opening quote.
_BOUNDARY = re.compile(r'\n|[.!?]["\u201d\u2019\u00bb]?\s+(?=["\u201c\u2018\u00abA-Z])')
# Quoted spans, not crossing a line break.
_QUOTED = re.compile(
    r'"[^"\n]*"|\u201c[^\u201d\n]*\u201d|\u00ab[^\u00bb\n]*\u00bb|\u2018[^\u2019\n]*\u2019'
)


def _set_dirs() -> list[Path]:
    dirs: list[Path] = []
    for parent in SET_PARENTS:
        if parent.is_dir():
            dirs.extend(sorted(p.parent for p in parent.glob("*/labels.json")))
    return dirs


SET_DIRS = _set_dirs()


def alt_matches(text: str, alt: str) -> bool:
    """True when ``alt`` occurs in ``text`` case-insensitively at a word start."""
    low, needle = text.lower(), alt.lower()
    i = low.find(needle)
    while i >= 0:
        if i == 0 or not low[i - 1].isalnum():
            return True
        i = low.find(needle, i + 1)
    return False


def keys_match(text: str, keys: list[list[str]]) -> bool:
    """True when every group of alternatives has at least one match."""
    return all(any(alt_matches(text, alt) for alt in group) for group in keys)


def sentence_around(text: str, start: int, end: int) -> str:
    """The text from the sentence boundary before ``start`` to the one after ``end``."""
    s = 0
    for m in _BOUNDARY.finditer(text):
        if m.end() <= start:
            s = m.end()
        elif m.start() >= end:
            return text[s : m.start() + 1]
    return text[s:]


def strip_quoted(text: str) -> str:
    return _QUOTED.sub(" ", text)


def _load(set_dir: Path) -> tuple[dict, dict, dict[str, str]]:
    cluster = json.loads((set_dir / "cluster.json").read_text(encoding="utf-8"))
    labels = json.loads((set_dir / "labels.json").read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    for art in cluster["articles"]:
        path = set_dir / art["file"]
        assert path.is_file(), f"missing article file {path}"
        texts[art["id"]] = path.read_bytes().decode("utf-8")
    return cluster, labels, texts


def _is_keys(keys: object) -> bool:
    return (
        isinstance(keys, list)
        and len(keys) > 0
        and all(
            isinstance(g, list) and len(g) > 0 and all(isinstance(a, str) and a for a in g)
            for g in keys
        )
    )


def test_sets_found() -> None:
    assert SET_DIRS, "no labelled sets found under evals/ or examples/"


@pytest.mark.parametrize("set_dir", SET_DIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
class TestEvalSet:
    def test_cluster_metadata(self, set_dir: Path) -> None:
        cluster, labels, texts = _load(set_dir)
        assert cluster["id"] == set_dir.name
        assert labels["cluster"] == cluster["id"]
        assert isinstance(labels["max_words"], int) and labels["max_words"] > 0
        ids = [a["id"] for a in cluster["articles"]]
        assert len(ids) == len(set(ids)), "duplicate article ids"
        for art in cluster["articles"]:
            for field in (
                "id",
                "file",
                "outlet",
                "dateline",
                "published",
                "date_basis",
                "language",
            ):
                assert field in art, f"{art.get('id')}: missing {field}"
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", art["published"])
            assert texts[art["id"]].strip()

    def test_facts(self, set_dir: Path) -> None:
        _, labels, _texts = _load(set_dir)
        facts = labels["facts"]
        assert facts
        ids = [f["id"] for f in facts]
        assert len(ids) == len(set(ids)), "duplicate fact ids"
        for fact in facts:
            assert re.fullmatch(r"F\d{2,}", fact["id"])
            assert fact["importance"] in {"core", "supporting"}, fact["id"]
            assert isinstance(fact["text"], str) and fact["text"]
            assert _is_keys(fact["keys"]), f"{fact['id']}: malformed keys"
            assert fact["evidence"], f"{fact['id']}: no evidence"
        assert any(f["importance"] == "core" for f in facts)

    def test_evidence_offsets(self, set_dir: Path) -> None:
        _, labels, texts = _load(set_dir)
        for item in labels["facts"] + labels.get("contested", []):
            for ev in item["evidence"]:
                assert ev["article"] in texts, f"{item['id']}: unknown article {ev['article']}"
                text = texts[ev["article"]]
                assert 0 <= ev["start"] < ev["end"] <= len(text)
                assert text[ev["start"] : ev["end"]] == ev["quote"], (
                    f"{item['id']}: offsets do not match quote in {ev['article']}"
                )

    def test_fact_keys_match_own_evidence(self, set_dir: Path) -> None:
        _, labels, texts = _load(set_dir)
        for fact in labels["facts"]:
            sentences = [
                sentence_around(texts[ev["article"]], ev["start"], ev["end"])
                for ev in fact["evidence"]
            ]
            assert any(keys_match(s, fact["keys"]) for s in sentences), (
                f"{fact['id']}: keys {fact['keys']} match none of its evidence sentences"
            )

    def test_contested(self, set_dir: Path) -> None:
        _, labels, texts = _load(set_dir)
        contested = labels.get("contested", [])
        ids = [c["id"] for c in contested]
        assert len(ids) == len(set(ids)), "duplicate contested ids"
        for claim in contested:
            assert re.fullmatch(r"C\d{2,}", claim["id"])
            for field in ("claim", "claimant", "disputed_by"):
                assert isinstance(claim[field], str) and claim[field], f"{claim['id']}: {field}"
            assert _is_keys(claim["mention_keys"]), f"{claim['id']}: malformed mention_keys"
            assert _is_keys(claim["claimant_keys"]), f"{claim['id']}: malformed claimant_keys"
            assert claim["evidence"], f"{claim['id']}: no evidence"
            sentences = [
                sentence_around(texts[ev["article"]], ev["start"], ev["end"])
                for ev in claim["evidence"]
            ]
            assert any(keys_match(s, claim["mention_keys"]) for s in sentences), (
                f"{claim['id']}: mention_keys match none of its evidence sentences"
            )

    def test_attribution_cues(self, set_dir: Path) -> None:
        _, labels, _ = _load(set_dir)
        cues = labels["attribution_cues"]
        assert all(isinstance(c, str) and c for c in cues)
        missing = [c for c in REQUIRED_CUES if c not in cues]
        assert not missing, f"attribution_cues lacks {missing}"

    def test_loaded_terms(self, set_dir: Path) -> None:
        _, labels, texts = _load(set_dir)
        terms = labels["loaded_terms"]
        assert terms
        for term in terms:
            assert isinstance(term["term"], str) and term["term"]
            assert isinstance(term["why"], str) and term["why"]
            prefixes = term["prefixes"]
            assert isinstance(prefixes, list) and prefixes
            assert all(isinstance(p, str) and p for p in prefixes)
        unquoted = [strip_quoted(t) for t in texts.values()]
        assert any(
            alt_matches(text, prefix)
            for text in unquoted
            for term in terms
            for prefix in term["prefixes"]
        ), "no loaded term occurs outside quotation marks in any article"


def test_matcher_rule() -> None:
    assert alt_matches("Three soldiers were killed.", "kill")
    assert alt_matches("A toll of 33 dead", "33")
    assert not alt_matches("skilled workers", "kill")
    assert not alt_matches("in 2033", "33")
    assert keys_match("Police fired tear gas", [["police"], ["tear gas", "water cannon"]])
    assert not keys_match("Police arrived", [["police"], ["tear gas"]])
    assert strip_quoted('He said "rioters" came') == "He said   came"
