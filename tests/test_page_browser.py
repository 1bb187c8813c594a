"""The HTML page in a real browser: Debian's headless chromium, driven by selenium through
chromium-driver (both listed in .ci/apt-packages.txt, so CI runs this; it is skipped only
where they are not installed).

The evidence panel is JavaScript: selecting a summary sentence (a click, or Enter or Space
on the focused sentence) shows the source sentences it rests on, each with its outlet and
date. The timeline and the disputes render as visible elements. Nothing on the page loads
from the network: every URL the browser fetched for it (its performance entries and the
devtools network log) is file:, data: or about:, and the HTML names nothing to load.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from render_fixtures import editorial_summary
from selenium import webdriver
from selenium.webdriver import Chrome
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from summarizer.cli import main
from summarizer.render import render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbour-strike"
WAIT_S = 15  # a bound on waiting for the page, not a timed assertion
LOCAL_SCHEMES = ("file:", "data:", "about:")
# A source's caption in the panel: its footnote number, its outlet, its date.
CAPTION = re.compile(r"(\d+) (.+) · (\d{4}-\d{2}-\d{2})")


def _browser_paths() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("needs Debian's chromium and chromium-driver (see .ci/apt-packages.txt)")
    return chromium, driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chrome]:
    chromium, driver_path = _browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        "--window-size=1400,1000",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    driver.set_page_load_timeout(WAIT_S)
    try:
        yield driver
    finally:
        driver.quit()


def browser_log(browser: Chrome, kind: str) -> list[dict[str, Any]]:
    """The entries of one of the browser's logs ("performance", "browser") since last read."""
    return list(browser.get_log(kind))  # type: ignore[no-untyped-call]


def open_page(browser: Chrome, page: Path) -> None:
    browser_log(browser, "performance")  # drop what an earlier page logged
    browser.get(page.as_uri())
    WebDriverWait(browser, WAIT_S).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )


