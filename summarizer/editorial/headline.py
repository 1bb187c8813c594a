"""The headline: the lead stated neutrally, in a clause, never a copied sentence or title.

The first choice is a headline the backend wrote in its own words. Otherwise the lead
sentence's main clause: time phrases ("On Thursday, "), asides in parentheses and
trailing clauses (", which ...", " - ...", " after ...") go while it is too long, an
attribution ("according to Turkish officials", ", the ministry said") stays. Then the
cluster's title, cleaned of a site's suffix and closing punctuation; then the main
clause of a later body sentence. Each is checked against the
style guide, and is used only when it is not a body sentence or a source's headline.
"""

from __future__ import annotations

import re

from ..lexicon.words import has_attribution
from ..models import ClusterSummary, Corpus, SummarySentence
from ..styleguide import StyleGuide
from ..text import QUOTE_PAIRS, word_count
from .dates import MONTHS, WEEKDAYS

# At most this many words in a headline (and in a timeline entry's text).
HEADLINE_WORDS = 20
# A piece before the first comma shorter than this is a subject or an aside, not a clause.
MIN_CLAUSE_WORDS = 6
# A piece between commas this short that opens with a capital or a digit is an
# apposition ("the former mayor, Viktor Brandt, guilty of ..."): the clause goes on.
APPOSITION_WORDS = 4

# What opens a sentence before its subject: a time ("On Friday", "Late on Thursday,"),
# a connector, or an adverbial phrase set off by a comma ("In televised remarks,").
_OPENING = re.compile(
    r"^(?:(?:(?:Late|Early|Earlier|Later)\s+)?(?:on|On|by|By|last|Last|this|This)\s+(?:"
    + "|".join(name.title() for name in WEEKDAYS)
    + r")(?:\s+(?:morning|afternoon|evening|night))?,?"
    r"|(?:Meanwhile|However|But|And|Also|Still),?"
    r"|(?:In|At(?!\s+(?:least|most)\b)|After|Before|During|Since|Over|Under|Despite|Amid|With)\b[^,]{0,60},)\s+(?=\S)"
)
_BREAK = re.compile(r",\s+|;\s+|\s+[\u2013\u2014-]{1,2}\s+|:\s+")
_ATTRIBUTION_TAIL = re.compile(
    r"^(?:according to .{2,60}|[\w'\u2019 .-]{2,60}\s(?:said|says|told|reported|claimed|"
    r"insisted|announced)(?:\s+(?:on|late on|early on)\s+[A-Z][a-z]+)?)\.?$",
    re.IGNORECASE,
)
# Subordinate clauses that can go from a headline: what comes after them is context.
_SUBORDINATE = re.compile(
    r"\s+(?:as|after|while|because|when|where|which|who|whom|although|though|since|despite"
    r"|by(?=\s+[a-z]+ing\b)|before|until|amid)\s+"
)
# A verb in the past, present or future: what makes a piece a clause of its own.
_VERB = (
    r"(?:[a-z]{2,}ed|rose|fell|won|lost|left|took|made|gave|came|went|met|hit|cut|put|set|ran"
    r"|began|became|held|kept|found|saw|sent|told|said|says|was|were|is|are|has|have|had"
    r"|will|would|could|be|been)"
)
_DESCRIPTION = re.compile(r"(?:the|a|an)\s")
# A description or an age set off by commas after a name, before the verb goes on.
_DESCRIBED = re.compile(r"(?<=\w),\s+(?:(?:a|an|the)\s+[^,;:]{2,50}?|\d{1,3})\s*,\s+(?=[a-z])")
# A second verb phrase joined by "and" ("... guilty of bribery and sentenced him to five
# years"): cut after the subordinate clauses, before the prepositional phrases.
_COORDINATE = re.compile(r"\s+and\s+(?=" + _VERB + r"\b)")
# Trailing prepositional phrases, cut from the end while a clause is too long.
_PREPOSITION = re.compile(r"\s+(?:in|on|at|near|across|over|during|under)\s+")
# Words that make a cut-off tail more than a place or a time: a verb or a clause of its own.
_TAIL_VERBS = re.compile(r"(?<![\w-])(?:and|but|or|not|that|" + _VERB + r")\b")
_TIME_PHRASE = re.compile(
    r"(?:,\s*|\s+)(?:(?:late|early)\s+)?(?:(?:on|last|this|next|by)\s+)?(?:"
    + "|".join(WEEKDAYS)
    + r")(?!['\u2019]s)(?:\s+(?:morning|afternoon|evening|night))?\b"
    + r"(?:\s+\d{1,2}\s+(?:"
    + "|".join(MONTHS)
    + r")\b)?",
    re.I,
)
_POSSESSIVE_DAY = re.compile(
    r"\b(?:(?:last|this)\s+)?(?:" + "|".join(WEEKDAYS) + r")['\u2019]s\s+(?=\w)", re.I
)
# Dates relative to the day an article was written: a headline has no such day.
_RELATIVE_TIME = re.compile(
    r"(?:,\s*|\s+)(?:(?:(?:earlier|later)\s+)?this|last|next)\s+(?:week|weekend|month|year)\b"
    r"|(?:,\s*|\s+)(?:yesterday|today|tomorrow|tonight|last night)\b",
    re.I,
)
_PARENTHESIS = re.compile(r"\s+\([^()]{1,40}\)")
_SITE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014-]{2,40}$")


