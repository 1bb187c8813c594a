"""The story's lead in the body: what clearly more outlets report than anything the body
says is added to it, first, when the backend left it out.

The lead rule of ``order`` (several independent outlets, then those outlets put in their
opening, then the newest) is run over the corpus's sentences, not only the chosen ones:
the candidates are the sentences closest to the corpus's centroid (a bounded number, so
a big story costs a fixed number of support counts). When the development it picks is
reported by clearly more independent outlets than any body sentence (half as many again
and two more), and no body sentence states it (the body sentence's development or the
lead's counts the other's sentence among its reports: a lead told twice costs more than
one left out), its best-worded telling opens the body: a source sentence as it stands
that does not lean on a sentence before it, uses no loaded term in our voice, and names
who says it where it states a disputed claim; of those, the one closest to the other
outlets' tellings. It cites its sentence and every wire copy of it. The body's lowest-
value sentences then go to keep it within the word budget: first those whose sources the
agreed points or disputes cite too (their facts stay on the page), each from the last,
then the last-placed. Counts and dates only.
"""

from __future__ import annotations

import re

import numpy as np

from ..lexicon.words import has_attribution, matches_group, refers_back
from ..models import ClusterSummary, Corpus, Dispute, SummarySentence
from ..styleguide import StyleGuide
from ..text import word_count
from ..verify import claimant_stems, states_claim
from .order import WIRE_COPY, SupportIndex, leans_back, pick_lead, standing

# Corpus sentences whose support is counted: those closest to the corpus's centroid (of a
# pool this many times as large, wire copies of one text counted once).
CANDIDATES = 40
CANDIDATE_POOL = 25
# Of those, the most outlets' (by a cheap bound) whose wire copies are counted once: the
# count that is quadratic in a story's copies, so a big story pays it a few times only.
FULL_COUNTS = 12
# "Clearly more" outlets than the body's best: this share of its support, and this many more.
CLEARLY_MORE_SHARE = 1.5
CLEARLY_MORE_OUTLETS = 2
# A telling's length: a development, not a fragment nor a paragraph.
TELLING_MIN_WORDS = 6
TELLING_MAX_WORDS = 45
# A sentence, not a headline or a caption: it ends as sentences do.
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019')]*\s*$")


def add_missing_lead(
    summary: ClusterSummary,
    corpus: Corpus,
    max_words: int,
    style_guide: StyleGuide,
    index: SupportIndex | None = None,
) -> ClusterSummary:
    """``summary`` with the story's lead first when its body lacks it (else as it is)."""
    if not summary.sentences:
        return summary
    index = index or SupportIndex(corpus)
    if index.rows is None:
        return summary
    body_top = max(standing(sentence, index).support for sentence in summary.sentences)
    clearly = max(body_top * CLEARLY_MORE_SHARE, body_top + CLEARLY_MORE_OUTLETS)
    row = _corpus_lead(index, corpus, clearly)
    if row is None or _stated(row, summary, index, corpus):
        return summary
    telling = _telling(row, summary, index, corpus, style_guide)
    if telling is None:
        return summary
    sentences = within_budget([telling, *summary.sentences], summary, max_words)
    return summary.model_copy(update={"sentences": sentences})


def _candidates(index: SupportIndex) -> list[int]:
    """The rows closest to the corpus's centroid, one of each wire text, at most
    ``CANDIDATES``, in corpus order."""
    assert index.rows is not None
    centroid = np.asarray(index.rows.mean(axis=0)).ravel()
    closeness = np.asarray(index.rows @ centroid).ravel()
    pool = np.argsort(-closeness, kind="stable")[: CANDIDATES * CANDIDATE_POOL]
    copies = np.asarray((index.rows[pool] @ index.rows[pool].T).toarray()) >= WIRE_COPY
    chosen: list[int] = []
    for i in range(len(pool)):
        if len(chosen) == CANDIDATES:
            break
        if not any(copies[i, j] for j in chosen):
            chosen.append(i)
    return sorted(int(pool[i]) for i in chosen)


def _corpus_lead(index: SupportIndex, corpus: Corpus, clearly: float) -> int | None:
    """The row the lead rule picks among the candidates that clearly more outlets report
    than the body's best; None when there is none. Outlets are counted at most once
    cheaply first (its articles' outlets), and with wire copy counted once only where
    that bound is reached."""
    ids = _ids(index)
    rows = [row for row in _candidates(index) if word_count(_text(ids[row], corpus)) > 3]
    sentences = [_as_sentence(ids[row], corpus) for row in rows]
    bound = [len({index.outlet_of[a] for a in index.reports(s).best}) for s in sentences]
    able = sorted((i for i, most in enumerate(bound) if most >= clearly), key=lambda i: -bound[i])
    able = sorted(able[:FULL_COUNTS])
    standings = [standing(sentences[i], index) for i in able]
    strong = [i for i, item in zip(able, standings, strict=True) if item.support >= clearly]
    if not strong:
        return None
    picked = pick_lead(
        [standings[able.index(i)] for i in strong], len(set(index.outlet_of.values()))
    )
    return None if picked is None else rows[strong[picked]]


