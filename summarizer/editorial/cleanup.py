"""Scrape debris out of the summary's wording, and outlets named as a reader knows them.

- escaped quotes (``\\"`` -> ``"``) and runs of whitespace;
- an outlet or section name glued to the start of a sentence ("Iran PressMiddle East:
  Hulusi Akar said ..." -> "Hulusi Akar said ...");
- a file id in prose ("the article erbil"): what the page itself says instead (the
  site named in its dateline, "a report from Erbil"), else "one outlet".

Sentence edits are recorded (``edited``, ``original``); other items are cleaned as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..lexicon.scripts import names
from ..models import ClusterSummary, Corpus, Dispute, SegmentedArticle
from .edits import edited

# A label glued to the sentence: up to this many capitalised words before a colon or dash.
MAX_LABEL_WORDS = 6
# Sentences of an article read for a dateline.
DATELINE_SENTENCES = 3
UNNAMED = "one outlet"
# Section labels news sites print before a story: a label made only of these ("World
# News", "Middle East", "Politics") is page furniture, not the story's words. Regions
# only as sites name their sections ("South Africa" is a country, not a section).
SECTION_LABELS = names(
    "world news latest home europe asia africa americas us uk politics business economy"
    " markets finance money opinion comment analysis features sport sports health science"
    " tech technology culture arts entertainment lifestyle environment climate national"
    " international local regional region diplomacy defence defense security breaking live"
    " video"
) | {"top stories", "middle east", "asia pacific", "latin america", "north america"}
# Ends a site's name, before a section glued to it ("Sky NewsWorld", "Iran PressMiddle East").
MASTHEAD_WORDS = names(
    "news press times post daily herald journal tribune gazette agency online today world"
    " media network tv radio telegraph chronicle observer review monitor"
)

_ESCAPED = re.compile(r"\\([\"'])")
_SPACES = re.compile(r"[ \t\u00a0]{2,}|\s*\n\s*")
_LABEL = re.compile(
    r"^(?P<label>[A-Z][\w&'.\u2019-]*(?: [A-Z&][\w&'.\u2019-]*)*)"
    r"(?::|\s+[\u2013\u2014-]{1,2})\s+(?=[A-Z\"\u201c])"
)
# Where two words are glued: a lower-case letter, then a capitalised word.
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z .'\u2019-]{2,30}?)(?:,\s*[A-Z][\w .'\u2019-]{1,40}?)?"
    r"\s*(?:\((?P<site>[^)]{2,40})\))?\s*[\u2013\u2014-]{1,2}\s"
)

TextFix = Callable[[str], str]


def clean_text(text: str, outlets: list[str]) -> str:
    """Escaped quotes, a glued label at the start, and extra whitespace out."""
    text = _ESCAPED.sub(r"\1", text)
    text = _SPACES.sub(" ", text).strip()
    return _strip_label(text, outlets)


def _strip_label(text: str, outlets: list[str]) -> str:
    """A site or section label before the sentence, out; the sentence's own words kept."""
    match = _LABEL.match(text)
    if match is None:
        return text
    label = match.group("label")
    if len(label.split()) > MAX_LABEL_WORDS or not is_page_label(label, outlets):
        return text
    rest = text[match.end() :]
    return rest[:1].upper() + rest[1:]


def is_page_label(label: str, outlets: list[str]) -> bool:
    """A known outlet's name (a section may follow it), a section label ("World News"),
    or a site name glued to a section ("Orla NewsWorld"). A camel-cased word alone
    ("YouTube", "MacArthur", "McDonald's") is a name, not a glued label."""
    lowered = label.lower()
    for outlet in outlets:
        name = outlet.lower()
        if name and lowered.startswith(name):
            after = label[len(outlet) : len(outlet) + 1]
            if not after or after == " " or after.isupper():
                return True
    if _all_section_words(label):
        return True
    for glue in _GLUE.finditer(label):
        head, tail = label[: glue.start()], label[glue.start() :]
        head_words = head.lower().split()
        if _all_section_words(tail):
            return True
        if len(head_words) >= 2 and head_words[-1] in MASTHEAD_WORDS:
            return True
    return False


def _all_section_words(text: str) -> bool:
    """Whether ``text`` is one or more section labels, read two words at a time first."""
    words = text.lower().replace("&", " ").replace("-", " ").split()
    if not words:
        return False
    while words:
        if len(words) >= 2 and " ".join(words[:2]) in SECTION_LABELS:
            words = words[2:]
        elif words[0] in SECTION_LABELS:
            words = words[1:]
        else:
            return False
    return True


def page_name(segmented: SegmentedArticle) -> tuple[str, str]:
    """How the page names itself: (in prose, as a label). The site in its dateline
    ("TEHRAN (Iran News) -"), else its dateline city, else "one outlet"."""
    article = segmented.article
    if article.dateline:
        return f"a report from {article.dateline}", f"Unnamed outlet ({article.dateline})"
    for sentence in segmented.sentences[:DATELINE_SENTENCES]:
        match = _DATELINE.match(sentence.text)
        if match is None:
            continue
        if match.group("site"):
            site = match.group("site").strip()
            return site, site
        city = match.group("city").strip().title()
        return f"a report from {city}", f"Unnamed outlet ({city})"
    return UNNAMED, "Unnamed outlet"


def _renamer(corpus: Corpus) -> tuple[TextFix, dict[str, str]]:
    """A fix replacing 'the article <id>' of unnamed outlets, and each id's label."""
    prose: dict[str, str] = {}
    labels: dict[str, str] = {}
    for segmented in corpus.articles:
        if not segmented.article.outlet_named:
            prose[segmented.article.id], labels[segmented.article.id] = page_name(segmented)
    if not prose:
        return (lambda text: text), labels
    pattern = re.compile(
        r"\b([Tt])he article (" + "|".join(re.escape(key) for key in prose) + r")\b"
    )

    def rename(text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            name = prose[match.group(2)]
            return name[:1].upper() + name[1:] if match.group(1) == "T" else name

        return pattern.sub(replace, text)

    return rename, labels


def clean_summary(summary: ClusterSummary, corpus: Corpus) -> ClusterSummary:
    """Every text of the summary cleaned; body sentences record the edit."""
    outlets = sorted(
        {seg.article.source_name for seg in corpus.articles if seg.article.outlet_named},
        key=len,
        reverse=True,
    )
    rename, labels = _renamer(corpus)

    def fix(text: str) -> str:
        return rename(clean_text(text, outlets))

    return summary.model_copy(
        update={
            "headline": fix(summary.headline),
            "sentences": [edited(s, fix(s.text)) for s in summary.sentences],
            "agreed": [p.model_copy(update={"text": fix(p.text)}) for p in summary.agreed],
            "disputes": [_clean_dispute(d, fix) for d in summary.disputes],
            "framing": [
                f.model_copy(
                    update={"note": fix(f.note), "outlet": labels.get(f.article_id, f.outlet)}
                )
                for f in summary.framing
            ],
        }
    )


def _clean_dispute(dispute: Dispute, fix: TextFix) -> Dispute:
    sides = [
        side.model_copy(update={"party": fix(side.party), "says": fix(side.says)})
        for side in dispute.sides
    ]
    return dispute.model_copy(
        update={
            "claim": fix(dispute.claim),
            "claimant": fix(dispute.claimant),
            "disputed_by": [fix(party) for party in dispute.disputed_by],
            "sides": sides,
        }
    )
