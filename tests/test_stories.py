"""Input that holds several stories, each summarised apart: the API, the CLI's
``--all-stories`` and the service's ``all_stories``, over two small unrelated stories."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from service_server import running

from summarizer.api import summarize, summarize_stories
from summarizer.cli import main
from summarizer.models import ClusterStories, ClusterSummary
from summarizer.service import create_app
from summarizer.settings import ServiceSettings

FIRE = {
    "ledger": "A fire broke out at the Orlen textile mill in Karsby on Tuesday night, the "
    "Karsby fire service said.\nTwo workers were taken to Karsby General Hospital with "
    "smoke inhalation.\nThe Orlen mill employs 300 people, according to Halden Textiles.\n",
    "voice": "Fire tore through the Orlen mill in Karsby late on Tuesday.\nThe union at "
    "Halden Textiles says the owners ignored warnings about faulty wiring at the Orlen "
    "mill.\nPolice in Karsby said the cause was not yet known.\n",
    "herald": "Firefighters fought the blaze at the Orlen textile mill in Karsby for six "
    "hours on Tuesday night.\nHalden Textiles said the wiring at the Orlen mill had passed "
    "an inspection in March.\n",
}
FINAL = {
    "sport-a": "Vellmar United beat Dornau City 3-1 in the cup final at Brenn Stadium on "
    "Saturday.\nStriker Tomas Reyk scored twice for Vellmar United in the second half.\n",
    "sport-b": "Tomas Reyk scored two goals as Vellmar United won the cup final against "
    "Dornau City on Saturday.\nAbout 40,000 fans watched the match at Brenn Stadium, "
    "organisers said.\n",
}
TEXTS = FIRE | FINAL


def cluster(texts: dict[str, str]) -> dict[str, Any]:
    return {"id": "desk", "articles": [{"id": name, "text": text} for name, text in texts.items()]}


def folder_of(tmp_path: Path, texts: dict[str, str]) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, "utf-8")
    return folder


def cited(summary: ClusterSummary | dict[str, Any]) -> set[str]:
    data = summary.model_dump() if isinstance(summary, ClusterSummary) else summary
    sections = [data["sentences"], data["agreed"], data["disputes"], data["framing"]]
    return {c["article_id"] for section in sections for item in section for c in item["citations"]}


def assert_two_stories(stories: list[dict[str, Any]]) -> None:
    """Largest first, each with its own articles, citing only them, and saying the split."""
    assert [{source["id"] for source in story["sources"]} for story in stories] == [
        set(FIRE),
        set(FINAL),
    ]
    for story, own in zip(stories, (FIRE, FINAL), strict=True):
        assert story["sentences"] and cited(story) <= set(own)
        split = [w for w in story["warnings"] if "2 stories" in w]
        assert len(split) == 1 and all(name in split[0] for name in TEXTS)
    assert len({story["cluster_id"] for story in stories}) == 2


def test_each_story_is_summarised_apart_largest_first() -> None:
    stories = summarize_stories(cluster(TEXTS), max_words=60)
    assert_two_stories([story.model_dump() for story in stories])
    largest = summarize(cluster(TEXTS), max_words=60)
    assert [s.text for s in stories[0].sentences] == [s.text for s in largest.sentences]


def test_one_story_gives_the_one_summary() -> None:
    stories = summarize_stories(cluster(FIRE), max_words=60)
    alone = summarize(cluster(FIRE), max_words=60)
    assert len(stories) == 1
    assert stories[0].model_dump(exclude={"usage"}) == alone.model_dump(exclude={"usage"})


def test_an_article_about_no_story_is_in_none() -> None:
    stray = {"stray": "The Qorvath observatory in Lindmere photographed a comet on Friday.\n"}
    stories = summarize_stories(cluster(TEXTS | stray), max_words=60)
    assert len(stories) == 2
    for story in stories:
        assert "stray" not in {source.id for source in story.sources}
        assert any("stray" in warning and "not about" in warning for warning in story.warnings)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["summarize", *args, "--max-words", "60"])


def test_cli_all_stories_json_is_one_object_with_each_story(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, TEXTS)
    result = run(str(folder), "--all-stories", "--format", "json")
    assert result.exit_code == 0, result.output
    stories = ClusterStories.model_validate_json(result.stdout).stories
    assert_two_stories([story.model_dump() for story in stories])
    assert "story 2: the input holds 2 stories" in result.stderr


_NOTE_REF = re.compile(r"(?<!\\)\[\^([\w-]+)\](?!:)")
_NOTE_DEF = re.compile(r"^\[\^([\w-]+)\]:", re.MULTILINE)


def test_cli_all_stories_markdown_is_a_section_a_story(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, TEXTS)
    target = tmp_path / "out" / "stories.md"
    result = run(str(folder), "--all-stories", "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text("utf-8")
    assert len(re.findall(r"^# ", text, re.MULTILINE)) == 2
    definitions = _NOTE_DEF.findall(text)
    assert len(definitions) == len(set(definitions))  # each story's footnotes its own
    assert set(_NOTE_REF.findall(text)) == set(definitions)
    assert [p.name for p in target.parent.iterdir()] == ["stories.md"]  # no temporary left


def test_cli_all_stories_html_writes_a_page_a_story(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, TEXTS)
    assert run(str(folder), "--all-stories", "--format", "html").exit_code == 2  # no -o
    target = tmp_path / "out" / "page.html"
    result = run(str(folder), "--all-stories", "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    pages = sorted(p.name for p in target.parent.iterdir())
    assert pages == ["page-1.html", "page-2.html"]
    assert "Orlen" in (target.parent / "page-1.html").read_text("utf-8")
    assert "Vellmar" in (target.parent / "page-2.html").read_text("utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("stories") / "summarizer.db"
    with running(create_app(settings=ServiceSettings(requests_per_minute=0), store=db)) as url:
        yield url


def test_service_all_stories_over_http(server: str) -> None:
    body = {"cluster": cluster(TEXTS), "max_words": 60, "all_stories": True}
    with httpx.Client(base_url=server, timeout=120) as client:
        answer = client.post("/v1/summarize", json=body)
        markdown = client.post("/v1/summarize", json=body | {"format": "md"})
        page = client.post("/v1/summarize", json=body | {"format": "html"})
        job = client.post("/v1/jobs", json=body)
        largest = client.post("/v1/summarize", json=body | {"all_stories": False})
    assert answer.status_code == 200, answer.text
    assert_two_stories(answer.json()["stories"])
    assert markdown.status_code == 200 and markdown.text.count("\n# ") == 1
    assert page.status_code == 400 and job.status_code == 422
    assert {source["id"] for source in largest.json()["sources"]} == set(FIRE)
