"""People introduced: a body sentence that names somebody by surname alone ("Orlo said
Ostrevia was ready for a joint investigation"), before any body sentence names them,
gets the name its source article gives ("Defence Minister Stefan Orlo said ..."), as an
edit like every other edit.

A surname here is a capitalised word the corpus never writes in lower case (so not
"Police" or "Border") that the cited article writes after a run of capitalised words: a
given name, a title or both ("Defence Minister Stefan Orlo", "Irena Baskov"). The
longest such run in the article is its full name; runs stop at words that open
sentences or clauses ("The", "On", weekdays, months) and at possessives ("Putin's
Russia" is not a name). A mention already after a capitalised word ("Minister Orlo"),
inside quotation marks, or after an earlier mention in the body is left as it is. The
words a name adds come out of ``room`` (the body's allowance for added words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..models import ClusterSummary, Corpus, SummarySentence
from ..text import quoted_spans, word_count
from .dates import MONTHS, WEEKDAYS
from .edits import edited

# Words before a name that are not part of it.
_NOT_NAME = frozenset(
    {"the", "a", "an", "on", "in", "at", "and", "but", "or", "of", "for", "to", "by", "as"}
    | {"if", "when", "while", "after", "before", "since", "then", "this", "that", "with"}
    | set(WEEKDAYS)
    | set(MONTHS)
)
# At most this many words before a surname make its full name.
NAME_WORDS = 3
_WORD = re.compile(r"[A-Z][a-z][\w\u2019'-]*")
_LOWER_WORDS = re.compile(r"\b[a-z][\w\u2019'-]*")


def introduce_people(summary: ClusterSummary, corpus: Corpus, room: int) -> ClusterSummary:
    """``summary`` with each person's first bare surname in the body given its full
    name, while the added words fit in ``room``."""
    lower = _lower_case_words(corpus)
    seen: set[str] = set()
    sentences: list[SummarySentence] = []
    for sentence in summary.sentences:
        text = sentence.text
        for surname, at in _bare_surnames(text, lower, seen):
            full = _full_name(surname, _cited_texts(sentence, corpus), lower)
            added = word_count(full) - 1 if full else 0
            if full is None or added > room:
                continue
            text = text[:at] + full + text[at + len(surname) :]
            room -= added
        seen.update(_bare_word(word) for word in _WORD.findall(text))
        sentences.append(edited(sentence, text))
    return summary.model_copy(update={"sentences": sentences})


def _lower_case_words(corpus: Corpus) -> set[str]:
    """Every word the corpus writes in lower case somewhere."""
    found: set[str] = set()
    for segmented in corpus.articles:
        for sentence in segmented.sentences:
            found.update(_LOWER_WORDS.findall(sentence.text))
    return found


def _bare_surnames(text: str, lower: set[str], seen: set[str]) -> list[tuple[str, int]]:
    """Capitalised words never written in lower case, not after another capitalised word,
    outside quotation marks, not named before: (word, offset), the last first (so
    offsets hold as the text is edited from its end)."""
    quoted = quoted_spans(text)
    named = set(seen)
    found: list[tuple[str, int]] = []
    for match in _WORD.finditer(text):
        word = _bare_word(match.group(0))
        before = text[: match.start()].rstrip()
        previous = before.rsplit(None, 1)[-1] if before else ""
        bare = (
            word not in named
            and word.lower() not in lower
            and not any(start <= match.start() < end for start, end in quoted)
            and not (previous[:1].isupper() and not before.endswith((",", ";", ":")))
            and re.match(r"\s+[A-Z]", text[match.end() :]) is None
        )
        named.add(word)
        if bare:
            found.append((word, match.start()))
    return list(reversed(found))


def _bare_word(word: str) -> str:
    """A word without its possessive ending: "Baskov's" is Baskov."""
    return re.sub(r"['\u2019]s$", "", word)


def _cited_texts(sentence: SummarySentence, corpus: Corpus) -> list[str]:
    texts: list[str] = []
    for article_id in dict.fromkeys(c.article_id for c in sentence.citations):
        segmented = corpus.segmented(article_id)
        if segmented is not None:
            texts += [s.text for s in segmented.sentences]
    return texts


def _full_name(surname: str, texts: Iterable[str], lower: set[str]) -> str | None:
    """The longest run of capitalised words before ``surname`` in these texts, with it."""
    pattern = re.compile(
        rf"((?:[A-Z][\w'\u2019.-]*\s+){{1,{NAME_WORDS}}}){re.escape(surname)}\b(?!\s+[A-Z])"
    )
    best: list[str] = []
    for text in texts:
        for match in pattern.finditer(text):
            run = _name_words(match.group(1).split(), opens=match.start() == 0, lower=lower)
            if len(run) > len(best):
                best = run
    return " ".join([*best, surname]) if best else None


def _name_words(run: list[str], opens: bool, lower: set[str]) -> list[str]:
    """The part of a run that belongs to a name: after its last word that is not one (a
    function word, a weekday or month, a possessive, "Moscow-backed", "NetWatch"), and
    without a first word that is capitalised only because it opens its sentence
    ("Former Tolsk mayor ...")."""
    if opens and run and run[0].lower() in lower:
        run = run[1:]
    kept: list[str] = []
    for word in run:
        not_a_name = (
            word.lower().strip(".") in _NOT_NAME
            or re.search(r"['\u2019]s$", word) is not None
            or re.search(r"-[a-z]", word) is not None
            or re.search(r"[a-z][A-Z]", word) is not None
        )
        kept = [] if not_a_name else [*kept, word]
    return kept
