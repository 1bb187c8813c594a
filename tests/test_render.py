"""render: JSON round trip, GFM footnotes, and an HTML page that is inert to hostile text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from pydantic import ValidationError
from render_fixtures import (
    HOSTILE,
    LEDGER_FIRE,
    VOICE_CAUSE,
    cite,
    editorial_summary,
    hostile_summary,
    sample_summary,
)

from summarizer.models import ArticleMeta, ClusterSummary, SummarySentence
from summarizer.render import FORMATS, csp_hash, render

# --- JSON -----------------------------------------------------------------------------------


def test_formats_are_json_markdown_and_html() -> None:
    assert FORMATS == ("json", "md", "html")
    with pytest.raises(ValueError, match="unknown format"):
        render(sample_summary(), "pdf")  # type: ignore[arg-type]


def test_json_keeps_every_citation_field_and_round_trips() -> None:
    summary = sample_summary()
    data = json.loads(render(summary, "json"))
    assert data["schema_version"] == "1.2"
    assert data["words"] == summary.words
    assert data["usage"]["prompt_tokens"] == 900
    assert data["warnings"] == summary.warnings
    first = data["sentences"][0]["citations"][0]
    assert first == {
        "article_id": "northern-ledger",
        "sentence": 2,
        "sentence_id": "northern-ledger:2",
        "start": 118,
        "end": 118 + len(LEDGER_FIRE.quote),
        "quote": LEDGER_FIRE.quote,
        "outlet": "Northern Ledger",
        "published": "2024-05-08",
    }
    assert ClusterSummary.model_validate_json(render(summary, "json")) == summary


def test_json_read_back_still_rejects_unknown_keys() -> None:
    data = json.loads(render(sample_summary(), "json"))
    with pytest.raises(ValidationError, match="not_a_field"):
        ClusterSummary.model_validate(data | {"not_a_field": 1})


# --- Markdown -------------------------------------------------------------------------------

REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]: (.+)$", re.MULTILINE)


def footnotes(markdown: str) -> tuple[list[str], dict[str, str]]:
    body = DEFINITION.sub("", markdown)
    return REFERENCE.findall(body), dict(DEFINITION.findall(markdown))


def test_markdown_has_headline_and_sections_in_order() -> None:
    markdown = render(sample_summary(), "md")
    assert markdown.startswith("# Fire damages Orlen textile mill; cause disputed\n")
    headings = re.findall(r"^## (.+)$", markdown, re.MULTILINE)
    assert headings == [
        "Where the sources agree",
        "Disputed",
        "How each outlet framed it",
        "Warnings",
        "Sources",
    ]


def test_markdown_gives_one_footnote_per_source_sentence() -> None:
    references, definitions = footnotes(render(sample_summary(), "md"))
    citation_numbers = [label for label in definitions if label.isdigit()]
    # five distinct source sentences, cited nine times across the page
    assert citation_numbers == ["1", "2", "3", "4", "5"]
    assert set(references) == set(definitions)
    assert definitions["1"] == (
        "Northern Ledger (2024-05-08), northern-ledger sentence 2, "
        f"chars 118–{118 + len(LEDGER_FIRE.quote)}: “{LEDGER_FIRE.quote}”"
    )


def test_markdown_reuses_the_number_of_a_source_sentence_cited_twice() -> None:
    paragraph = render(sample_summary(), "md").split("\n\n")[1]
    assert paragraph.startswith(LEDGER_FIRE.quote + "[^1][^2] ")
    assert paragraph.endswith("called the claim baseless.[^5][^1]")


def test_markdown_marks_edited_sentences_with_their_original_wording() -> None:
    markdown = render(sample_summary(), "md")
    assert "faulty wiring.[^4]†[^edit-1]" in markdown
    _, definitions = footnotes(markdown)
    assert definitions["edit-1"] == f"Edited from the source: “{VOICE_CAUSE.quote}”"


def test_markdown_dispute_names_claimant_and_disputer() -> None:
    markdown = render(sample_summary(), "md")
    assert (
        "- *Disputed claim:* The owners ignored warnings about faulty wiring. — claimed by "
        "**the union (Civic Voice)**; disputed by **the owners (Northern Ledger)**[^4][^5]"
    ) in markdown
    assert "Loaded terms: “disaster foretold”." in markdown
    assert "<https://ledger.example/orlen-fire>" in markdown


def test_markdown_leaves_out_warnings_section_when_there_are_none() -> None:
    markdown = render(sample_summary().model_copy(update={"warnings": []}), "md")
    assert "## Warnings" not in markdown


def test_markdown_escapes_markup_from_articles() -> None:
    markdown = render(hostile_summary(), "md")
    assert "<script>" not in markdown
    assert "](javascript:" not in markdown and "<javascript:" not in markdown
    assert "\\[^1\\] \\*bold\\*" in markdown  # a fake footnote stays text
    references, definitions = footnotes(markdown)
    assert set(references) == set(definitions)
    assert "\\# Sentence" in markdown


def test_markdown_parses_as_gfm_footnotes() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    footnote = pytest.importorskip("mdit_py_plugins.footnote")
    parser = markdown_it.MarkdownIt("commonmark").use(footnote.footnote_plugin)
    page = parser.render(render(sample_summary(), "md"))
    assert page.count('<li id="fn') == 6  # five sources and one edit note
    assert 'href="#fn1"' in page
    hostile = parser.enable("html_inline").render(render(hostile_summary(), "md"))
    assert "<script>" not in hostile and "<img" not in hostile


# --- HTML -----------------------------------------------------------------------------------


class PageParser(HTMLParser):
    """Collects tags with their attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._inside = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside == "script":
            self.scripts.append(data)
        elif self._inside == "style":
            self.styles.append(data)

    def with_class(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for _, attrs in self.tags if name in (attrs.get("class") or "").split()]


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    return parser


