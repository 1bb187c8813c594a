"""Reading clusters: folders, cluster.json, single files, decoding and input errors."""

from __future__ import annotations

import json
import re
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.extract import content_blocks, visible_text
from summarizer.ingest import MAX_ARTICLE_BYTES, load_cluster, load_cluster_data

EVALS = Path(__file__).parents[1].parent / "shared" / "evals"
IDLIB = EVALS / "idlib-2020"
needs_idlib = pytest.mark.skipif(not IDLIB.is_dir(), reason="../shared/evals is absent")

LEAD = "The council approved the budget on Tuesday. The vote was 7 to 2.\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def raises_input_error(
    path: Path | str, problem: str
) -> AbstractContextManager[pytest.ExceptionInfo[InputError]]:
    """pytest.raises for an InputError whose message names ``path`` and the problem."""
    return pytest.raises(InputError, match=rf"^{re.escape(str(path))}: .*{re.escape(problem)}")


# --- cluster shapes ----------------------------------------------------------------------


@needs_idlib
def test_eval_folder_reads_cluster_json_and_skips_labels() -> None:
    cluster = load_cluster(IDLIB)
    manifest = json.loads((IDLIB / "cluster.json").read_text(encoding="utf-8"))
    assert cluster.id == "idlib-2020"
    assert [article.id for article in cluster.articles] == [
        entry["id"] for entry in manifest["articles"]
    ]
    new_arab = next(article for article in cluster.articles if article.id == "new-arab")
    assert new_arab.outlet == "The New Arab"
    assert new_arab.published == "2020-02-15"
    assert new_arab.raw_text == (IDLIB / "articles" / "new-arab.txt").read_text(encoding="utf-8")


def test_folder_without_cluster_json_reads_articles_by_name(tmp_path: Path) -> None:
    write(tmp_path, "b-second.md", "# Second\n\n" + LEAD)
    write(tmp_path, "A First.txt", LEAD)
    write(tmp_path, "README.md", "How this folder was made.\n")
    write(tmp_path, ".hidden.txt", LEAD)
    write(tmp_path, "labels.json", '{"facts": []}')
    write(tmp_path, "notes.json", '{"not": "an article"}')
    cluster = load_cluster(tmp_path)
    assert [article.id for article in cluster.articles] == ["a-first", "b-second"]
    assert [article.content_type for article in cluster.articles] == ["text", "markdown"]
    assert cluster.articles[0].path == str(tmp_path / "A First.txt")


def test_single_file_is_a_cluster_of_one(tmp_path: Path) -> None:
    cluster = load_cluster(write(tmp_path, "story.txt", LEAD))
    assert [article.id for article in cluster.articles] == ["story"]
    assert cluster.articles[0].raw_text == LEAD


def test_json_article_file_carries_its_metadata(tmp_path: Path) -> None:
    article = {"id": "wire-1", "text": LEAD, "outlet": "Wire", "published": "2024-05-01"}
    cluster = load_cluster(write(tmp_path, "wire.json", json.dumps(article)))
    loaded = cluster.articles[0]
    assert (loaded.id, loaded.outlet, loaded.published) == ("wire-1", "Wire", "2024-05-01")
    assert loaded.raw_text == LEAD


def test_cluster_file_with_inline_text_and_files(tmp_path: Path) -> None:
    write(tmp_path, "articles/one.txt", LEAD)
    manifest = {
        "id": "budget",
        "language": "en",
        "articles": [
            {"file": "articles/one.txt", "outlet": "Daily", "date_basis": "ignored"},
            {"id": "two", "text": "Second outlet report.\n", "title": "Two"},
        ],
        "something_new": True,
    }
    cluster = load_cluster(write(tmp_path, "budget.json", json.dumps(manifest)))
    assert cluster.id == "budget"
    assert [article.id for article in cluster.articles] == ["one", "two"]
    assert cluster.articles[0].outlet == "Daily"
    assert cluster.articles[1].raw_text == "Second outlet report.\n"
    assert cluster.articles[1].title == "Two"


def test_cluster_data_from_a_json_string() -> None:
    data = json.dumps({"articles": [{"id": "a", "text": LEAD}]})
    cluster = load_cluster_data(data, base_dir=None, source="stdin")
    assert cluster.articles[0].raw_text == LEAD
    assert cluster.articles[0].language == "en"


def test_inline_html_is_recognised() -> None:
    page = "<html><body><p>" + LEAD + "</p></body></html>"
    cluster = load_cluster_data({"articles": [{"id": "a", "text": page}]}, None, "api")
    assert cluster.articles[0].content_type == "html"


def test_missing_published_is_read_from_the_page(tmp_path: Path) -> None:
    text = "Headline\n\nDate of publication: 15 February, 2020\n\n" + LEAD
    cluster = load_cluster(write(tmp_path, "page.txt", text))
    assert cluster.articles[0].published == "2020-02-15"


# --- decoding ----------------------------------------------------------------------------

ACCENTED = "Le café crème était très apprécié à Zürich; Françoise déjà là.\n"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_single_byte_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "fr.txt", ACCENTED.encode(encoding))
    article = load_cluster(path).articles[0]
    assert article.raw_text == ACCENTED
    assert article.encoding.replace("_", "-") in {"cp1252", "latin-1", "iso8859-1", "windows-1252"}


def test_utf8_bom_is_stripped_and_recorded(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ACCENTED.encode("utf-8"))
    article = load_cluster(path).articles[0]
    assert article.raw_text == ACCENTED
    assert article.encoding == "utf-8-sig"
    blocks, _ = content_blocks(article)
    assert all(article.raw_text[block.start : block.end] == block.text for block in blocks)


