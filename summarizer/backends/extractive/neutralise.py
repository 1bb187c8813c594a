"""Light, recorded edits that make a source sentence fit a neutral summary.

Loaded terms in the outlet's own voice are replaced by the style guide's neutral
word (number and capitals kept) or, when the guide has none, put in quotation
marks; a claim the outlet makes alone, in its own voice, gets "According to
<outlet>, " in front.
"""

from __future__ import annotations

import re

from ...styleguide import LoadedTerm, StyleGuide
from ...text import outside_quotes, quoted_spans
from .rules import find_speaker
from .weights import MAX_TERM_EDITS

OPEN_QUOTE, CLOSE_QUOTE = "\u201c", "\u201d"
_HEAD_NOUNS = {
    "group", "groups", "organisation", "organisations", "organization", "organizations",
    "outfit", "outfits", "cell", "cells", "faction", "factions", "network", "networks",
}  # fmt: skip
_NOT_IN_NAMES = {
    "at", "in", "on", "to", "from", "by", "with", "that", "which", "who", "said", "was", "is",
    "has", "had", "the", "a", "an", "were", "are", "as",
}  # fmt: skip
_CITY = r"^[A-Z]{3,}[A-Z .'\u2019-]*?"
_DATELINE = re.compile(
    _CITY
    + r"(?:(?:,\s*[A-Z][\w .'\u2019-]{1,40}?)?\s*\([^)]{1,40}\)|,\s*[A-Z][\w .'\u2019-]{1,40}?)"
    r"\s*[\u2013\u2014-]{1,2}\s+(?=[A-Z\u201c\"])"
    r"|" + _CITY + r"\s*[\u2013\u2014]\s+(?=[A-Z\u201c\"])"
)
# "what it calls terrorists": the word is somebody's label, so it is quoted, not replaced.
_NAMING_VERB = re.compile(
    r"\b(calls?|called|calling|labels?|labell?ed|describes?|described|brands?|branded|terms?"
    r"|termed|dubs?|dubbed|considers?|considered)\s+(?:as\s+|them\s+|it\s+|him\s+|her\s+)?$",
    re.IGNORECASE,
)
_WORD_TAIL = re.compile(r"[^\W\d_]*")
# A verb that reports what a named party said, urged or charged: a loaded word after it
# is the party's own word, quoted and attributed, never swapped for ours.
_REPORTING = re.compile(
    r"\b(?:said|says|urged|urges|accused|accuses|called\s+on|calls\s+on|told|warned|claimed"
    r"|demanded|insisted|blamed|charged|described|asked)\b",
    re.IGNORECASE,
)
_ORGANISATION = {
    "ministry", "government", "army", "office", "agency", "council", "union", "company",
    "court", "party", "committee", "service", "military", "kremlin", "commission",
}  # fmt: skip