@pytest.fixture()
def fixture_page(tmp_path: Path) -> Path:
    path = tmp_path / "mill-fire.html"
    path.write_text(render(editorial_summary(), "html"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def example_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo cluster as a user makes its page: `summarizer summarize ... --format html`."""
    path = tmp_path_factory.mktemp("example") / "harbour-strike.html"
    args = ["summarize", str(EXAMPLE), "--format", "html", "-o", str(path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return path


# --- what the reader sees -------------------------------------------------------------------


def evidence(browser: Chrome, item_id: str) -> WebElement:
    return browser.find_element(By.ID, f"ev-{item_id}")


def wait_shown(browser: Chrome, item_id: str) -> WebElement:
    WebDriverWait(browser, WAIT_S).until(lambda _: evidence(browser, item_id).is_displayed())
    return evidence(browser, item_id)


def wait_cleared(browser: Chrome) -> None:
    WebDriverWait(browser, WAIT_S).until(
        lambda driver: driver.find_element(By.ID, "panel-hint").is_displayed()
    )


def shown_sources(section: WebElement) -> list[tuple[str, str]]:
    """(caption, quote) of each source sentence a shown evidence section holds."""
    return [
        (
            quote.find_element(By.TAG_NAME, "figcaption").text,
            quote.find_element(By.TAG_NAME, "blockquote").text,
        )
        for quote in section.find_elements(By.CSS_SELECTOR, ".quote")
        if quote.is_displayed()
    ]


def displayed_evidence(browser: Chrome) -> list[str]:
    sections = browser.find_elements(By.CSS_SELECTOR, ".evidence")
    return [section.get_attribute("id") or "" for section in sections if section.is_displayed()]


def test_clicking_a_sentence_shows_its_source_sentences_with_outlet_and_date(
    browser: Chrome, fixture_page: Path
) -> None:
    open_page(browser, fixture_page)
    assert displayed_evidence(browser) == []
    browser.find_element(By.ID, "s1").click()
    sources = shown_sources(wait_shown(browser, "s1"))
    assert displayed_evidence(browser) == ["ev-s1"]
    assert [caption for caption, _ in sources] == [
        "1 Northern Ledger · 2024-05-08",
        "2 Civic Voice · 2024-05-08",
    ]
    assert sources[0][1].startswith("A fire broke out at the Orlen textile mill")
    assert browser.find_element(By.ID, "s1").get_attribute("aria-pressed") == "true"


def test_enter_or_space_on_a_focused_sentence_shows_its_sources(
    browser: Chrome, fixture_page: Path
) -> None:
    open_page(browser, fixture_page)
    sentence = browser.find_element(By.ID, "s2")
    for key in (Keys.ENTER, Keys.SPACE):
        browser.execute_script("arguments[0].focus()", sentence)
        wait_shown(browser, "s2")
        sentence.send_keys(Keys.ESCAPE)
        wait_cleared(browser)
        assert displayed_evidence(browser) == []
        sentence.send_keys(key)  # still focused: only the key can show the panel again
        sources = shown_sources(wait_shown(browser, "s2"))
        assert sources == [
            (
                "3 Harbour Wire · 2024-05-09",
                "Two workers were taken to hospital with smoke inhalation, "
                "a hospital spokeswoman said.",
            )
        ]


def visible_texts(browser: Chrome, selector: str) -> list[str]:
    return [el.text for el in browser.find_elements(By.CSS_SELECTOR, selector) if el.is_displayed()]


def test_timeline_figures_and_disputes_render_and_cite(browser: Chrome, fixture_page: Path) -> None:
    open_page(browser, fixture_page)
    entries = visible_texts(browser, ".timeline-entry")
    assert len(entries) == 3
    assert entries[2].startswith("10 May 2024\nFive workers were being treated in hospital.")
    assert visible_texts(browser, ".series-label") == ["2 → 5 workers in hospital"]
    kinds = [text.lower() for text in visible_texts(browser, ".dispute-kind")]
    assert kinds == ["figures differ", "disputed claim"]
    sides = visible_texts(browser, ".dispute .side")
    assert sides[:2] == ["the union: 9 members hurt7", "the hospital: 2 taken to hospital3"]
    assert "at most 80 words together" in visible_texts(browser, ".budget-note")[0]
    browser.find_element(By.ID, "d1-1").click()
    assert shown_sources(wait_shown(browser, "d1-1")) == [
        ("7 Civic Voice · 2024-05-08", "Nine of our members were hurt in the fire, the union said.")
    ]
    browser.find_element(By.ID, "t3").click()
    assert shown_sources(wait_shown(browser, "t3"))[0][0] == "6 Harbour Wire · 2024-05-10"


def test_the_demo_clusters_page_works_in_the_browser(browser: Chrome, example_page: Path) -> None:
    open_page(browser, example_page)
    outlets = [
        row.text for row in browser.find_elements(By.CSS_SELECTOR, ".sources td:nth-child(2)")
    ]
    assert len(outlets) == 4
    browser.find_element(By.ID, "s1").click()
    sources = shown_sources(wait_shown(browser, "s1"))
    assert sources
    for caption, quote in sources:
        match = CAPTION.fullmatch(caption)
        assert match, caption
        assert any(name.startswith(match.group(2)) for name in outlets), caption
        assert quote
    html = example_page.read_text("utf-8")
    for section, selector in (("timeline-title", ".timeline-entry"), ("disputes-title", ".card")):
        if f'id="{section}"' in html:  # whatever the backend found, shown
            assert visible_texts(browser, selector)
    assert_nothing_loaded_from_the_network(browser, html)


# --- nothing from the network ---------------------------------------------------------------


BROWSER_PAGES = ("chrome:", "chrome-untrusted:", "devtools:")


def fetched_urls(browser: Chrome) -> list[str]:
    """Every URL the browser fetched for the page: its performance entries (navigation and
    resources) and the devtools network log (requests, websockets), less what the browser's
    own start page (a chrome: document, shown before ours) fetched for itself."""
    entries = browser.execute_script(
        "return performance.getEntries().map(function (e) { return e.name; })"
        ".filter(function (name) { return /^[a-z-]+:/.test(name); });"
    )
    urls = [str(name) for name in entries]
    for record in browser_log(browser, "performance"):
        message = json.loads(record["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            if not params.get("documentURL", "").startswith(BROWSER_PAGES):
                urls.append(params["request"]["url"])
        elif message.get("method") == "Network.webSocketCreated":
            urls.append(params["url"])
    return urls


LOADING_ATTRIBUTES = re.compile(r"""\b(?:src|srcset|poster|data|action)\s*=\s*["']?([^"'\s>]+)""")
STYLESHEET_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
CSS_URL = re.compile(r"url\(|@import", re.IGNORECASE)


def assert_nothing_loaded_from_the_network(browser: Chrome, html: str) -> None:
    urls = fetched_urls(browser)
    assert browser.current_url in urls  # the log saw the page itself
    assert [url for url in urls if not url.startswith(LOCAL_SCHEMES)] == []
    to_load = [url for url in LOADING_ATTRIBUTES.findall(html) if not url.startswith("data:")]
    assert to_load == [] and STYLESHEET_LINK.findall(html) == []
    assert not CSS_URL.search(html)
    in_dom = browser.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll("
        "'[src], [srcset], link, object, embed, iframe, video, audio'), "
        "function (el) { return el.outerHTML; });"
    )
    assert in_dom == []
    console = [entry["message"] for entry in browser_log(browser, "browser")]
    assert [line for line in console if "Content Security Policy" in line] == []


def test_the_page_loads_nothing_from_the_network(browser: Chrome, fixture_page: Path) -> None:
    open_page(browser, fixture_page)
    browser.find_element(By.ID, "s1").click()
    wait_shown(browser, "s1")
    assert_nothing_loaded_from_the_network(browser, fixture_page.read_text("utf-8"))
    styled = browser.execute_script(
        "return getComputedStyle(document.querySelector('h2')).textTransform"
    )
    assert styled == "uppercase"  # the inline style ran under the page's policy