def main_clause(text: str, max_words: int = HEADLINE_WORDS) -> str | None:
    """The sentence's main clause with its attribution, or None when none fits."""
    split = _head(text)
    if split is None:
        return None
    clause, rest = split
    tails = [piece for piece in rest if _ATTRIBUTION_TAIL.match(piece.strip())]
    tail = f", {_bare(undated(tails[-1]))}" if tails else ""
    clause = _bare(_shorten(_bare(clause), max_words - word_count(tail))) + tail
    if word_count(clause) > max_words or word_count(clause) < 3 or not _balanced(clause):
        return None
    return clause[:1].upper() + clause[1:]


def _head(text: str) -> tuple[str, list[str]] | None:
    """The sentence's opening clause (long enough to be one, appositions kept inside it)
    and the pieces after it; None when there is none."""
    body = _OPENING.sub("", text.strip(), count=1)
    pieces = _BREAK.split(body)
    if not pieces or not pieces[0]:
        return None
    clause = pieces[0]
    rest = pieces[1:]
    while rest:
        if _apposition(clause, rest, body):
            clause = f"{clause}, {rest.pop(0)}, {rest.pop(0)}"
        elif word_count(clause) < MIN_CLAUSE_WORDS:
            clause = f"{clause}, {rest.pop(0)}"
        else:
            break
    return clause, rest


def _apposition(clause: str, rest: list[str], body: str) -> bool:
    """The next piece is set off by commas and the clause goes on after it: a name or an
    age, or a description of a subject that has no verb yet ("The Commission, the joint
    body that oversees the treaty, has called ...")."""
    if len(rest) < 2 or f"{clause}, {rest[0]}, {rest[1]}" not in body:
        return False
    piece = rest[0]
    named = word_count(piece) <= APPOSITION_WORDS and (piece[:1].isupper() or piece[:1].isdigit())
    described = (
        word_count(clause) < MIN_CLAUSE_WORDS
        and _DESCRIPTION.match(piece) is not None
        and re.search(r"\b" + _VERB + r"\b", clause) is None
    )
    return named or described


def undated(text: str) -> str:
    """``text`` without weekdays and dates relative to an article's day ("Saturday's
    gunfight" is "the gunfight")."""
    text = _POSSESSIVE_DAY.sub(lambda m: "the " if m.start() else "The ", text.strip())
    return _RELATIVE_TIME.sub("", _TIME_PHRASE.sub("", text))


