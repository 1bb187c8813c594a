"""Lead first and the headline: the newest development most outlets report opens the body,
and the headline states it in a clause of its own, never a copy."""

from __future__ import annotations

from summarizer.api import build_corpus, summarize
from summarizer.editorial.headline import HEADLINE_WORDS, main_clause, make_headline
from summarizer.editorial.order import SupportIndex, lead_first, leans_back
from summarizer.models import ClusterSummary, Corpus, SummarySentence
from summarizer.styleguide import default_style_guide

ARTICLES = [
    ("north", "North Post", "2024-03-02",
     "Rebels seized the town of Varo on Friday after a week of fighting, officials said. "
     "Varo lies on the river Osk, two hours from the capital."),
    ("south", "South Times", "2024-03-02",
     "Rebel fighters seized Varo on Friday after days of fighting, the army said. "
     "Peace talks between the two sides began in Lund on Monday."),
    ("east", "East Daily", "2024-03-03",
     "The army admitted that rebels had seized Varo on Friday. "
     "It said its troops had withdrawn in good order."),
    ("west", "West Wire", "2024-03-01",
     "Varo, a market town on the river Osk, has about 40,000 residents. "
     "The town has changed hands twice since 2019."),
]  # fmt: skip


def corpus() -> Corpus:
    return build_corpus(
        {
            "id": "varo",
            "title": "Fighting for Varo",
            "articles": [
                {"id": i, "outlet": o, "published": p, "text": t} for i, o, p, t in ARTICLES
            ],
        }
    )


def body(data: Corpus, ids: list[str]) -> ClusterSummary:
    sentences = [
        SummarySentence(text=data.cite(sid).quote, citations=[data.cite(sid)]) for sid in ids
    ]
    return ClusterSummary(cluster_id="varo", sentences=sentences)


def test_the_newest_development_most_outlets_report_leads_and_the_rest_keep_order() -> None:
    data = corpus()
    ids = ["west:1", "south:2", "north:1", "east:2"]
    ordered = lead_first(body(data, ids), data)
    assert [s.citations[0].sentence_id for s in ordered.sentences] == [
        "north:1", "east:2", "west:1", "south:2",
    ]  # fmt: skip
    # east:2 opens with "It": it stays right after the sentence it leans on.
    assert sorted(s.text for s in ordered.sentences) == sorted(data.cite(i).quote for i in ids)


def test_a_sentence_that_leans_back_never_leads() -> None:
    assert leans_back("It said its troops had withdrawn.")
    assert leans_back("However, the talks failed.")
    assert not leans_back("Rebels seized the town.")


def test_the_headline_is_the_leads_clause_never_a_copy() -> None:
    data = corpus()
    summary = lead_first(body(data, ["west:1", "north:1"]), data)
    headline = make_headline(summary, data, default_style_guide())
    assert headline == "Rebels seized the town of Varo after a week of fighting, officials said"
    copies = {s.text.rstrip(".") for s in summary.sentences}
    assert headline not in copies and not headline.endswith(".")


