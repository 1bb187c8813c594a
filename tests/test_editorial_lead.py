"""The story's lead in the body: what clearly more independent outlets report than anything
the backend chose opens the body, cited, within the word budget; one outlet's item never
does."""

from __future__ import annotations

from summarizer.api import build_corpus, make_options
from summarizer.editorial import edit
from summarizer.models import ClusterSummary, Corpus, Dispute, SummarySentence
from summarizer.text import word_count

# Four outlets tell the breach in their own words; each also has items only it reports.
BREACH = [
    ("north", "North Post", "Floodwaters breached the Marn levee on Tuesday, forcing about "
     "3,000 residents of Dessel from their homes, officials said."),
    ("south", "South Times", "About 3,000 people left their homes in Dessel on Tuesday after "
     "the Marn levee gave way under the floodwaters, the county said."),
    ("east", "East Daily", "The Marn levee was breached on Tuesday and roughly 3,000 Dessel "
     "residents fled their homes, according to rescue services."),
    ("west", "West Wire", "Rescue crews said the levee on the Marn broke on Tuesday, driving "
     "some 3,000 Dessel residents out of their homes."),
]  # fmt: skip
SIDE_ITEMS = {
    "north": "The county opened a shelter in the old grain hall near the railway station. "
    "Volunteers from the rowing club brought blankets and soup to the hall.",
    "south": "A school in Perrin closed its gym to host families with small children. "
    "The mayor of Perrin praised the teachers who stayed overnight.",
    "east": "Farmers in the lower valley moved their cattle to higher pastures last month. "
    "Grain prices at the Ostberg market fell slightly during the week.",
    "west": "The regional rail operator cancelled trains between Dessel and Varn. "
    "A bus replacement service will run every hour from the station forecourt.",
}


def corpus(articles: list[tuple[str, str, str]]) -> Corpus:
    return build_corpus(
        {
            "id": "marn",
            "title": "Flooding on the Marn",
            "articles": [
                {"id": i, "outlet": o, "published": "2024-05-08", "text": f"{t} {SIDE_ITEMS[i]}"}
                for i, o, t in articles
            ],
        }
    )


def body(data: Corpus, ids: list[str]) -> ClusterSummary:
    sentences = [
        SummarySentence(text=data.cite(sid).quote, citations=[data.cite(sid)]) for sid in ids
    ]
    return ClusterSummary(cluster_id="marn", sentences=sentences)


SIDE_IDS = ["north:2", "south:2", "east:2", "west:2", "north:3", "south:3"]


def test_a_development_four_outlets_report_that_the_backend_left_out_leads_the_body() -> None:
    data = corpus(BREACH)
    budget = 75
    chosen = body(data, SIDE_IDS)
    assert sum(word_count(s.text) for s in chosen.sentences) <= budget
    edited = edit(chosen, data, make_options(max_words=budget))
    lead = edited.sentences[0]
    assert "levee" in lead.text and (lead.original or lead.text) == lead.citations[0].quote
    assert lead.citations[0].article_id in {article for article, _, _ in BREACH}
    assert sum(word_count(s.text) for s in edited.sentences) <= budget
    # What had to go to make room was the last-placed side items, not the rest's order.
    kept = [s.citations[0].sentence_id for s in edited.sentences[1:]]
    assert kept == SIDE_IDS[: len(kept)] and len(kept) < len(SIDE_IDS)


def test_a_body_that_states_the_development_is_left_as_it_is() -> None:
    data = corpus(BREACH)
    chosen = body(data, ["south:1", *SIDE_IDS[:3]])
    edited = edit(chosen, data, make_options(max_words=250))
    assert [s.citations[0].sentence_id for s in edited.sentences] == ["south:1", *SIDE_IDS[:3]]


def test_one_outlets_item_is_never_inserted_however_many_of_its_articles_tell_it() -> None:
    one_outlet = [(article, "North Post", text) for article, _, text in BREACH]
    data = corpus(one_outlet)
    chosen = body(data, SIDE_IDS[:4])
    edited = edit(chosen, data, make_options(max_words=250))
    assert [s.citations[0].sentence_id for s in edited.sentences] == SIDE_IDS[:4]


def test_a_telling_with_a_loaded_term_in_our_voice_is_never_the_one_inserted() -> None:
    loaded = [
        (article, outlet, text.replace("Floodwaters", "Terrorists"))
        if article == "north"
        else (article, outlet, text)
        for article, outlet, text in BREACH
    ]
    data = corpus(loaded)
    edited = edit(body(data, SIDE_IDS), data, make_options(max_words=250))
    lead = edited.sentences[0]
    assert "levee" in lead.text and lead.citations[0].article_id != "north"


def test_where_the_development_is_disputed_the_telling_inserted_names_who_says_it() -> None:
    data = corpus(BREACH)
    dispute = Dispute(
        claim="The Marn levee was breached on Tuesday and 3,000 Dessel residents fled.",
        claimant="the county",
        disputed_by=["the river authority"],
        citations=[data.cite("south:1")],
    )
    chosen = body(data, SIDE_IDS).model_copy(update={"disputes": [dispute]})
    lead = edit(chosen, data, make_options(max_words=250)).sentences[0]
    # North's telling ("officials said") is the most typical but names neither party.
    assert lead.citations[0].sentence_id == "south:1" and "county said" in lead.text
