"""Rules on single sentences: what may be selected, news value, who is speaking.

Everything here is generic newsroom heuristics: no rule knows any story's words.
"""

from __future__ import annotations

import re

# Re-exported: the candidate filter reads them from here.
from ...extract.furniture import looks_like_furniture as looks_like_furniture
from ...lexicon.injection import looks_like_instruction as looks_like_instruction
from ...lexicon.scripts import is_foreign_script
from ...lexicon.words import NEWS_STOP_WORDS, has_attribution
from ...text import outside_quotes, quoted_spans
from .weights import (
    MAX_WORDS,
    MIN_WORDS,
    NEWS_ATTRIBUTED,
    NEWS_DATES,
    NEWS_MAX_NAMES,
    NEWS_MAX_NUMBERS,
    NEWS_NAMES,
    NEWS_NUMBERS,
    QUOTE_ONLY_SHARE,
)

_TERMINAL_RE = re.compile(r"[.!]['\"\u2019\u201d\u00bb)\]]*\s*$|['\"\u2019\u201d\u00bb]\s*[.!]\s*$")
# A title's abbreviation before a name ("Defence Min.", "Lt. Gen."): its full stop is the
# abbreviation's, so a line that ends in one has no sentence end (a headline, a cut line).
_TITLE_ABBREVIATION_END = re.compile(
    r"\b(?:Min|Gov|Dept|Sec|Gen|Pres|Rep|Sen|Adm|Col|Lt|Sgt|Capt|Cmdr|Maj|Dr|Mr|Mrs|Ms|Prof)"
    r"\.\s*$"
)
# The writer speaking for a side ("our members", "we demand"): not a summary's voice.
_FIRST_PERSON_RE = re.compile(r"\b(?:[Ww]e|[Oo]urs?|[Uu]s|I|[Mm]y|[Mm]e)\b")
_QUESTION_RE = re.compile(r"\?['\"\u2019\u201d\u00bb)]*\s*$")

# Openers that lean on a previous sentence: "He added...", "It also said...".
_DANGLING_OPENERS = {
    "he", "she", "it", "they", "this", "these", "those", "that", "his", "her", "its", "their",
    "but", "however", "also", "and", "or", "so", "then", "both", "such", "there", "here",
    "meanwhile", "still", "yet", "nevertheless", "moreover", "furthermore", "later",
}  # fmt: skip

_PRONOUN_SPEAKER_RE = re.compile(
    r"\b(he|she|it|they)\s+(also\s+)?(said|says|added|told|stated|warned|insisted|claimed"
    r"|accused|denied|urged)\b",
    re.IGNORECASE,
)

_NUMBER_RE = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|scores"
    r"|hundreds?|thousands?|millions?|billions?|half|double|triple)\b",
    re.IGNORECASE,
)
_DATE_RE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march"
    r"|april|may|june|july|august|september|october|november|december|yesterday|today"
    r"|tomorrow|(19|20)\d\d)\b",
    re.IGNORECASE,
)
_CAPITALISED_RE = re.compile(r"(?<![\w'\u2019])[A-Z][\w\u2019'-]+")

# Cues of one party rejecting another's statement.
DENIAL_RE = re.compile(
    r"\b(denied|denies|deny|denying|rejected|rejects|rejecting|dismissed|dismisses|disputed"
    r"|disputes|refuted|refutes|false|untrue|baseless|groundless|fabricat\w*|no\s+(\w+\s+){0,3}"
    r"evidence|insist\w*\s+(\w+\s+){0,6}(not|never|no)\b|did\s+not\s+conduct|was\s+not\s+behind)",
    re.IGNORECASE,
)
CLAIM_RE = re.compile(
    r"\b(accus\w*|claim\w*|alleg\w*|blam\w*|charg\w*|said|says|say|stated|told|insist\w*"
    r"|believes?|warned|according\s+to)\b",
    re.IGNORECASE,
)

_SPEECH_VERBS = (
    r"said|says|say|told|tells|added|adds|stated|states|warned|warns|insisted|insists|accused"
    r"|accuses|claimed|claims|alleged|alleges|denied|denies|rejected|rejects|urged|urges"
    r"|announced|announces|believes|blamed|blames|dismissed|dismisses|confirmed|confirms"
    r"|reported|reports|argued|argues|called|calls|asked|asks|threatened|threatens|responded"
    r"|responds|countered|counters|hit\s+back|insisting|saying"
    r"|deny|reject|dismiss|insist|accuse|warn|urge|blame|argue|confirm"  # "Prosecutors reject"
)
_ACTOR = r"((?:the\s+|a\s+)?(?:[A-Z][\w\u2019'.-]*|of|for|and|the|de|al-\w+)(?:\s+(?:[A-Z][\w\u2019'.-]*|of|for|and|the|al-\w+|[a-z]+(?=\s+[A-Z])|defen[cs]e|foreign|interior|ministry|minister|spokes\w+|officials?|press|service|agency|president|military|army|government|sources?|media|daily|office|spokes\w*|campaign|party)\b(?:['\u2019]s\b)?){0,7})"  # noqa: E501
_ACCORDING_RE = re.compile(r"\baccording\s+to\s+" + _ACTOR)
_TRAILING_SPEAKER_RE = re.compile(
    r"[,\u201d\"]\s*" + _ACTOR + r"\s+(?:also\s+)?(?:" + _SPEECH_VERBS + r")\b"
)
_LEADING_SPEAKER_RE = re.compile(
    r"^\W*" + _ACTOR + r"\s+(?:\w+\s+){0,3}?(?:also\s+)?(?:" + _SPEECH_VERBS + r")\b"
)
_INVERTED_SPEAKER_RE = re.compile(r"\b(?:said|says|told|added)\s+" + _ACTOR + r"\s*[.,]?\s*$")
_TIME_WORDS = {"on", "in", "at", "earlier", "later", "last", "this", "late", "early", "yesterday"}
_GENERIC_WORDS = {
    "the", "a", "he", "she", "it", "they", "this", "that", "we", "i", "there", "each", "both",
    "either", "neither", "each side", "both sides", "either side",
}  # fmt: skip