def test_main_clause_trims_openings_asides_and_trailing_clauses() -> None:
    assert (
        main_clause(
            "On Thursday, at least 33 soldiers were killed and scores more wounded in an air "
            "strike on their positions in the northwest province of Idra, according to officials."
        )
        == "At least 33 soldiers were killed and scores more wounded in an air strike, "
        "according to officials"
    )
    assert main_clause(
        "The ministry said reports that hundreds of thousands of people were fleeing the town "
        "towards the border were false and urged the rebels to stop attacking the army."
    ) == (
        "The ministry said reports that hundreds of thousands of people were fleeing the town "
        "towards the border were false"
    )  # the second verb phrase goes
    assert (
        main_clause(
            "The ministry said reports that hundreds of thousands of people were fleeing the "
            "town towards the border in the north of the country were false."
        )
        is None
    )  # no cut that keeps its meaning
    assert main_clause(
        "A court in Tolsk on Tuesday found the city's former mayor, Viktor Brandt, guilty of "
        "taking bribes over a tram depot contract and sentenced him to five years in prison."
    ) == (
        "A court in Tolsk found the city's former mayor, Viktor Brandt, guilty of taking bribes "
        "over a tram depot contract"
    )  # an apposition stays inside the clause
    assert main_clause(
        "At least 33 soldiers were killed in an air strike on their positions near the town of "
        "Saraqib, according to officials."
    ) == (
        "At least 33 soldiers were killed in an air strike on their positions, according to "
        "officials"
    )  # "At least" opens no adverbial phrase
    assert main_clause(
        "Eleven people arrested on Thursday have been charged with public order offences and "
        "will appear before magistrates later this month."
    ) == (
        "Eleven people arrested have been charged with public order offences and will appear "
        "before magistrates"
    )  # no date relative to an article's day
    assert main_clause(
        "The death toll from Saturday's gunfight at the Kelvar Pass rose to five on Monday after "
        "a third border guard died of his wounds, the Border Service said."
    ) == (
        "The death toll from the gunfight at the Kelvar Pass rose to five, the Border Service said"
    )  # "Saturday's gunfight" is the gunfight; "at the Kelvar Pass rose to five" is no cut
    assert main_clause(
        "The Basin Commission, the joint body that oversees the treaty, has called an emergency "
        "session in Tarrow for Friday, its secretariat said."
    ) == (
        "The Basin Commission, the joint body that oversees the treaty, has called an emergency "
        "session, its secretariat said"
    )  # a description of the subject does not end the clause
    assert main_clause(
        "The watchdog confirmed on Saturday that it was investigating the injury to Colm Ferris, "
        "52, who remains in a critical condition at St Brennan's Hospital."
    ) == ("The watchdog confirmed that it was investigating the injury to Colm Ferris, 52")
    # cut at "who": no comma left hanging
    assert main_clause("Short one.") is None
    assert main_clause(
        "A fire broke out at the Orlen mill late on Tuesday night, officials said."
    ) == ("A fire broke out at the Orlen mill, officials said")
    clause = main_clause(
        "The council voted on Tuesday to close the Marren bridge to lorries from June, "
        "which residents had demanded for years."
    )
    assert clause == "The council voted to close the Marren bridge to lorries from June"
    assert clause is not None and len(clause.split()) <= HEADLINE_WORDS


def test_a_headline_the_backend_wrote_in_its_own_words_is_kept() -> None:
    data = corpus()
    summary = body(data, ["north:1"]).model_copy(update={"headline": "Rebels take Varo."})
    assert make_headline(summary, data, default_style_guide()) == "Rebels take Varo"


def test_the_demo_opens_with_its_lead_and_a_headline_of_its_own() -> None:
    summary = summarize("examples/harbour-strike")
    assert summary.headline
    texts = {s.text.rstrip(".") for s in summary.sentences}
    assert summary.headline not in texts
    assert not leans_back(summary.sentences[0].text)


def story(articles: list[tuple[str, str, str, str]], title: str = "A story") -> Corpus:
    return build_corpus(
        {
            "id": "story",
            "title": title,
            "articles": [
                {"id": i, "outlet": o, "published": p, "text": t} for i, o, p, t in articles
            ],
        }
    )


def lead_of(data: Corpus, ids: list[str]) -> str:
    return lead_first(body(data, ids), data).sentences[0].citations[0].sentence_id


# Three outlets report the dam's collapse on Monday, each in its own words; one outlet
# alone has a newer item.
COLLAPSE = [
    ("a", "Alpha News", "2024-05-07",
     "The Keld dam collapsed on Monday, flooding three villages in the Orra valley. "
     "The mayor of Tarn resigned on Tuesday over the town's flood plans."),
    ("b", "Beta Herald", "2024-05-07",
     "The Keld dam gave way on Monday and water poured into Orra valley farms. "
     "Engineers had warned about the dam for years."),
    ("c", "Gamma Times", "2024-05-07",
     "Hundreds of residents fled three villages on Monday as the Keld dam collapsed. "
     "Rescue teams reached the valley by boat."),
    ("d", "Delta Post", "2024-05-06",
     "Heavy rain fell across the north at the weekend. The Orra river rose by two metres."),
]  # fmt: skip


def test_a_single_outlets_newer_item_does_not_lead_over_what_three_outlets_report() -> None:
    data = story(COLLAPSE)
    # a:2 (Tuesday, one outlet) is newer than a:1 (Monday, three outlets in their words).
    assert lead_of(data, ["a:2", "a:1"]) == "a:1"
    assert lead_of(data, ["d:1", "a:2", "b:1"]) == "b:1"


# Outlets w1 and w2 carry one wire text word for word; p and q report another
# development in their own words, a day earlier.
WIRE = [
    ("w1", "Wire One", "2024-06-04",
     "The port authority raised harbour fees by a fifth on Tuesday, citing dredging costs "
     "on the northern channel."),
    ("w2", "Wire Two", "2024-06-04",
     "The port authority raised harbour fees by a fifth on Tuesday, citing dredging costs "
     "on the northern channel."),
    ("p", "Paper P", "2024-06-03",
     "Dock workers at the northern channel walked out on Monday over night shifts. "
     "The strike closed two berths."),
    ("q", "Paper Q", "2024-06-03",
     "A walk-out by dock workers on Monday, in protest at night shifts, shut two berths. "
     "Ferries were not affected."),
]  # fmt: skip