def test_html_shows_each_sentence_with_focusable_citation_chips() -> None:
    page = render(sample_summary(), "html")
    parsed = parse(page)
    cited = parsed.with_class("cited")
    sentences = [attrs for attrs in cited if (attrs["id"] or "").startswith("s")]
    assert [attrs["id"] for attrs in sentences] == ["s1", "s2", "s3", "s4"]
    assert all(attrs["tabindex"] == "0" and attrs["role"] == "button" for attrs in sentences)
    assert all(attrs["aria-controls"] == "evidence-panel" for attrs in sentences)
    chips = [(attrs["data-item"], attrs["href"]) for attrs in parsed.with_class("chip")]
    assert chips[:5] == [
        ("s1", "#note-1"),
        ("s1", "#note-2"),
        ("s2", "#note-3"),
        ("s3", "#note-4"),
        ("s4", "#note-5"),
    ]
    assert ("s4", "#note-1") in chips


def test_html_evidence_panel_quotes_source_sentences_with_their_location() -> None:
    page = render(sample_summary(), "html")
    evidence = page.split('id="ev-s3"')[1].split("</section>")[0]
    assert "The union says the owners ignored repeated warnings about faulty wiring." in evidence
    assert "Edited from the source wording" in evidence
    assert "<strong>Civic Voice</strong> · <time>2024-05-08</time>" in evidence
    assert "<code>civic-voice</code> · sentence 4 · chars 391–463" in evidence
    assert "Claim attributed to <strong>the union</strong>" in evidence
    assert 'id="note-5"' in page  # the no-script fallback list


def test_html_has_every_section_and_a_footer_with_backend_and_usage() -> None:
    page = render(sample_summary(), "html")
    for heading in (
        "Where the sources agree",
        "Disputed",
        "How each outlet framed it",
        "Sources",
        "Source sentences",
        "1 check not met",
    ):
        assert heading in page
    assert "<dt>Claimed by</dt><dd>the union (Civic Voice)</dd>" in page
    assert "<dt>Disputed by</dt><dd>the owners (Northern Ledger)</dd>" in page
    assert "the word budget left 1 article(s) uncited" in page
    assert "llama-3.1-8b-instruct" in page and "digest 3, reduce 5" in page
    assert "900 tokens in, 200 out, 2.25 s" in page
    assert '<a href="https://ledger.example/orlen-fire" rel="noopener noreferrer">' in page


def test_html_without_warnings_has_no_warning_box() -> None:
    page = render(sample_summary().model_copy(update={"warnings": []}), "html")
    assert 'class="warnings"' not in page


def test_html_escapes_everything_from_articles_and_the_model() -> None:
    page = render(hostile_summary(), "html")
    parsed = parse(page)
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert [tag for tag, _ in parsed.tags].count("script") == 1
    assert not [attrs for tag, attrs in parsed.tags if tag == "img"]
    hrefs = [attrs.get("href") or "" for tag, attrs in parsed.tags if tag == "a"]
    assert not [href for href in hrefs if not href.startswith(("#", "https://"))]


