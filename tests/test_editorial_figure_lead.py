"""A changing figure as the lead: a toll that several outlets each report at the figure of
their day is one development, and its newest event opens the body; a running total, a
count inside someone's account of something else, one side's figure in a dispute, and a
figure only two outlets report never do."""

from __future__ import annotations

from summarizer.api import build_corpus, make_options
from summarizer.editorial import edit
from summarizer.editorial.figure_lead import add_figure_lead
from summarizer.editorial.order import SupportIndex
from summarizer.editorial.timeline import corpus_counts
from summarizer.models import ClusterSummary, Corpus, Dispute, SummarySentence
from summarizer.styleguide import default_style_guide
from summarizer.text import word_count

# Three outlets report the mine's toll on three days, each in its own words; each also
# has an item only it reports.
TOLL = [
    ("north", "North Post", "2024-05-06", "On Monday, four miners were killed when a tunnel "
     "collapsed at the Varn colliery, the operator said."),
    ("south", "South Times", "2024-05-07", "It brings the number of miners killed at Varn "
     "this week to nine, the union said."),
    ("east", "East Daily", "2024-05-08", "On Wednesday, at least 12 miners were killed in a "
     "second collapse at the Varn colliery, rescue services said."),
]  # fmt: skip
SIDE_ITEMS = {
    "north": "The regional rail operator cancelled trains between Dessel and Varn. "
    "A bus replacement service will run every hour from the station forecourt.",
    "south": "A school in Perrin closed its gym to host families with small children. "
    "The mayor of Perrin praised the teachers who stayed overnight.",
    "east": "Farmers in the lower valley moved their cattle to higher pastures last month. "
    "Grain prices at the Ostberg market fell slightly during the week.",
    "west": "The ministry sent inspectors to the colliery.",
}
SIDE_IDS = ["north:2", "south:2", "east:2", "north:3", "south:3", "east:3"]


def corpus(articles: list[tuple[str, str, str, str]]) -> Corpus:
    return build_corpus(
        {
            "id": "varn",
            "title": "Collapse at the Varn colliery",
            "articles": [
                {"id": i, "outlet": o, "published": day, "text": f"{t} {SIDE_ITEMS[i]}"}
                for i, o, day, t in articles
            ],
        }
    )


def body(data: Corpus, ids: list[str], disputes: list[Dispute] | None = None) -> ClusterSummary:
    sentences = [
        SummarySentence(text=data.cite(sid).quote, citations=[data.cite(sid)]) for sid in ids
    ]
    return ClusterSummary(cluster_id="varn", sentences=sentences, disputes=disputes or [])


def lead_of(chosen: ClusterSummary, data: Corpus, budget: int = 250) -> SummarySentence:
    return edit(chosen, data, make_options(max_words=budget)).sentences[0]


def test_the_newest_event_of_a_toll_three_outlets_report_opens_the_body() -> None:
    data = corpus(TOLL)
    budget = 70
    chosen = body(data, SIDE_IDS)
    edited = edit(chosen, data, make_options(max_words=budget))
    lead = edited.sentences[0]
    assert lead.citations[0].sentence_id == "east:1"
    assert "12 miners were killed" in lead.text
    # Within the budget, the dates' own allowance aside ("On Wednesday (8 May)").
    assert sum(word_count(s.original or s.text) for s in edited.sentences) <= budget
    assert "12 miners" in edited.headline


def test_a_body_sentence_that_tells_the_newest_event_moves_first() -> None:
    data = corpus(TOLL)
    chosen = body(data, [*SIDE_IDS[:3], "east:1"])
    edited = edit(chosen, data, make_options(max_words=250))
    assert [s.citations[0].sentence_id for s in edited.sentences] == ["east:1", *SIDE_IDS[:3]]


def lead_with_a_fourth_report(text: str) -> str:
    """The lead's source sentence when West Wire reports ``text`` on the day after the
    newest event."""
    data = corpus([*TOLL, ("west", "West Wire", "2024-05-09", text)])
    return lead_of(body(data, SIDE_IDS), data).citations[0].sentence_id


def test_a_running_total_is_not_the_lead_however_new() -> None:
    # The newest report is a tally for the month, not a day's event: Wednesday's collapse
    # is still the newest event.
    total = "Fifteen miners have been killed this month at Varn, the ministry said."
    assert lead_with_a_fourth_report(total) == "east:1"


def test_a_count_inside_an_account_of_something_else_is_not_the_lead() -> None:
    later = (
        "On Thursday the minister said he had asked for European help after 14 miners were "
        "killed at Varn."
    )
    assert lead_with_a_fourth_report(later) == "east:1"


def test_one_sides_figure_in_a_dispute_never_leads() -> None:
    data = corpus(TOLL)
    dispute = Dispute(
        claim="At least 12 miners were killed",
        claimant="rescue services",
        disputed_by=["the operator"],
        kind="figure",
        citations=[data.cite("east:1"), data.cite("south:1")],
    )
    chosen = body(data, SIDE_IDS, [dispute])
    counts = corpus_counts(data)
    led = add_figure_lead(chosen, data, 250, default_style_guide(), SupportIndex(data), counts)
    # Monday's four, the newest count no side of the dispute cites.
    assert led.sentences[0].citations[0].sentence_id == "north:1"


def test_a_toll_only_two_outlets_report_leaves_the_body_as_it_is() -> None:
    data = corpus(TOLL[:1] + TOLL[2:])
    ids = ["north:2", "east:2", "north:3", "east:3"]
    edited = edit(body(data, ids), data, make_options(max_words=250))
    assert [s.citations[0].sentence_id for s in edited.sentences][:1] != ["east:1"]
