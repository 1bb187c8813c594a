"""Page furniture: the lines of a page that are not the article (share buttons,
menus, bylines, captions, cookie notices, notes planted for machines...).

``line_furniture`` judges one line or paragraph of a page; ``looks_like_furniture``
judges one segmented sentence, for the backends that select sentences.
"""

from __future__ import annotations

import re

from ..lexicon.injection import MACHINE_NOTE_LINES
from ..lexicon.scripts import MIN_SCRIPT_SHARE, letter_scripts

Rule = tuple[re.Pattern[str], str]


def _rules(reason: str, *patterns: str) -> list[Rule]:
    """Each pattern must match a whole (stripped) line, case-insensitively."""
    return [(re.compile(pattern, re.IGNORECASE), reason) for pattern in patterns]


_SOCIAL = (
    r"(twitter|facebook|whatsapp|telegram|linkedin|reddit|pinterest|instagram|youtube"
    r"|email|e-mail|print|x|vk|signal|weibo|copy link)"
)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"((mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(day)?,?\s+)?"
_DATE = (
    rf"{_WEEKDAY}(\d{{1,2}}(st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})"
)
# Ends a pattern: the line does not end like a sentence.
_NO_FULL_STOP = r"(?<![.!?\"”])"

SHARE_WIDGETS = _rules(
    "share widget",
    # Share buttons and their counters: "Share this page:", "• 0", "• twitter".
    r"share( (this|on|via|the)\b.{0,60})?:?",
    r"share( this \w+)?\s*:.{0,160}",
    r"(tweet|pin it|send)",
    rf"[•·▪*+-]?\s*{_SOCIAL}( \d+)?",
    r"follow (us|the [^.!?]{1,40}?)( on\b.{0,160}|\s*:.{0,160}|)",
)

NAVIGATION = _rules(
    "navigation",
    # Site menus, breadcrumbs, section labels and links to other stories.
    r"[^|·•/]{1,30}(\s+[|·•/]\s+[^|·•/]{1,30}){2,}" + _NO_FULL_STOP,
    r"[^›»]{1,30}(\s*[›»]\s*[^›»]{1,30})+" + _NO_FULL_STOP,
    r"(read|see|watch|listen) (more|also)\b.{0,200}",
    r"also (read|see)\b.{0,200}",
    r"related( (articles?|stories|news|content|coverage|topics?))?\s*:.{0,200}",
    r"tags?\s*:.{0,200}",
    r"(breaking|live)( news)?\s*:.{0,200}",
    r"(breaking news|advertisement|sponsored( content)?|skip to (main )?content|back to top)",
    r"(subscribe|sign (up|in)|log ?in|register)\b.{0,100}" + _NO_FULL_STOP,
    r"(newsletter\b.{0,160}|.{0,100}\bin your inbox\b.{0,60})",
    r".{0,60}\b(donate|support (us|our journalism|independent journalism))\b.{0,80}",
    # A comment section's heading, also glued to a site name ("The SiteComments").
    r"([^.!?]{0,40}(?-i:Comments)|(\d+ )?comments?)( \(\d+\))?(\s*[—–|:-].{0,60})?",
)

LINK_LIST_HEADERS = _rules(
    "link list",
    # A label alone on its line that introduces a list of other headlines.
    r"(read|see) (more|also)\s*:?",
    r"also read\s*:?",
    r"related( \w+)?\s*:?",
    r"more (on this( story| topic)?|stories|news|from [^.!?:]{1,40})\s*:?",
    r"you (may|might) (also )?like\s*:?",
    r"(most (popular|read|viewed|shared)( in [^.!?:]{1,30})?|trending( now)?|top stories)\s*:?",
    r"recommended( for you)?\s*:?",
)

