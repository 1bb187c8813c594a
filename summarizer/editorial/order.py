"""Lead first: the body opens with the development most outlets report, at the newest date.

A body sentence's development is its main clause, without who says it, dates, relative
clauses and what follows "after", "as" and the like (context). Its support is the
number of independent outlets that report it: the outlets it cites, and those with a
sentence close to the development (TF-IDF cosine) or holding a third of its terms
weighted by rarity (outlets word one event differently); copies of one wire text in
several outlets count once. The lead is chosen among the developments several
independent outlets report (two or more, where any does), and of those the ones at
least half the outlets put in their headline or first paragraph (where news puts its
lead; or as many as any): the newest of them. A single outlet's newest item never
displaces what several report, nor a side item outlets report further down what they
lead with. A day still to come counts as the day it was reported. Sentences that name
the day of what they report are developments and come before context (which names
none, and is dated by its first publication); the rest keep the backend's order, so
context follows. Sentences move; none is rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from ..models import ClusterSummary, Corpus, SummarySentence
from .dates import MONTHS, WEEKDAYS, citation_day, parse_day, sentence_day
from .headline import main_clause, undated

# Cosine at which another outlet's sentence reports the same development.
SAME_DEVELOPMENT = 0.3
# Share of the development clause's term weight (IDF) that another outlet's sentence
# must hold to report it in its own words: a third.
SHARED_CLAUSE = 1 / 3
# ... and at least this many of its terms: two common words ("people died") are not one
# development.
SHARED_TERMS = 3
# Cosine at which two outlets' sentences are one wire text (counted once).
WIRE_COPY = 0.7
# An outlet's opening: its first sentences of a few words or more (its headline and
# first paragraph; shorter lines are page furniture the segmenter kept).
OPENING_SENTENCES = 4
OPENING_MIN_WORDS = 5
# Independent outlets that make a development widely reported: several, not one.
SEVERAL = 2
# The longest clause read as "the development" of a sentence.
CLAUSE_WORDS = 40
# Fewer words than this are not a development of their own ("it said").
MIN_DEVELOPMENT_WORDS = 4

# Openings that lean on a sentence before them: never a lead.
_LEANS_BACK = re.compile(
    r"^(?:It|Its|They|Their|Them|He|His|She|Her|This|That|These|Those|Such|But|However|Also"
    r"|And|Yet|Still|Meanwhile|Instead|Later|Then|There|Both|The (?:claim|move|decision"
    r"|statement|report|remarks|figure|offer|accusation|denial))\b"
)
# Who says it is not what happened: a speaker before "said" and an attribution after the
# clause are left out of the terms a development is matched on, and so are dates.
_SPEAKER = re.compile(
    r"^[^,;:]{0,80}?\b(?:said|says|told(?:\s+[^,;:]{1,40}?\s+that)?|reported|announced"
    r"|confirmed|claimed)\s+"
    r"(?:(?:on|late on|early on)\s+\w+\s+)?(?:that\s+)?(?=\S)",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"(?:,\s*[^,]{2,60}?\b(?:said|says|reported|announced|confirmed|claimed)\b[^,]{0,20}"
    r"|,?\s+according to [^,]{2,60})\s*$",
    re.IGNORECASE,
)
# What follows one of these is the development's context ("... jumped 31 per cent after
# Calder agreed to buy it"), not the development.
_CONTEXT = re.compile(
    r",?\s+(?:after|as|while|because|when|amid|following|despite|before|until|since|who|which"
    r"|whose)(?:\s+|$)",
    re.IGNORECASE,
)
_DATE_TERMS = frozenset(WEEKDAYS) | frozenset(MONTHS)
Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class Standing:
    """What ordering knows of one body sentence."""

    support: int  # independent outlets that report it
    opening: int  # of those, the outlets that report it in their headline or first paragraph
    day: date | None  # the day it names, else the day it was first published
    leans_back: bool
    development: bool  # it names the day of what it reports (context names none)


@dataclass(frozen=True)
class Reports:
    """Who reports one development: each article's closest sentence (row) that reports
    it, and the articles that report it in their opening."""

    best: dict[str, int]
    opening: set[str]
    rows: list[int]  # every sentence that reports it


def leans_back(text: str) -> bool:
    return _LEANS_BACK.match(text.lstrip('"\u201c')) is not None


class SupportIndex:
    """The corpus's sentences as TF-IDF rows, to count who reports a sentence."""

    def __init__(self, corpus: Corpus) -> None:
        self.article_of: list[str] = []
        self.outlet_of: dict[str, str] = {}
        self.row_of: dict[str, int] = {}
        opening: list[bool] = []
        texts: list[str] = []
        for segmented in corpus.articles:
            self.outlet_of[segmented.article.id] = segmented.article.source_name
            lines = 0
            for sentence in segmented.sentences:
                self.row_of[sentence.id] = len(texts)
                texts.append(sentence.text)
                self.article_of.append(sentence.article_id)
                worded = len(sentence.text.split()) >= OPENING_MIN_WORDS
                opening.append(worded and lines < OPENING_SENTENCES)
                lines += worded
        self.in_opening = np.array(opening, dtype=bool)
        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
        try:
            self.rows: csr_matrix | None = (
                csr_matrix(self.vectorizer.fit_transform(texts)) if texts else None
            )
        except ValueError:
            self.rows = None
        self.present = self._present()
        self._counted: dict[tuple[str, tuple[str, ...]], tuple[int, int]] = {}

    def _present(self) -> csr_matrix | None:
        """1 where a sentence uses a term: what a clause's terms are looked up in."""
        if self.rows is None:
            return None
        present = self.rows.copy()
        present.data[:] = 1.0
        return present

    def support(self, sentence: SummarySentence) -> int:
        return self.counts(sentence)[0]

    def counts(self, sentence: SummarySentence) -> tuple[int, int]:
        """Independent outlets that report the sentence, and those of them that report
        it in their opening (counted once per wording and sources: stages ask again)."""
        key = (sentence.text, tuple(sentence.cited_ids()))
        if key not in self._counted:
            self._counted[key] = self._count(sentence)
        return self._counted[key]

    def _count(self, sentence: SummarySentence) -> tuple[int, int]:
        cited = {citation.article_id for citation in sentence.citations}
        if self.rows is None:
            return len({self.outlet_of.get(a, a) for a in cited}), 0
        reports = self.reports(sentence)
        support = self._independent(cited | set(reports.best), reports.best)
        opening = self._independent(reports.opening, reports.best) if reports.opening else 0
        return support, opening

    def reports(self, sentence: SummarySentence) -> Reports:
        assert self.rows is not None
        clause = development_clause(sentence.text)
        similarity = np.asarray((self.rows @ self.vectorizer.transform([clause]).T).toarray())
        similarity = similarity.ravel()
        shared, terms = self._shared(clause)
        hits = (similarity >= SAME_DEVELOPMENT) | (
            (shared >= SHARED_CLAUSE) & (terms >= SHARED_TERMS)
        )
        for citation in sentence.citations:
            if citation.sentence_id in self.row_of:
                hits[self.row_of[citation.sentence_id]] = True
        best: dict[str, int] = {}
        opening: set[str] = set()
        rows = [int(row) for row in np.flatnonzero(hits)]
        for row in rows:
            article = self.article_of[row]
            if article not in best or similarity[row] > similarity[best[article]]:
                best[article] = row
            if self.in_opening[row]:
                opening.add(article)
        return Reports(best, opening, rows)

    def _shared(self, clause: str) -> tuple[Matrix, Matrix]:
        """Each corpus sentence's share of the clause's terms, IDF-weighted, and how many
        of them it holds."""
        assert self.present is not None
        vocabulary = self.vectorizer.vocabulary_
        analyzer = self.vectorizer.build_analyzer()
        terms = {vocabulary[t] for t in analyzer(clause) if t in vocabulary}
        terms -= {vocabulary[t] for t in _DATE_TERMS if t in vocabulary}
        if not terms:
            nothing = np.zeros(self.present.shape[0])
            return nothing, nothing
        columns = sorted(terms)
        weights = self.vectorizer.idf_[columns]
        present = self.present[:, columns]
        held = np.asarray(present @ weights, dtype=np.float64).ravel()
        count = np.asarray(present.sum(axis=1), dtype=np.float64).ravel()
        return held / float(weights.sum()), count

    def _independent(self, articles: set[str], best: dict[str, int]) -> int:
        """Outlets counted once each, and one wire text counted once: in name order,
        each article joins the first group holding its outlet or a wire copy of its
        sentence, else starts one (indexed, so linear in a big story's articles)."""
        ordered = sorted(articles)
        wire = self._wire_pairs([article for article in ordered if article in best], best)
        group_of: dict[str, int] = {}  # article -> its group
        first_group_of_outlet: dict[str | None, int] = {}
        groups = 0
        for article in ordered:
            outlet = self.outlet_of.get(article)
            joined = [first_group_of_outlet[outlet]] if outlet in first_group_of_outlet else []
            joined += [group_of[other] for other in wire.get(article, ()) if other in group_of]
            group = min(joined) if joined else groups
            groups += not joined
            group_of[article] = group
            first_group_of_outlet[outlet] = min(first_group_of_outlet.get(outlet, group), group)
        return groups

    def _wire_pairs(self, articles: list[str], best: dict[str, int]) -> dict[str, list[str]]:
        """Each article's others whose best sentence is one wire text with its own: one
        sparse product of their rows, filtered in numpy (a product per pair, or a loop
        over every pair the product holds, is quadratic in a big story's articles)."""
        if self.rows is None or len(articles) < 2:
            return {}
        rows = self.rows[[best[article] for article in articles]]
        close = (rows @ rows.T).tocoo()
        keep = (close.data >= WIRE_COPY) & (close.row != close.col)
        copies: dict[str, list[str]] = {}
        for i, j in zip(close.row[keep].tolist(), close.col[keep].tolist(), strict=True):
            copies.setdefault(articles[i], []).append(articles[j])
        return copies


