"""Summaries built by hand for the render tests and the browser test: a mill fire in three
articles (a shared citation, an edited sentence, a dispute), the same story with its timeline,
sides and word budget, and one whose every text field carries markup."""

from __future__ import annotations

from summarizer.models import (
    AgreedPoint,
    ArticleMeta,
    CallUsage,
    Citation,
    ClusterSummary,
    Dispute,
    DisputeSide,
    OutletFraming,
    SummarySentence,
    TimelineEntry,
    Usage,
    WordBudget,
)

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
            "timeline": [
                TimelineEntry(
                    date=HOSTILE,
                    text=f"- Timeline {HOSTILE}",
                    figure=f"1{HOSTILE}",
                    what=HOSTILE,
                    citations=[bad],
                ),
                TimelineEntry(date="2024-05-09", text="x", figure="2", what=HOSTILE),
            ],
            "disputes": [
                Dispute(
                    kind="figure",
                    claim=f"claim {HOSTILE}",
                    claimant=HOSTILE,
                    disputed_by=[HOSTILE],
                    sides=[DisputeSide(party=HOSTILE, says=f"says {HOSTILE}", citations=[bad])],
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


WIRE_LATER = cite(
    "harbour-wire",
    7,
    815,
    "Five workers were being treated in hospital on Friday, the hospital said.",
    "Harbour Wire",
    "2024-05-10",
)
UNION_TOLL = cite(
    "civic-voice",
    5,
    470,
    "Nine of our members were hurt in the fire, the union said.",
    "Civic Voice",
    "2024-05-08",
)


def editorial_summary() -> ClusterSummary:
    """The sample with a dated timeline (a figure that changes), disputes of both kinds with
    both sides cited, and the word budget it was written to."""
    base = sample_summary()
    hurt = "workers in hospital"
    timeline = [
        TimelineEntry(
            date="2024-05-07",
            text="A fire broke out at the Orlen textile mill.",
            citations=[LEDGER_FIRE],
        ),
        TimelineEntry(
            date="2024-05-08",
            text="Two workers were taken to hospital.",
            figure="2",
            what=hurt,
            citations=[WIRE_TOLL],
        ),
        TimelineEntry(
            date="2024-05-10",
            text="Five workers were being treated in hospital.",
            figure="5",
            what=hurt,
            citations=[WIRE_LATER],
        ),
    ]
    figure = Dispute(
        kind="figure",
        claim="How many workers were hurt.",
        claimant="the union (Civic Voice)",
        disputed_by=["the hospital (Harbour Wire)"],
        citations=[UNION_TOLL, WIRE_TOLL],
        sides=[
            DisputeSide(party="the union", says="9 members hurt", citations=[UNION_TOLL]),
            DisputeSide(party="the hospital", says="2 taken to hospital", citations=[WIRE_TOLL]),
        ],
    )
    claim = base.disputes[0].model_copy(
        update={
            "sides": [
                DisputeSide(
                    party="the union", says="warnings were ignored", citations=[VOICE_CAUSE]
                ),
                DisputeSide(
                    party="the owners", says="every inspection passed", citations=[LEDGER_DENIAL]
                ),
            ]
        }
    )
    return base.model_copy(
        update={
            "timeline": timeline,
            "disputes": [figure, claim],
            "budget": WordBudget(body=120, extras=80, headline=12),
        }
    )