METADATA = _rules(
    "metadata",
    # Dates, bylines, sources and counters printed around the article.
    r"(last )?updated( at| on)?\s*:?.{0,40}\d.{0,30}",
    r"(date of publication|published( on| at)?|posted( on| at)?)\b.{0,40}\d.{0,80}" + _NO_FULL_STOP,
    _DATE + r"[^!?]{0,100}" + _NO_FULL_STOP,
    r".{0,80}\b\d+ min(ute)?s? read\b.{0,40}",
    r"(?-i:By|BY) (?-i:[A-Z])[\w.'’-]*(,? (and |& )?(?-i:[A-Z])[\w.'’-]*){0,5}"
    r"( in (?-i:[A-Z])[\w'’-]*( (?-i:[A-Z])[\w'’-]*)?)?",
    r"[^.!?,]{2,40},\s*[^.!?,]{0,30}\b(correspondent|reporter|editor|writer|journalist)s?\b"
    r"[^.!?]{0,30}",
    r"[^.!?]{0,40}\b(staff|newsroom|(news|political|foreign|city) desk)"
    r"(,? (with|and) [^.!?]{1,60})?",
    r"(reporting|writing|editing|additional reporting) by\b.{0,120}",
    r"[-–—•]?\s*(news )?sources?\s*:.{0,100}",
    r"[^.!?]{0,60}(&|and) agencies",
    r"(agencies|wire services)",
    r"(views?|reads?|visits?|hits?)\s*:?\s*[\d,. ]+",
    r"[\d,. ]+\s*(views?|reads?|visits?|hits?)",
)

MEDIA = _rules(
    "media caption",
    # Photo captions and credits, lightbox buttons, logos.
    r".{1,240}\[[^\[\]]{0,60}(/|\b(getty|afp|reuters|ap|anadolu|epa|photo|images?|file)\b)"
    r"[^\[\]]{0,60}\]",
    r"\[[^\[\]]{1,300}\]",
    r"\([^()]{1,60}\)",
    r"\[?(click|tap) (here )?to (enlarge|expand|zoom)\]?",
    r"\[?open in full ?screen\]?",
    r"(photo|image|picture|video|chart|graphic|infographic|map|gallery)s?"
    r"( caption| credit)?s?\s*:.{0,200}",
    r"(photo|image|video|gallery|slideshow)( \d+( of \d+)?)?",
    r".{0,60}\blogo",
)

LEGAL = _rules(
    "legal notice",
    # Copyright lines and cookie notices.
    r"(©|\(c\)|copyright\b).{0,200}",
    r".{0,160}all rights reserved\.?.{0,60}",
    r".{0,200}\b(use|uses|using|accept|consent to|allow)\b.{0,40}\bcookies\b.{0,200}",
    r".{0,120}\bcookie (policy|settings|preferences|consent|notice)\b.{0,200}",
    r"cookies\b.{0,300}",
)

MACHINE_NOTE_REASON = "instructions to machines"
MACHINE_NOTES = _rules(
    MACHINE_NOTE_REASON,
    # Text planted for AI tools, not for readers: it is not article content.
    *MACHINE_NOTE_LINES,
)

MARKDOWN_SYNTAX = _rules(
    "markdown syntax",
    # Lines that are only markup: rules, images, bare links, comments, fences.
    r"([-*_=]\s*){3,}",
    r"!\[[^\]]*\]\([^)]*\)",
    r"\[[^\]]*\]\([^)]*\)",
    r"<!--.*-->",
    r"(```|~~~).*",
    r"\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*",
)

TAG_LINES = _rules(
    "tag list",
    # Hashtag lines: "# foo # bar".
    r"#[^#]+(#[^#]+)+",
)

LINE_RULES: list[Rule] = [
    *MACHINE_NOTES,
    *LINK_LIST_HEADERS,
    *SHARE_WIDGETS,
    *NAVIGATION,
    *METADATA,
    *MEDIA,
    *LEGAL,
    *TAG_LINES,
]

