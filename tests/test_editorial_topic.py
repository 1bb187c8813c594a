"""The off-topic filter: unrelated articles are left out before the backend and named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from summarizer.api import build_corpus, summarize
from summarizer.editorial import select_story
from summarizer.models import ClusterSummary

ROOT = Path(__file__).parents[1]
IDLIB = ROOT.parent / "shared" / "evals" / "idlib-2020"
OWN_SETS = sorted(path.parent for path in (ROOT / "evals").glob("*/labels.json"))
UNRELATED = ROOT / "evals" / "kessin-cup-final-2025"


def every_cited_article(summary: ClusterSummary) -> set[str]:
    items = [
        *summary.sentences,
        *summary.agreed,
        *summary.disputes,
        *summary.framing,
        *summary.timeline,
    ]
    cited = {c.article_id for item in items for c in item.citations}
    cited |= {c.article_id for dispute in summary.disputes for side in dispute.sides
              for c in side.citations}  # fmt: skip
    return cited


def mixed_folder(tmp_path: Path, base: Path, extra: Path, extra_id: str) -> Path:
    """``base``'s articles with one of ``extra``'s, copied now (never committed)."""
    folder = tmp_path / "mixed"
    (folder / "articles").mkdir(parents=True)
    cluster = json.loads((base / "cluster.json").read_text("utf-8"))
    other = json.loads((extra / "cluster.json").read_text("utf-8"))
    entry = next(article for article in other["articles"] if article["id"] == extra_id)
    for article in [*cluster["articles"], entry]:
        source = base if article in cluster["articles"] else extra
        shutil.copy(source / article["file"], folder / article["file"])
    cluster["articles"].append(entry)
    (folder / "cluster.json").write_text(json.dumps(cluster), "utf-8")
    return folder


def test_an_unrelated_article_mixed_into_idlib_is_named_and_never_cited(tmp_path: Path) -> None:
    if not IDLIB.is_dir():
        pytest.skip("the shared idlib-2020 set is not checked out beside this repository")
    folder = mixed_folder(tmp_path, IDLIB, UNRELATED, "coastline-sport")
    summary = summarize(folder)
    assert any("coastline-sport" in warning for warning in summary.warnings)
    assert "coastline-sport" not in every_cited_article(summary)
    assert "coastline-sport" not in {source.id for source in summary.sources}


def test_the_ferry_story_in_the_brandt_set_is_left_out() -> None:
    folder = ROOT / "evals" / "brandt-trial-2024"
    summary = summarize(folder)
    assert any("tolsk-herald-ferry" in warning for warning in summary.warnings)
    assert "tolsk-herald-ferry" not in every_cited_article(summary)


ALL_SETS = [*OWN_SETS, IDLIB, ROOT / "examples" / "harbour-strike"]


@pytest.mark.parametrize("folder", ALL_SETS, ids=lambda path: path.name)
def test_no_on_topic_article_of_any_set_is_left_out(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is not checked out")
    labels = json.loads((folder / "labels.json").read_text("utf-8"))
    off_topic = set(labels.get("off_topic_articles", []))
    story = select_story(build_corpus(folder))
    assert set(story.left_out) == off_topic


def test_input_holding_several_stories_says_so_and_keeps_the_largest(tmp_path: Path) -> None:
    sets = [ROOT / "evals" / name for name in ("kelvar-pass-2021", "solvany-runoff-2024")]
    articles = []
    for folder in sets:
        corpus = build_corpus(folder)
        articles += [
            {"id": a.article.id, "outlet": a.article.outlet, "published": a.article.published,
             "text": a.article.raw_text}
            for a in corpus.articles
        ]  # fmt: skip
    story = select_story(build_corpus({"id": "two-stories", "articles": articles}))
    kept = {segmented.article.id for segmented in story.corpus.articles}
    assert kept == {a.article.id for a in build_corpus(sets[1]).articles}  # 5 articles against 4
    assert any("2 stories" in warning for warning in story.warnings)


def test_two_articles_are_never_filtered() -> None:
    corpus = build_corpus(
        {
            "id": "pair",
            "articles": [
                {"id": "a", "text": "The Orla bridge reopened on Monday after repairs."},
                {"id": "b", "text": "Kestria won the cup final on Sunday in Port Aldo."},
            ],
        }
    )
    assert select_story(corpus).corpus == corpus