def development_clause(text: str) -> str:
    """What a sentence says happened: its main clause without who says it."""
    clause = main_clause(undated(text), CLAUSE_WORDS) or text
    reported = _ATTRIBUTION.sub("", _SPEAKER.sub("", clause, count=1))
    for cut in _CONTEXT.finditer(reported):
        if len(reported[: cut.start()].split()) >= MIN_DEVELOPMENT_WORDS:
            reported = reported[: cut.start()]
            break
    return reported if len(reported.split()) >= MIN_DEVELOPMENT_WORDS else clause


def standing(sentence: SummarySentence, index: SupportIndex) -> Standing:
    published = citation_day(sentence)
    day = sentence_day(sentence.text, published)
    development = day is not None
    days = [d for d in (parse_day(c.published) for c in sentence.citations) if d]
    if day is None:
        day = min(days) if days else None
    elif days:
        day = min(day, max(days))  # a day still to come is news of the day it was reported
    support, opening = index.counts(sentence)
    return Standing(support, opening, day, leans_back(sentence.text), development)


def pick_lead(standings: list[Standing], outlets: int) -> int | None:
    """The index of the lead sentence, or None when no sentence can lead: among the
    developments several independent outlets report (or as many as any), and of those
    the ones at least half the outlets (or as many as any) put first, the newest."""
    able = [i for i, item in enumerate(standings) if not item.leans_back]
    if not able:
        return None
    developments = [i for i in able if standings[i].development]
    able = developments or able
    top = max(standings[i].support for i in able)
    strong = [i for i in able if standings[i].support >= min(SEVERAL, top)]
    first = max(standings[i].opening for i in strong)
    prominent = [i for i in strong if standings[i].opening >= min(outlets // 2, first)]
    return max(
        prominent,
        key=lambda i: (
            standings[i].day or date.min,
            standings[i].opening,
            standings[i].support,
            -i,
        ),
    )


def lead_first(
    summary: ClusterSummary, corpus: Corpus, index: SupportIndex | None = None
) -> ClusterSummary:
    """The body with its lead first, and the sentences that lean on the lead after it
    (``index``: the corpus's, when the caller has built it)."""
    if len(summary.sentences) < 2:
        return summary
    index = index or SupportIndex(corpus)
    standings = [standing(sentence, index) for sentence in summary.sentences]
    outlets = len(set(index.outlet_of.values()))
    lead = pick_lead(standings, outlets)
    if lead is None or lead == 0:
        return summary
    return summary.model_copy(update={"sentences": moved_first(summary.sentences, lead)})


def moved_first(sentences: list[SummarySentence], at: int) -> list[SummarySentence]:
    """The sentence at ``at`` first, with the sentences after it that lean on it."""
    block = [at]
    while block[-1] + 1 < len(sentences) and leans_back(sentences[block[-1] + 1].text):
        block.append(block[-1] + 1)
    return [sentences[i] for i in block] + [s for i, s in enumerate(sentences) if i not in block]