def quoted_share(text: str) -> float:
    """Share of the sentence's characters inside quotation marks."""
    quoted = sum(end - start for start, end in quoted_spans(text))
    return quoted / max(len(text.strip()), 1)


def is_quote_only(text: str) -> bool:
    """A quotation with nobody named as saying it."""
    if quoted_share(text) < QUOTE_ONLY_SHARE:
        return False
    return not has_attribution(outside_quotes(text))


NO_TERMINAL_PUNCTUATION = "no terminal punctuation"  # a headline, a caption, a cut line
# Not read as a headline for the headline signal: that is a line with no full stop at all.
ENDS_IN_TITLE = "ends in a title's abbreviation"


def rejection_reason(text: str, language: str | None) -> str | None:
    """Why a sentence may never be selected, or None when it may."""
    words = len(text.split())
    checks = [
        (looks_like_instruction(text), "instruction"),
        (looks_like_furniture(text), "furniture"),
        (is_foreign_script(text, language), "script"),
        (words < MIN_WORDS, "short"),
        (words > MAX_WORDS, "long"),
        (_QUESTION_RE.search(text) is not None, "question"),
        (_TERMINAL_RE.search(text) is None, NO_TERMINAL_PUNCTUATION),
        (_TITLE_ABBREVIATION_END.search(text) is not None, ENDS_IN_TITLE),
        (is_quote_only(text), "quote only"),
        (pronoun_speaker_only(text), "speaker not named"),
        (one_sided_denial(text), "denial without the claim's author"),
        (unspoken_stance(text), "a party's stance without a speech verb"),
    ]
    for failed, reason in checks:
        if failed:
            return reason
    return None


# A party going at another's account: "attacked the credibility of", "questioned the figures".
_STANCE_RE = re.compile(
    r"\b(?:attack\w*|question\w*|challeng\w*|critici[sz]\w*|condemn\w*|cast\w*\s+doubt\s+on"
    r"|undermin\w*|ridicul\w*)\s+(?:\w+\s+){0,3}?(?:credibility|claims?|account|evidence"
    r"|testimony|version|figures?|reports?|honesty|integrity)\b",
    re.IGNORECASE,
)


def unspoken_stance(text: str) -> bool:
    """A party's position told by a verb of attack ("his lawyer attacked the credibility
    of the main witness") with no speech verb: the claim inside (the witness lied) reads
    as a fact of the story, and no reader or check sees whose claim it is."""
    unquoted = outside_quotes(text)
    return _STANCE_RE.search(unquoted) is not None and not has_attribution(unquoted)


def first_person(text: str) -> list[str]:
    """First-person words outside quotation marks: an outlet, or a party it reports
    without quoting, speaking for a side ("our members", "we demand")."""
    unquoted = outside_quotes(text)
    return [
        match.group(0)
        for match in _FIRST_PERSON_RE.finditer(unquoted)
        if match.group(0) != "I" or _is_pronoun_i(unquoted, match.start())
    ]


def _is_pronoun_i(text: str, start: int) -> bool:
    """ "I" as a word, not a Roman numeral or an initial ("World War I", "I. Baskov")."""
    after = text[start + 1 : start + 2]
    before = text[max(start - 4, 0) : start]
    return after != "." and not before.endswith(("War ", "II ", "Act "))


def starts_dangling(text: str) -> bool:
    first = re.match(r"\W*([A-Za-z]+)", text)
    return first is not None and first.group(1).lower() in _DANGLING_OPENERS


def pronoun_speaker_only(text: str) -> bool:
    """Attributed only to "he"/"it"...: the claimant is not named in the sentence."""
    match = _PRONOUN_SPEAKER_RE.search(text)
    if match is None or find_speaker(text) is not None:
        return False
    return not _named_subject(text[: match.start()])


# A named subject opening the sentence: a capitalised word (then more), then a verb.
_SUBJECT_RE = re.compile(
    r"^\W*(?:(?:the|a)\s+)?(?:[a-z]+\s+){0,2}?([A-Z][\w\u2019'-]+)"
    r"(?:\s+[A-Z][\w\u2019'-]+)*\s+[a-z]{3,}\b"
)


