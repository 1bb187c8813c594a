"""Small synthetic big-story clusters for the grouping tests: wire copy carried by
several outlets (a dateline and a word changed), beside facts only one outlet reports."""

from __future__ import annotations

from fake_openai import make_article

from summarizer.models import Corpus

WIRE = [
    "The Harbour Authority said 40 ships were waiting outside Port Ardel on Monday.",
    "Union leader Mara Venn said the dockers would not return without a 6% pay rise.",
    "Talks between the union and the employers' federation collapsed late on Sunday.",
]
OWN = [
    "Shops in Lisk reported shortages of fresh food by Tuesday, the mayor said.",
    "Freight rates on the northern route rose 12% on Wednesday, according to brokers.",
    "About 900 dockers marched through Veyra on Tuesday, police said.",
    "The opposition Green Party called for emergency talks in parliament on Monday.",
    "A ferry operator said it had cancelled 14 crossings because of the strike.",
    "Transport Minister Ilse Kord said the government would not intervene yet.",
]


def wire_cluster(copies: int = 4, independent: int = 2, *, groups: int = 1) -> Corpus:
    """``groups`` times: ``copies`` outlets carrying the wire report (their datelines
    differ) with one sentence of their own; then ``independent`` outlets of their own."""
    articles = []
    for group in range(groups):
        for copy in range(copies):
            number = group * copies + copy
            dateline = f"PORT ARDEL (Wire {number}) - "
            wire = [dateline + WIRE[0], *WIRE[1:]]
            own = f"{OWN[number % len(OWN)]} Report {number} of group {group} adds this."
            wire = [f"{text[:-1]} (report {group})." for text in wire] if group else wire
            articles.append(make_article(f"copy-{number:02d}", f"Outlet {number}", [*wire, own]))
    for number in range(independent):
        sentences = [OWN[(number + 2) % len(OWN)], OWN[(number + 3) % len(OWN)]]
        articles.append(make_article(f"own-{number:02d}", f"Paper {number}", sentences))
    return Corpus(cluster_id="wire-story", title="Port Ardel strike", articles=articles)
