"""render: JSON round trip, GFM footnotes, and an HTML page that is inert to hostile text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from pydantic import ValidationError

from summarizer.models import (
    AgreedPoint,
    ArticleMeta,
    CallUsage,
    Citation,
    ClusterSummary,
    Dispute,
    OutletFraming,
    SummarySentence,
    Usage,
)
from summarizer.render import FORMATS, csp_hash, render

HOSTILE = "<script>alert(1)</script>"


def cite(
    article_id: str, number: int, start: int, quote: str, outlet: str, published: str
) -> Citation:
    return Citation(
        article_id=article_id,
        sentence=number,
        sentence_id=f"{article_id}:{number}",
        start=start,
        end=start + len(quote),
        quote=quote,
        outlet=outlet,
        published=published,
    )


LEDGER_FIRE = cite(
    "northern-ledger",
    2,
    118,
    "A fire broke out at the Orlen textile mill on Tuesday night, the fire service said.",
    "Northern Ledger",
    "2024-05-08",
)
VOICE_FIRE = cite(
    "civic-voice",
    1,
    0,
    "Fire tore through the Orlen mill late on Tuesday in what workers called a disaster foretold.",
    "Civic Voice",
    "2024-05-08",
)
WIRE_TOLL = cite(
    "harbour-wire",
    3,
    402,
    "Two workers were taken to hospital with smoke inhalation, a hospital spokeswoman said.",
    "Harbour Wire",
    "2024-05-09",
)
VOICE_CAUSE = cite(
    "civic-voice",
    4,
    391,
    "The union says the owners ignored repeated warnings about faulty wiring.",
    "Civic Voice",
    "2024-05-08",
)
LEDGER_DENIAL = cite(
    "northern-ledger",
    6,
    640,
    "The owners said every safety inspection had been passed and called the claim baseless.",
    "Northern Ledger",
    "2024-05-08",
)


def sample_summary() -> ClusterSummary:
    """Three articles, shared and single citations, an edited sentence, a dispute."""
    return ClusterSummary(
        cluster_id="orlen-mill-fire",
        title="Fire at the Orlen textile mill",
        headline="Fire damages Orlen textile mill; cause disputed",
        sentences=[
            SummarySentence(text=LEDGER_FIRE.quote, citations=[LEDGER_FIRE, VOICE_FIRE]),
            SummarySentence(text=WIRE_TOLL.quote, citations=[WIRE_TOLL]),
            SummarySentence(
                text="The union says the owners ignored warnings about faulty wiring.",
                citations=[VOICE_CAUSE],
                edited=True,
                original=VOICE_CAUSE.quote,
                attributed_to="the union",
            ),
            SummarySentence(text=LEDGER_DENIAL.quote, citations=[LEDGER_DENIAL, LEDGER_FIRE]),
        ],
        agreed=[
            AgreedPoint(
                text="A fire broke out at the mill on Tuesday night.",
                citations=[LEDGER_FIRE, VOICE_FIRE],
            )
        ],
        disputes=[
            Dispute(
                claim="The owners ignored warnings about faulty wiring.",
                claimant="the union (Civic Voice)",
                disputed_by=["the owners (Northern Ledger)"],
                citations=[VOICE_CAUSE, LEDGER_DENIAL],
            )
        ],
        framing=[
            OutletFraming(
                article_id="civic-voice",
                outlet="Civic Voice",
                note="Frames the fire as the result of neglect by the owners.",
                loaded_terms=["disaster foretold"],
                citations=[VOICE_FIRE],
            )
        ],
        warnings=["the word budget left 1 article(s) uncited: harbour-wire-2"],
        sources=[
            ArticleMeta(
                id="northern-ledger",
                outlet="Northern Ledger",
                published="2024-05-08",
                title="Fire at Orlen mill",
                url="https://ledger.example/orlen-fire",
                path="articles/northern-ledger.txt",
            ),
            ArticleMeta(
                id="civic-voice",
                outlet="Civic Voice (union weekly)",
                published="2024-05-08",
                path="articles/civic-voice.md",
            ),
            ArticleMeta(
                id="harbour-wire",
                outlet="Harbour Wire",
                published="2024-05-09",
                path="articles/harbour-wire.html",
            ),
        ],
        backend="openai",
        model="llama-3.1-8b-instruct",
        prompt_versions={"digest": "3", "reduce": "5"},
        settings={"max_words": 120},
        usage=Usage(
            calls=[
                CallUsage(
                    stage="digest",
                    model="llama-3.1-8b-instruct",
                    prompt_tokens=900,
                    completion_tokens=200,
                    wall_s=1.5,
                )
            ],
            wall_s=2.25,
        ),
    )


def hostile_summary() -> ClusterSummary:
    """Every text field an article or a model controls carries markup."""
    bad = cite(
        "evil",
        1,
        0,
        f"Officials said {HOSTILE} and [^1] *bold* <img src=x onerror=alert(2)>",
        f"Evil {HOSTILE} Daily",
        f"{HOSTILE}",
    )
    return sample_summary().model_copy(
        update={
            "headline": f"Headline {HOSTILE}",
            "sentences": [
                SummarySentence(
                    text=f"# Sentence {HOSTILE} | x",
                    citations=[bad],
                    edited=True,
                    original=f"original {HOSTILE}",
                )
            ],
            "warnings": [f"warning {HOSTILE}"],
            "sources": [
                ArticleMeta(
                    id="evil",
                    outlet=f"{HOSTILE}",
                    url="javascript:alert(3)",
                    title=f"<b>{HOSTILE}</b>",
                    path=f"{HOSTILE}.txt",
                )
            ],
            "prompt_versions": {"digest": HOSTILE},
        }
    )


# --- JSON -----------------------------------------------------------------------------------


def test_formats_are_json_markdown_and_html() -> None:
    assert FORMATS == ("json", "md", "html")
    with pytest.raises(ValueError, match="unknown format"):
        render(sample_summary(), "pdf")  # type: ignore[arg-type]


def test_json_keeps_every_citation_field_and_round_trips() -> None:
    summary = sample_summary()
    data = json.loads(render(summary, "json"))
    assert data["schema_version"] == "1.0"
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
        "- The owners ignored warnings about faulty wiring. — claimed by "
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
