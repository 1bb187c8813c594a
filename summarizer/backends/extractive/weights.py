"""Every tuned number of the offline backend, named once, with what it does.

The values were measured on the eval sets (docs/offline-backend.md): change one here,
then rerun ``summarizer eval`` and compare the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- which sentences may be selected (rules.rejection_reason) ---------------------------

MIN_WORDS = 6  # shorter sentences are captions, bylines or fragments
MAX_WORDS = 50  # longer ones are run-ons the segmenter could not split
QUOTE_ONLY_SHARE = 0.6  # a quotation this much of the sentence, with nobody named, is out

# --- news value, 0..1 (rules.news_value) ------------------------------------------------

NEWS_NUMBERS = 0.3  # weight of numbers (counts, amounts)
NEWS_MAX_NUMBERS = 2  # numbers beyond this many add nothing
NEWS_DATES = 0.2  # weight of a date or weekday
NEWS_NAMES = 0.3  # weight of capitalised names (actors, places)
NEWS_MAX_NAMES = 5  # names beyond this many add nothing
NEWS_ATTRIBUTED = 0.2  # weight of a reported statement ("... said")

# --- the sentence score (selection.score_candidates) ------------------------------------

W_CORROBORATION = 0.35  # other outlets state a similar sentence
CORROBORATION_COUNT_SHARE = 0.5  # of corroboration: outlets over the threshold; rest graded
W_CENTRALITY = 0.25  # LexRank centrality over the graph of other outlets' sentences
GRAPH_DAMPING = 0.85  # PageRank's damping factor, as in LexRank and TextRank
GRAPH_ITERATIONS = 30  # power iterations (converged well before on clusters of 1,500)
W_NEWS = 0.5  # news value
W_POSITION = 0.1  # coming early in its article
POSITION_DECAY = 3.0  # the position score is 1 / (1 + rank / this): halved at this rank
W_HEADLINE = 0.35  # closeness to its own article's headline
PENALTY_DANGLING = 0.15  # opens by leaning on the sentence before ("He added ...")
PENALTY_MOSTLY_QUOTED = 0.2  # mostly a quotation: the outlet's words are few
MOSTLY_QUOTED = 0.6  # share of the sentence's characters inside quotation marks for that

# --- wording a sentence (selection._word) -----------------------------------------------

PENALTY_QUOTED_TERM = 0.12  # per loaded term put in quotation marks (no neutral word)
PENALTY_REPLACED_TERM = 0.04  # per loaded term replaced by its neutral word
PENALTY_ATTRIBUTION = 0.05  # "According to <outlet>, " had to be added

# --- greedy selection within the word budget (selection.select) -------------------------

W_CONCEPTS = 0.6  # new concepts the sentence brings, scaled to the best sentence's
SINGLE_OUTLET_WEIGHT = 0.35  # a concept only one outlet uses still counts a little
REDUNDANCY_WEIGHT = 0.7  # times the highest similarity to a sentence already chosen
COVERAGE_BONUS = 0.6  # the sentence cites an outlet not cited yet
BALANCE_PENALTY = 0.06  # per citation the least-cited outlet of the sentence already has
LENGTH_EXPONENT = 0.5  # value per word**this: 0.5 favours neither short nor long

# --- headline, agreed points, disputes, framing -----------------------------------------

HEADLINE_MAX_WORDS = 20  # a sentence used as the headline has at most this many words
MAX_AGREED = 8  # agreed points listed at most
MAX_DISPUTES = 6  # disputes listed at most
MAX_FRAMING_CITATIONS = 10  # sentences cited per outlet's framing note at most
REFERS_BACK_WINDOW = 4  # "rejected the claim" answers a claim at most this many sentences up
MARKER_WINDOW = 4  # "X is disputed": the parties' accounts follow within this many sentences
FIGURE_DAYS = 2  # counts reported further apart may differ because the count changed

# --- neutralising loaded terms (neutralise.neutralise_terms) ----------------------------

MAX_TERM_EDITS = 24  # edits per sentence at most: a guard, no real sentence needs more

# --- similarity thresholds, per representation (represent) ------------------------------


@dataclass(frozen=True)
class Thresholds:
    duplicate: float  # the same sentence (wire copy) in two outlets
    agree: float  # close enough to list as a point the outlets agree on
    corroborate: float  # another outlet states the same fact
    related: float  # about the same thing (pairs a denial with its claim)


# The two scales differ: a TF-IDF cosine of 0.5 means much more overlap than an embedding's.
TFIDF_THRESHOLDS = Thresholds(duplicate=0.55, agree=0.3, corroborate=0.22, related=0.12)
EMBEDDING_THRESHOLDS = Thresholds(duplicate=0.86, agree=0.7, corroborate=0.6, related=0.45)
# A sentence whose concepts are at least this share of one chosen sentence's restates it.
RESTATED = 0.7