def _text(sentence_id: str, corpus: Corpus) -> str:
    return corpus.cite(sentence_id).quote


def _as_sentence(sentence_id: str, corpus: Corpus) -> SummarySentence:
    citation = corpus.cite(sentence_id)
    return SummarySentence(text=citation.quote, citations=[citation])


def _hit_rows(sentence: SummarySentence, index: SupportIndex) -> set[int]:
    return set(index.reports(sentence).best.values())


def _stated(row: int, summary: ClusterSummary, index: SupportIndex, corpus: Corpus) -> bool:
    """A body sentence states the lead: either one's development reports the other's
    sentence (a lead told twice costs more than one left out)."""
    lead_hits = _all_hits(_as_sentence(_ids(index)[row], corpus), index)
    for sentence in summary.sentences:
        cited = {index.row_of[c] for c in sentence.cited_ids() if c in index.row_of}
        if row in cited or cited & lead_hits or row in _all_hits(sentence, index):
            return True
    return False


def _all_hits(sentence: SummarySentence, index: SupportIndex) -> set[int]:
    """Every row the sentence's development reports, not only each article's closest."""
    reports = index.reports(sentence)
    return set(reports.rows)


def _ids(index: SupportIndex) -> dict[int, str]:
    return {row: sentence_id for sentence_id, row in index.row_of.items()}


def _telling(
    row: int,
    summary: ClusterSummary,
    index: SupportIndex,
    corpus: Corpus,
    style_guide: StyleGuide,
) -> SummarySentence | None:
    """The lead's cleanest, most typical telling, citing every wire copy of it."""
    assert index.rows is not None
    ids = _ids(index)
    tellings = sorted(_hit_rows(_as_sentence(ids[row], corpus), index) | {row})
    clean = [r for r in tellings if clean_telling(ids[r], corpus, summary, style_guide)]
    if not clean:
        return None
    closeness = np.asarray((index.rows[tellings] @ index.rows[clean].T).toarray())
    typical = closeness.sum(axis=0) - 1.0  # each telling's closeness to the others
    best = max(
        range(len(clean)),
        key=lambda i: (round(float(typical[i]), 6), -word_count(_text(ids[clean[i]], corpus))),
    )
    chosen = clean[best]
    copies = [r for i, r in enumerate(tellings) if r != chosen and closeness[i, best] >= WIRE_COPY]
    citations = [corpus.cite(ids[r]) for r in [chosen, *copies]]
    return SummarySentence(text=citations[0].quote, citations=citations)


def clean_telling(
    sentence_id: str, corpus: Corpus, summary: ClusterSummary, style_guide: StyleGuide
) -> bool:
    """Fit to stand first as it is: a whole development in neutral words, its claimant
    named where it states a disputed claim."""
    sentence = _as_sentence(sentence_id, corpus)
    text = sentence.text
    words = word_count(text)
    if not TELLING_MIN_WORDS <= words <= TELLING_MAX_WORDS or not _SENTENCE_END.search(text):
        return False
    if leans_back(text) or refers_back(text) or style_guide.own_voice(text):
        return False
    return all(_attributed(sentence, dispute) for dispute in summary.disputes)


def _attributed(sentence: SummarySentence, dispute: Dispute) -> bool:
    """Either it does not state the dispute's claim (verify's test), or it names a party
    with a cue."""
    if not states_claim(sentence, dispute):
        return True
    text = sentence.text
    if not has_attribution(text):
        return False
    parties = [dispute.claimant, *dispute.disputed_by]
    return any(
        any(matches_group(text, [start]) for start in claimant_stems(party)) for party in parties
    )


def within_budget(
    sentences: list[SummarySentence],
    summary: ClusterSummary,
    max_words: int,
    told_by_lead: frozenset[str] = frozenset(),
) -> list[SummarySentence]:
    """The body without its lowest-value sentences until it fits: those that cite a
    sentence in ``told_by_lead`` (what the new lead tells again) first, then those the
    extras repeat, then the last-placed; never the lead, nor one a kept sentence leans on."""
    extras = [*summary.agreed, *summary.disputes]
    repeated = {cited for item in extras for cited in item.cited_ids()}
    kept = list(sentences)
    while len(kept) > 1 and sum(word_count(s.text) for s in kept) > max_words:
        droppable = [i for i in range(1, len(kept)) if not _leaned_on(kept, i)]
        if not droppable:
            break
        retold = [i for i in droppable if set(kept[i].cited_ids()) & told_by_lead]
        echoed = [i for i in droppable if set(kept[i].cited_ids()) & repeated]
        kept.pop((retold or echoed or droppable)[-1])
    return kept


def _leaned_on(sentences: list[SummarySentence], index: int) -> bool:
    following = sentences[index + 1] if index + 1 < len(sentences) else None
    return following is not None and (leans_back(following.text) or refers_back(following.text))