# --- errors ------------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    with raises_input_error(tmp_path / "nope", "not found"):
        load_cluster(tmp_path / "nope")


def test_folder_without_articles(tmp_path: Path) -> None:
    write(tmp_path, "notes.csv", "a,b\n")
    with raises_input_error(tmp_path, "no articles found"):
        load_cluster(tmp_path)


@pytest.mark.parametrize("content", ["", "   \n\t\n"])
def test_empty_article(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, "empty.txt", content)
    with raises_input_error(path, "empty article"):
        load_cluster(path)


@pytest.mark.parametrize(
    "content", [b"PK\x03\x04\x00\x00binary\x00data", bytes(range(1, 32)) * 200]
)
def test_binary_file(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "image.txt", content)
    with raises_input_error(path, "looks binary, not text"):
        load_cluster(path)


def test_too_large_file(tmp_path: Path) -> None:
    path = write(tmp_path, "huge.txt", b"word " * (MAX_ARTICLE_BYTES // 5 + 1000))
    with raises_input_error(path, "too large: 5.0 MB, limit 5 MB"):
        load_cluster(path)


def test_bad_json_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "cluster.json", '{\n  "articles": [\n    {"id": "a",}\n  ]\n}')
    with raises_input_error(path, "invalid JSON at line 3, column"):
        load_cluster(tmp_path)


def test_cluster_without_articles_list(tmp_path: Path) -> None:
    path = write(tmp_path, "cluster.json", '{"id": "x"}')
    with raises_input_error(path, "missing 'articles'"):
        load_cluster(tmp_path)


def test_duplicate_article_ids(tmp_path: Path) -> None:
    articles = [{"id": "a", "text": LEAD}, {"id": "a", "text": LEAD}]
    path = write(tmp_path, "cluster.json", json.dumps({"articles": articles}))
    with raises_input_error(path, "duplicate article id 'a'"):
        load_cluster(tmp_path)


@pytest.mark.parametrize("file", ["../outside.txt", "articles/../../outside.txt", "/etc/hostname"])
def test_file_outside_the_cluster_folder(tmp_path: Path, file: str) -> None:
    write(tmp_path, "outside.txt", LEAD)
    folder = tmp_path / "cluster"
    path = write(folder, "cluster.json", json.dumps({"articles": [{"id": "a", "file": file}]}))
    with raises_input_error(path, "article a: 'file'"):
        load_cluster(folder)


def test_listed_file_that_does_not_exist(tmp_path: Path) -> None:
    write(tmp_path, "cluster.json", json.dumps({"articles": [{"file": "articles/gone.txt"}]}))
    with raises_input_error(tmp_path / "articles" / "gone.txt", "file not found"):
        load_cluster(tmp_path)


def test_file_entry_needs_a_folder() -> None:
    data = {"articles": [{"id": "a", "file": "a.txt"}]}
    with raises_input_error("api", "article a: 'file' needs a folder; send 'text'"):
        load_cluster_data(data, base_dir=None, source="api")


# --- content blocks ------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Council approves budget &amp; park | Daily Example</title>
<style>body { color: red; }</style><script>var shareLabel = "Share this page";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News desk menu</a></li></ul></nav>
<article>
<h1>Council approves budget &amp; park</h1>
<div class="share">Share this article <a href="#">twitter</a></div>
<p>The town council voted on Tuesday to approve the budget, which funds a new park.
The vote was 7 to 2.</p>
<p>Mayor Anna Smith said the park would open in 2025 &amp; cost about &euro;2 million.
&ldquo;It is a good day for families,&rdquo; she said.</p>
<p>Two members voted against, arguing the money should go to <a href="/r">road repairs</a>.</p>
<p>Construction begins in spring, according to the council&#39;s planning office.</p>
<p>The budget also adds two bus routes &amp; longer library hours in the north.</p>
</article>
<footer><p>Copyright 2024 Daily Example footer text.</p></footer>
<script>console.log("footer script text");</script>
</body></html>
"""


def test_html_blocks_hold_the_article_text_without_markup() -> None:
    data = {"articles": [{"id": "page", "text": PAGE}]}
    article = load_cluster_data(data, None, "api").articles[0]
    blocks, furniture = content_blocks(article)
    texts = [block.text for block in blocks]
    assert "Council approves budget & park" in texts
    assert any("cost about €2 million" in text for text in texts)
    joined = " ".join(texts)
    for absent in ("News desk menu", "footer text", "footer script", "shareLabel", "<p>"):
        assert absent not in joined
    for block in blocks:
        assert visible_text(article.raw_text[block.start : block.end]) == block.text
    assert any("footer text" in visible_text(PAGE[span.start : span.end]) for span in furniture)


def test_visible_text_unescapes_and_drops_hidden_elements() -> None:
    html = '<p>Tom &amp; Jerry&nbsp;said<script>x()</script> <b>"hi"</b> &#8212; ok</p>'
    assert visible_text(html) == 'Tom & Jerry said "hi" — ok'


def test_html_page_states_its_title_outlet_and_date() -> None:
    page = Path(__file__).resolve().parent.parent / "examples" / "html-article" / "page.html"
    article = load_cluster(page).articles[0]
    assert article.title == "Elmsford council backs tidal barrier after winter floods"
    assert article.outlet == "The Estuary Gazette"  # from "<title>Headline | Outlet</title>"
    assert article.published == "2024-11-14"