# Fragments cut from the end of an otherwise kept line: "Headline Open in fullscreen",
# or a wire agency's credit after the last sentence: "... he said. (Reuters)".
FRAGMENT_RULES: list[Rule] = [
    (
        re.compile(r"\s*\[?(open in full ?screen|click to enlarge)\]?\s*$", re.IGNORECASE),
        "media button",
    ),
    (re.compile(r"(?<=[.!?\"”])\s*\([A-Z][^()]{0,40}\)\s*$"), "credit"),
]

# Where a line's own text starts: after bullets, and in Markdown heading and quote marks.
LINE_PREFIX = re.compile(r"([-*+•·▪›»→]\s+|\d{1,3}[.)]\s+)+")
MARKDOWN_PREFIX = re.compile(r"(#{1,6}\s+|>\s*|[-*+•·▪›»→]\s+|\d{1,3}[.)]\s+)+")
MARKDOWN_STRUCTURE = re.compile(r"\s*(#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>)")
# Longer lines are content: rules only look at lines up to this length.
MAX_FURNITURE_LINE = 1000
# Lines of at most this many words without a full stop may be a list of headlines.
MAX_HEADLINE_WORDS = 20
MAX_LINK_LIST = 12


def line_furniture(text: str, scripts: frozenset[str], markdown: bool = False) -> str | None:
    """Why one line (or paragraph) is page furniture, or None when it is content."""
    letters = letter_scripts(text)
    total = sum(letters.values())
    if total == 0:
        return "no words"
    if sum(letters.get(script, 0) for script in scripts) < MIN_SCRIPT_SHARE * total:
        return "other script"
    if len(text) > MAX_FURNITURE_LINE:
        return None
    if is_masthead(text):
        return "masthead or section label"
    rules = [*MARKDOWN_SYNTAX, *LINE_RULES] if markdown else LINE_RULES
    for pattern, reason in rules:
        if pattern.fullmatch(text):
            return reason
    return None


# An all-capitals line of at most this many words is a site name or section label.
MAX_MASTHEAD_WORDS = 6


def is_masthead(text: str) -> bool:
    """ "THE DAILY HERALD", "WORLD › EUROPE": short, and every cased letter a capital."""
    if len(text.split()) > MAX_MASTHEAD_WORDS:
        return False
    cased = [char for char in text if char.isalpha() and char.lower() != char.upper()]
    return len(cased) >= 2 and all(char.isupper() for char in cased)


def tag_line(line: str) -> str | None:
    """A hashtag line, judged with its leading '#' (which Markdown reads as a heading)."""
    return next((reason for pattern, reason in TAG_LINES if pattern.fullmatch(line)), None)


def is_link_list_header(text: str) -> bool:
    return any(pattern.fullmatch(text) for pattern, _ in LINK_LIST_HEADERS)


def is_headline_like(text: str) -> bool:
    return len(text.split()) <= MAX_HEADLINE_WORDS and not re.search(r"[.!:;]['\"”’)]*$", text)


# A sentence with any of these is furniture wherever it stands in the sentence.
SENTENCE_FURNITURE_RE = re.compile(
    r"(https?://|www\.|\.com/|@\w+\.\w+|\bclick\b|\bshare\s+this\b|\bfollow\s+us\b"
    r"|\bread\s+more\b|\bsubscribe\b|\ball\s+rights\s+reserved\b|\bcookies?\b|\bsign\s+up\b"
    r"|\bnewsletter\b|\blast\s+updated\b|\bdate\s+of\s+publication\b)",
    re.IGNORECASE,
)
# A sentence with less than this share of letters among its non-space characters.
MIN_SENTENCE_LETTER_SHARE = 0.6


def looks_like_furniture(text: str) -> bool:
    """URLs, share buttons, bylines, mostly non-letters."""
    stripped = text.strip()
    if not stripped or SENTENCE_FURNITURE_RE.search(stripped):
        return True
    letters = sum(char.isalpha() for char in stripped)
    return letters < MIN_SENTENCE_LETTER_SHARE * len(stripped.replace(" ", ""))