def test_wire_copy_carried_by_two_outlets_counts_once() -> None:
    data = story(WIRE)
    index = SupportIndex(data)
    copied = body(data, ["w1:1"]).sentences[0]
    assert index.support(copied) == 1  # two outlets, one wire text
    # The walk-out two independent outlets report leads over the newer wire item.
    assert lead_of(data, ["w1:1", "p:1"]) == "p:1"


# Two outlets report both developments; both put the clearing of the picket first and
# the charges, a day newer, further down.
OPENINGS = [
    ("x", "Paper X", "2024-03-08",
     "Riot police cleared the picket line at the Gate 4 terminal on Thursday, leaving nine "
     "people hurt. The strike began a week ago over plans for new cranes. "
     "The company says the cranes would save money. "
     "Talks between both sides broke down in January. "
     "Eleven people arrested at the gate were charged with public order offences on Friday."),
    ("y", "Paper Y", "2024-03-08",
     "Nine dockers and officers needed hospital care after police broke up the Gate 4 "
     "picket on Thursday. Union members fear automation will cost them their jobs. "
     "Shipping lines have begun sending vessels elsewhere. "
     "A mediator offered to chair new negotiations. "
     "Magistrates will hear public order charges against eleven of the people detained, "
     "prosecutors said on Friday."),
    ("z", "Paper Z", "2024-03-05",
     "The port handles a third of the country's container traffic. Its owners are Dutch."),
]  # fmt: skip


def test_what_outlets_put_first_leads_over_a_newer_item_they_report_further_down() -> None:
    data = story(OPENINGS)
    index = SupportIndex(data)
    charged, cleared = body(data, ["x:5", "x:1"]).sentences
    assert index.support(charged) == index.support(cleared) == 2
    assert lead_of(data, ["x:5", "x:1"]) == "x:1"


def test_the_headline_is_never_a_body_or_source_sentence_even_when_the_lead_is_a_clause() -> None:
    data = story(
        [
            ("a", "Alpha News", "2024-05-07", "The Keld dam collapsed. Three villages flooded."),
            ("b", "Beta Herald", "2024-05-07", "The old dam at Keld burst. Rescuers used boats."),
            ("c", "Gamma Times", "2024-05-07", "Keld's dam gave way at dawn. Rain fell all week."),
        ],
        title="Keld dam gives way in the Orra valley! | Alpha News",
    )
    summary = lead_first(body(data, ["a:2", "a:1"]), data)
    assert summary.sentences[0].text == "The Keld dam collapsed."
    # The lead's clause is the whole lead, and every other sentence is a source's: the
    # headline is the story's title without the site's name and the scraped "!".
    assert make_headline(summary, data, default_style_guide()) == (
        "Keld dam gives way in the Orra valley"
    )


def test_a_lead_that_is_one_clause_is_headlined_without_its_description() -> None:
    data = story(
        [
            (
                "a",
                "Alpha News",
                "2024-05-07",
                "Anna Berg, a nurse for thirty years, is in a critical condition at Keld hospital.",
            ),
            (
                "b",
                "Beta Herald",
                "2024-05-07",
                "Nurse Anna Berg remains in a critical condition in the Keld hospital.",
            ),
        ]
    )
    summary = lead_first(body(data, ["a:1"]), data)
    assert make_headline(summary, data, default_style_guide()) == (
        "Anna Berg is in a critical condition at Keld hospital"
    )


# Three outlets report Saturday's toll; two of them lead on Monday with its rise.
TOLL = [
    ("p", "Pass Post", "2021-09-20",
     "The death toll from Saturday's gunfight at the Kelvar Pass rose to five on Monday, "
     "border officials said. A guard died of his wounds in hospital."),
    ("q", "Valley Times", "2021-09-20",
     "A fifth person has died after the Kelvar Pass gunfight, officials confirmed on Monday, "
     "raising the toll to five. Talks between the two sides are due this week."),
    ("r", "Ridge Daily", "2021-09-18",
     "At least four people were killed on Saturday in a gunfight at the Kelvar Pass. "
     "Both sides blamed each other."),
]  # fmt: skip


def test_the_newest_development_several_outlets_lead_with_leads() -> None:
    data = story(TOLL)
    assert lead_of(data, ["r:1", "p:1"]) == "p:1"