def _pluralise(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    if last.endswith("s") or last.endswith("ed"):
        plural = last
    elif last.endswith("y") and last[-2:-1] not in set("aeiou"):
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


def _match_case(replacement: str, original: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _word_span(text: str, offset: int, prefix: str) -> tuple[int, int]:
    end = offset + len(prefix.rstrip())
    tail = _WORD_TAIL.match(text, end)
    return offset, tail.end() if tail else end


def _number(word: str, prefix: str) -> str | None:
    """'singular' / 'plural' when ``word`` is the prefix's noun inflected; None otherwise."""
    suffix = word[len(prefix.rstrip()) :].lower()
    if suffix in ("", "y"):
        return "singular"
    if suffix in ("s", "es", "ies"):
        return "plural"
    return None


def _replacement(term: LoadedTerm, word: str, prefix: str) -> str | None:
    if term.neutral is None:
        return None
    number = _number(word, prefix)
    if number is None:
        return None
    neutral = _pluralise(term.neutral) if number == "plural" else term.neutral
    return _match_case(neutral, word)


def _fix_article(text: str, start: int) -> str:
    """'a armed group' -> 'an armed group' right before ``start``."""
    before = text[:start]
    match = re.search(r"\b([Aa]n?)\s+$", before)
    if match is None:
        return text
    wants_an = text[start : start + 1].lower() in set("aeiou")
    article = (
        ("an" if wants_an else "a") if match.group(1).islower() else ("An" if wants_an else "A")
    )
    return before[: match.start(1)] + article + before[match.end(1) :] + text[start:]


def _called_by(speaker: str) -> str:
    """How "what ... called" names the speaker: it, they, or the person's last name."""
    words = speaker.split()
    last = words[-1].lower()
    if last in {"police", "officials", "authorities", "prosecutors"} or (
        last.endswith("s") and not last.endswith("'s") and speaker[:1].islower()
    ):
        return "they"
    if len(words) == 1 or _ORGANISATION & {word.lower() for word in words}:
        return "it"
    return words[-1]


def _claimants_word(text: str, start: int, end: int) -> str | None:
    """ "what it called “terrorists”" when the word sits inside a named party's reported
    claim ("Moscow urged Ankara to stop supporting terrorists"); None otherwise."""
    speaker = find_speaker(text)
    if speaker is None or speaker not in text[:start]:
        return None
    after_speaker = text[text.index(speaker) + len(speaker) : start]
    if _REPORTING.search(after_speaker) is None:
        return None
    head = re.match(r"\s+([A-Za-z]+)\b", text[end:])
    if head and head.group(1).lower() in _HEAD_NOUNS:
        end += head.end()
    return f"what {_called_by(speaker)} called {OPEN_QUOTE}{text[start:end]}{CLOSE_QUOTE}"


def _edit_one(
    text: str, offset: int, term: LoadedTerm, prefix: str, next_start: int | None
) -> tuple[str, bool]:
    """Edit the occurrence at ``offset``: (new text, whether it was quoted)."""
    start, end = _word_span(text, offset, prefix)
    word = text[start:end]
    called = _claimants_word(text, start, end)
    if called is not None:
        head = re.match(r"\s+([A-Za-z]+)\b", text[end:])
        if head and head.group(1).lower() in _HEAD_NOUNS:
            end += head.end()
        before = text[:start]
        article = re.search(r"\b(an?|the)\s+$", before, re.IGNORECASE)
        if article is not None:  # "a mob" -> "what they called a “mob”"
            before = before[: article.start()]
            called = called.replace(" called ", f" called {article.group(1).lower()} ", 1)
        # Quoted, but its speaker is named already: nothing to attribute.
        return before + called + text[end:], False
    if next_start is not None and next_start >= end and text[end:next_start].strip() == "":
        # Stacked labels ("sectarian-label terrorist group"): the next one carries the noun.
        return text[:start] + text[next_start:], False
    naming = _NAMING_VERB.search(text[:start]) is not None
    replacement = None if naming else _replacement(term, word, prefix)
    if replacement is None:
        return text[:start] + OPEN_QUOTE + word + CLOSE_QUOTE + text[end:], True
    head = re.match(r"\s+([A-Za-z]+)\b", text[end:])
    if head and head.group(1).lower() in _HEAD_NOUNS and replacement.lower().endswith("group"):
        plural = head.group(1).lower().endswith("s")
        replacement = _pluralise(replacement) if plural else replacement
        end += head.end()
    edited = text[:start] + replacement + text[end:]
    return _fix_article(edited, start), False


def neutralise_terms(text: str, guide: StyleGuide) -> tuple[str, bool]:
    """Replace or quote every loaded term outside quotation marks: (text, quoted any).

    A quoted term needs a speaker, so the caller attributes the sentence when it has none.
    """
    quoted_any = False
    for _ in range(MAX_TERM_EDITS):
        found = guide.own_voice(text)
        if not found:
            break
        offset, term = found[0]
        later = [position for position, _ in found if position > offset]
        prefix = _prefix_at(text, offset, term)
        text, quoted = _edit_one(text, offset, term, prefix, later[0] if later else None)
        quoted_any = quoted_any or quoted
    return text, quoted_any


def _prefix_at(text: str, offset: int, term: LoadedTerm) -> str:
    lowered = text.lower()
    matching = [prefix for prefix in term.prefixes if lowered.startswith(prefix, offset)]
    return max(matching, key=len) if matching else term.term


_ANAPHORIC_SPEAKER = re.compile(
    r"\b(?P<det>[Tt]he)\s+(?P<head>[a-z]{3,})\s+(?:also\s+)?(?:said|says|told|added|stated"
    r"|confirmed|announced|reported|warned|insisted|denied|claimed|accused|noted)\b"
)


def name_speaker(text: str, earlier: list[str]) -> str:
    """'The ministry said' -> 'The Interior Ministry said', naming the speaker from the
    article's earlier sentences so the claim keeps its claimant. Unchanged when unsure."""
    unquoted = outside_quotes(text)
    match = _ANAPHORIC_SPEAKER.search(unquoted)
    if match is None:
        return text
    head = match.group("head")
    full = re.compile(
        r"(?<![\w'\u2019])(?:[Tt]he\s+)?([A-Z][\w'\u2019.-]*\s+(?:[\w'\u2019.-]+\s+){0,3}?)(?i:"
        + re.escape(head)
        + r")\b"
    )
    for sentence in reversed(earlier):
        for found in full.finditer(sentence):
            named = found.group(1) + found.group(0)[found.end(1) - found.start(0) :]
            if re.match(r"[Tt]he\s", named) or _NOT_IN_NAMES & set(named.lower().split()[1:]):
                continue
            possessive = re.search(r"['\u2019]s$", named.split()[0]) is not None
            replacement = named if possessive else f"the {named}"
            if match.start() == 0:
                replacement = replacement[0].upper() + replacement[1:]
            return text[: match.start()] + replacement + text[match.end("head") :]
    return text


def strip_dateline(text: str) -> str:
    """'PERRIN, Dolmaria (MPA) — The toll rose.' -> 'The toll rose.'"""
    return _DATELINE.sub("", text, count=1)


_CONNECTOR = re.compile(
    r"^(?:However|Meanwhile|But|And|Also|Still|Yet|Moreover|Furthermore|Nevertheless"
    r"|In another development[^,]{0,30}|Elsewhere[^,]{0,30}),?\s+(?=[\w\u201c\"])"
)


def strip_connector(text: str) -> str:
    """'However, near the end...' -> 'Near the end...': the link was to a sentence we drop."""
    stripped = _CONNECTOR.sub("", text, count=1)
    if stripped == text or not stripped:
        return text
    return stripped[0].upper() + stripped[1:]


def proper_nouns(texts: list[str]) -> set[str]:
    """Words the corpus capitalises mid-sentence: names, which keep their capital."""
    names: set[str] = set()
    for text in texts:
        for match in re.finditer(r"(?<=[\w,;:)] )[A-Z][\w'\u2019-]*", text):
            names.add(match.group(0))
    return names


def attribute(text: str, outlet: str, names: set[str] | frozenset[str] = frozenset()) -> str:
    """'According to <outlet>, ' + the sentence, its first word lowered unless a name."""
    first = re.match(r"([A-Z][a-z]+)\b", text)
    body = text
    if first and (first.group(1) not in names or _opens_common_noun(text, first.end())):
        body = text[0].lower() + text[1:]
    return f"According to {outlet}, {body}"


_ARTICLES = frozenset({"The", "A", "An"})
_NEXT_WORD = re.compile(r"[\s\"'\u201c\u2018]*([^\W\d_])")


def _opens_common_noun(text: str, end: int) -> bool:
    """'The “disgraced” former mayor': an article before a lower-case word is not part
    of a name, even when "The" starts names elsewhere ('The Hague', 'The Dockside')."""
    following = _NEXT_WORD.match(text, end)
    return text[:end] in _ARTICLES and following is not None and following.group(1).islower()


_OUR = re.compile(r"\b[Oo]ur\b")


def outlet_possessive(text: str, outlet: str) -> str:
    """'Our reporters say ...' -> '<outlet>'s reporters say ...': the outlet speaking.
    Quotations are left as they are."""
    possessive = outlet + ("'" if outlet.endswith("s") else "'s")
    quoted = quoted_spans(text)
    pieces: list[str] = []
    cursor = 0
    for match in _OUR.finditer(text):
        if any(start <= match.start() < end for start, end in quoted):
            continue
        pieces += [text[cursor : match.start()], possessive]
        cursor = match.end()
    return "".join(pieces) + text[cursor:]


def safe_outlet_name(outlet: str, guide: StyleGuide) -> str:
    """The outlet's name, quoted when the name itself holds a loaded term."""
    return f"{OPEN_QUOTE}{outlet}{CLOSE_QUOTE}" if guide.own_voice(outlet) else outlet