def test_html_is_self_contained_and_its_policy_admits_only_its_own_script() -> None:
    page = render(sample_summary(), "html")
    parsed = parse(page)
    assert not [attrs for tag, attrs in parsed.tags if tag in ("link", "img", "iframe")]
    assert not [attrs for tag, attrs in parsed.tags if tag == "script" and "src" in attrs]
    policy = next(
        attrs["content"] or ""
        for tag, attrs in parsed.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in policy
    assert f"script-src '{csp_hash(parsed.scripts[0])}'" in policy
    assert f"style-src '{csp_hash(parsed.styles[0])}'" in policy


def test_citation_without_outlet_says_so_instead_of_repeating_the_id() -> None:
    anonymous = cite("tip-1", 1, 0, "The mill closed early.", "tip-1", "2024-05-08")
    summary = ClusterSummary(
        cluster_id="c",
        sentences=[SummarySentence(text=anonymous.quote, citations=[anonymous])],
        sources=[ArticleMeta(id="tip-1")],
    )
    markdown = render(summary, "md")
    assert "[^1]: Unnamed outlet (2024-05-08), tip-1 sentence 1, chars 0–22:" in markdown
    assert "- **tip-1**: Unnamed outlet" in markdown
    assert "<strong>Unnamed outlet</strong>" in render(summary, "html")


# --- the editorial parts: timeline, figures as they changed, dispute sides, word budget -----


def test_json_carries_timeline_sides_and_budget_as_they_are() -> None:
    summary = editorial_summary()
    data = json.loads(render(summary, "json"))
    assert data["timeline"][1] | {"citations": []} == {
        "date": "2024-05-08",
        "text": "Two workers were taken to hospital.",
        "figure": "2",
        "what": "workers in hospital",
        "citations": [],
    }
    assert data["disputes"][0]["kind"] == "figure"
    assert [side["party"] for side in data["disputes"][0]["sides"]] == ["the union", "the hospital"]
    assert data["budget"] == {"body": 120, "extras": 80, "headline": 12, "dates": 0}
    assert ClusterSummary.model_validate_json(render(summary, "json")) == summary


def test_markdown_timeline_dates_each_entry_and_shows_a_figure_as_it_changed() -> None:
    markdown = render(editorial_summary(), "md")
    headings = re.findall(r"^## (.+)$", markdown, re.MULTILINE)
    assert headings[:3] == ["Timeline", "Where the sources agree", "Disputed"]
    assert "- **7 May 2024** — A fire broke out at the Orlen textile mill.[^1]\n" in markdown
    assert "- **10 May 2024** — Five workers were being treated in hospital.[^6]\n" in markdown
    assert "- 2 → 5 workers in hospital: 2 (8 May 2024)[^3]; 5 (10 May 2024)[^6]\n" in markdown


def test_markdown_dispute_gives_its_kind_and_cites_each_side() -> None:
    markdown = render(editorial_summary(), "md")
    assert (
        "- *Figures differ:* How many workers were hurt. — claimed by **the union (Civic Voice)**;"
        " disputed by **the hospital (Harbour Wire)**\n"
        "  - **the union**: 9 members hurt[^7]\n"
        "  - **the hospital**: 2 taken to hospital[^3]\n"
    ) in markdown
    assert "- *Disputed claim:* The owners ignored" in markdown
    references, definitions = footnotes(markdown)
    assert set(references) == set(definitions)
    assert definitions["7"].startswith("Civic Voice (2024-05-08), civic-voice sentence 5")


def test_markdown_says_what_the_word_budget_covers() -> None:
    markdown = render(editorial_summary(), "md")
    assert (
        "*Word budget — Body: at most 120 words (53 here); agreed points, disputes, timeline and"
        " framing: at most 80 words together; headline (at most 12 words) not counted.*"
    ) in markdown
    unset = render(sample_summary(), "md")
    assert "*Word budget — Body: 53 words; no word budget is recorded" in unset


def test_markdown_figures_that_never_changed_make_no_series() -> None:
    summary = editorial_summary()
    steady = [entry.model_copy(update={"figure": "2"}) for entry in summary.timeline]
    markdown = render(summary.model_copy(update={"timeline": steady}), "md")
    assert "## Timeline" in markdown and "Figures as they changed" not in markdown
    assert "## Timeline" not in render(sample_summary(), "md")


def test_html_renders_timeline_figures_sides_and_budget_each_selectable() -> None:
    page = render(editorial_summary(), "html")
    parsed = parse(page)
    ids = [attrs["id"] for attrs in parsed.with_class("cited")]
    assert ids[4:7] == ["t1", "t2", "t3"]
    assert {"d1", "d1-1", "d1-2", "d2", "d2-1", "d2-2"} <= set(ids)
    assert all(f'id="ev-{item_id}"' in page for item_id in ids)
    assert '<time datetime="2024-05-10">10 May 2024</time>' in page
    assert '<span class="series-label">2 → 5 workers in hospital</span>' in page
    assert '<p class="dispute-kind">Figures differ</p>' in page
    assert '<span class="party">the hospital:</span>' in page
    assert "at most 80 words together" in page
    claim_evidence = page.split('id="ev-d1"')[1].split("</section>")[0]
    assert "Nine of our members were hurt" in claim_evidence
    assert "Two workers were taken to hospital" in claim_evidence


def test_markdown_and_html_escape_markup_in_the_editorial_parts() -> None:
    markdown = render(hostile_summary(), "md")
    assert "<script>" not in markdown and "\\- Timeline" in markdown
    page = render(hostile_summary(), "html")
    assert HOSTILE not in page
    assert [tag for tag, _ in parse(page).tags].count("script") == 1