def _shorten(clause: str, max_words: int) -> str:
    """Inner time phrases and asides out; then, while too long, the first subordinate
    clause and after it, a second verb phrase, then trailing prepositional phrases one
    by one."""
    clause = _PARENTHESIS.sub("", undated(clause))
    cuts_in_order = ((_SUBORDINATE, True), (_COORDINATE, True), (_PREPOSITION, False))
    for pattern, first in cuts_in_order:
        while word_count(clause) > max_words:
            cuts = [m.start() for m in pattern.finditer(clause)]
            cuts = [c for c in cuts if word_count(clause[:c]) >= MIN_CLAUSE_WORDS]
            cuts = [c for c in cuts if _balanced(clause[:c])]
            if not first:
                cuts = [c for c in cuts if not _TAIL_VERBS.search(clause[c:])]
            if not cuts:
                break
            clause = clause[: cuts[0] if first else cuts[-1]]
    return clause


def _bare(text: str) -> str:
    return text.strip().rstrip(".!?;:, ").strip()


def _balanced(text: str) -> bool:
    """Every quotation mark opened in the clause is closed in it."""
    straight = text.count('"') % 2 == 0
    curly = all(
        text.count(opener) == text.count(closer)
        for opener, closer in QUOTE_PAIRS.items()
        if opener != closer and opener not in "\u2018\u201e"
    )
    return straight and curly


def clean_title(title: str) -> str:
    """A title without a site's suffix ("... | The Gazette"), asides in parentheses and
    closing punctuation."""
    return _bare(_PARENTHESIS.sub("", _SITE_SUFFIX.sub("", title.strip())))


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _copies(summary: ClusterSummary, corpus: Corpus) -> set[str]:
    """Texts a headline may not be: body sentences, source sentences, source headlines."""
    texts = [sentence.text for sentence in summary.sentences]
    texts += [sentence.original or "" for sentence in summary.sentences]
    for segmented in corpus.articles:
        texts.append(segmented.article.title or "")
        texts += [sentence.text for sentence in segmented.sentences]
    return {_key(text) for text in texts if text}


def make_headline(summary: ClusterSummary, corpus: Corpus, guide: StyleGuide) -> str:
    """The headline for a summary whose body already opens with its lead."""
    copies = _copies(summary, corpus)

    def usable(text: str | None) -> bool:
        return (
            bool(text)
            and text is not None
            and 3 <= word_count(text) <= HEADLINE_WORDS
            and _key(text) not in copies
            and not guide.own_voice(text)
        )

    own = _bare(summary.headline)
    if usable(own) and _key(own) != _key(corpus.title or ""):
        return own
    title = clean_title(corpus.title or "")
    choices = [*_clauses(summary.sentences[:1]), title, *_clauses(summary.sentences[1:])]
    return next((choice for choice in choices if usable(choice)), "")


def _clauses(sentences: list[SummarySentence]) -> list[str]:
    """These sentences' main clauses that keep their attribution, each sentence's whole
    and then without its descriptions ("Colm Ferris, a docker for 31 years, is ..." ->
    "Colm Ferris is ..."): the second is the lead's own when the first is the lead."""
    found: list[str] = []
    for sentence in sentences:
        for text in (sentence.text, _DESCRIBED.sub(" ", sentence.text)):
            clause = main_clause(text)
            if clause and _keeps_attribution(sentence.text, clause):
                found.append(clause)
    return found


def _keeps_attribution(sentence: str, clause: str) -> bool:
    """A reported claim keeps its speaker in the headline: one whose main clause, or a
    tail of the whole sentence, says who claims it ("that Port Aldo said was offside",
    inside a later clause, does not make the main clause a claim)."""
    split = _head(sentence)
    if split is None or has_attribution(clause):
        return True
    head, rest = split
    tails = [piece for piece in rest if _ATTRIBUTION_TAIL.match(piece.strip())]
    return not has_attribution(head) and not tails