def _named_subject(before: str) -> bool:
    """The sentence opens with a named subject ("Koss found that ..., she said"): the
    pronoun that speaks later in it is that person."""
    match = _SUBJECT_RE.match(outside_quotes(before))
    if match is None:
        return False
    word = match.group(1).lower()
    return (
        word not in _DANGLING_OPENERS
        and word not in NEWS_STOP_WORDS
        and _DATE_RE.fullmatch(word) is None
    )


_NEGATED_CLAIM_RE = re.compile(
    r"\b(claims?|says?|said|insists?|insisted|maintains?)\s+(that\s+)?(nobody|no\s+one|none|never"
    r"|no\s+\w+)\b",
    re.IGNORECASE,
)


_SPEAKER_DENIES_RE = re.compile(
    r"\s+(?:\w+\s+){0,3}?(?:denied|denies|deny|rejected|rejects|reject|dismissed|dismisses"
    r"|dismiss|disputed|disputes|refuted|refutes|(?:claims?|says?|said|insists?|insisted|maintains?)\s+(?:that\s+)?"
    r"(?:nobody|no\s+one|none|never|no\b))",
    re.IGNORECASE,
)


def one_sided_denial(text: str) -> bool:
    """The speaker denies something but nobody else is named: the reader cannot tell
    whose claim is being denied."""
    speaker = find_speaker(text)
    unquoted = outside_quotes(text)
    if speaker is None or speaker not in unquoted:
        return False
    start = unquoted.index(speaker)
    after = unquoted[start + len(speaker) :]
    denial = _SPEAKER_DENIES_RE.match(after)
    if denial is None:
        return False
    speaker_words = {word.lower() for word in re.findall(r"[\w-]+", speaker)}
    # Whose claim is denied is named before the denier or in what it denies, not in a
    # clause joined after it ("X rejects any motive, and the ministry said ...").
    denied = _NEXT_CLAUSE_RE.split(after[denial.end() :], maxsplit=1)[0]
    scope = unquoted[1:start] + " " + denied
    names = {match.group(0).lower() for match in _CAPITALISED_RE.finditer(scope)}
    names |= {match.group(1).lower() for match in _POSSESSOR_RE.finditer(denied)}
    names = {re.sub(r"['\u2019]s$", "", name) for name in names}
    return not (names - speaker_words)


_NEXT_CLAUSE_RE = re.compile(r";|,\s+(?:and|but|while|whereas)\s+")
# "the president's claim", "the ministry's account": whose statement it is, by a role.
_POSSESSOR_RE = re.compile(
    r"\b(?:the|a|an)\s+(?:\w+\s+){0,2}?(\w+)['\u2019]s\s+(?:\w+\s+){0,2}?(?:claims?"
    r"|statements?|accusations?|allegations?|accounts?|assertions?|version|figures?|charges?"
    r"|reports?)\b",
    re.IGNORECASE,
)


def news_value(text: str) -> float:
    """0..1: numbers, dates, named actors and reported statements."""
    numbers = min(len(_NUMBER_RE.findall(text)), NEWS_MAX_NUMBERS) / NEWS_MAX_NUMBERS
    dates = 1.0 if _DATE_RE.search(text) else 0.0
    names = {match.group(0) for match in _CAPITALISED_RE.finditer(text[1:])}
    names_value = min(len(names), NEWS_MAX_NAMES) / NEWS_MAX_NAMES
    attributed = 1.0 if has_attribution(text) else 0.0
    return (
        NEWS_NUMBERS * numbers
        + NEWS_DATES * dates
        + NEWS_NAMES * names_value
        + NEWS_ATTRIBUTED * attributed
    )


def _clean_actor(actor: str | None) -> str | None:
    if actor is None:
        return None
    words = actor.strip(" ,.").split()
    while words and words[0].lower() in _DANGLING_OPENERS | {"although", "while", "when"}:
        words.pop(0)
    while words and words[-1].lower() in {"of", "for", "and", "the", "a"}:
        words.pop()
    for index, word in enumerate(words[1:], start=1):
        if word.lower() in _TIME_WORDS:
            words = words[:index]
            break
    while words and words[-1].lower() in {"of", "for", "and", "the", "a"}:
        words.pop()
    if not words or " ".join(words).lower() in _GENERIC_WORDS:
        return None
    if not any(word[:1].isupper() and word.lower() not in {"the", "a"} for word in words):
        return None
    return " ".join(words)


def find_speaker(text: str) -> str | None:
    """The named actor a sentence attributes its statement to, found by simple rules."""
    unquoted = outside_quotes(text)
    for pattern in (_ACCORDING_RE, _TRAILING_SPEAKER_RE, _INVERTED_SPEAKER_RE):
        for match in pattern.finditer(unquoted):
            actor = _clean_actor(match.group(1))
            if actor is not None:
                return actor
    leading = _LEADING_SPEAKER_RE.search(unquoted)
    return _clean_actor(leading.group(1)) if leading else None


def is_denial(text: str) -> bool:
    return DENIAL_RE.search(text) is not None


def is_claim(text: str) -> bool:
    return CLAIM_RE.search(text) is not None
