"""Check a summary against its sources and the style rules.

The same rules run on a finished ``ClusterSummary`` (``verify_summary``) and on a
model's draft before its citations are resolved (``check_draft``, whose messages are
written to be sent back to the model). One walker reads either: the items of both
share their fields and name their sources through ``cited_ids()``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .lexicon.words import content_words, has_attribution, matches_group, refers_back, stem
from .models import (
    Citation,
    ClusterSummary,
    Corpus,
    Dispute,
    DraftDispute,
    SummaryDraft,
    SummaryOptions,
    VerificationIssue,
)
from .models.items import CitedItem, CitedSentence, Resolved
from .text import word_count

__all__ = [
    "check_draft",
    "claimant_stems",
    "content_words",
    "sentence_id_problem",
    "states_claim",
    "verify_summary",
]

# Share of a disputed claim's content words that a sentence must repeat to count as
# stating the claim.
CLAIM_OVERLAP = 0.6
MIN_SHARED_WORDS = 2

Summary = ClusterSummary | SummaryDraft
AnyDispute = Dispute | DraftDispute


def verify_summary(
    summary: ClusterSummary, corpus: Corpus, options: SummaryOptions
) -> list[VerificationIssue]:
    """Every unmet check of a finished summary (empty when it passes)."""
    return [*_citation_issues(summary, corpus), *_rule_issues(summary, options)]


def check_draft(
    draft: SummaryDraft, corpus: Corpus, options: SummaryOptions
) -> list[VerificationIssue]:
    """Every unmet check of a model's draft; the messages are worded for the model."""
    return [
        *_citation_issues(draft, corpus),
        *_framing_issues(draft, corpus),
        *_rule_issues(draft, options),
    ]


def sentence_id_problem(sentence_id: str, corpus: Corpus) -> str | None:
    """Why ``sentence_id`` names no sentence of ``corpus``, worded to follow
    "... cites 'x:9', which ...", or None when it names one."""
    if corpus.sentence(sentence_id) is not None:
        return None
    article_id, colon, number = sentence_id.rpartition(":")
    if not colon or not number.isdigit():
        example = f"{corpus.articles[0].article.id}:1" if corpus.articles else "article:1"
        return f"is not a sentence id; write ids as 'article:number', e.g. {example!r}"
    for segmented in corpus.articles:
        if segmented.article.id == article_id:
            count = len(segmented.sentences)
            return f"does not exist; {article_id} has sentences 1-{count}"
    return f"does not exist; {_articles_hint(corpus)}"


# --- citations ---------------------------------------------------------------------------


def _cited_items(summary: Summary) -> Iterator[tuple[str, int | None, CitedItem]]:
    """(label, sentence index or None, item) for every item that cites sources."""
    for index, sentence in enumerate(_sentences(summary)):
        yield f"sentence {index + 1}", index, sentence
    others: list[tuple[str, Sequence[CitedItem]]] = [
        ("agreed point", summary.agreed),
        ("dispute", summary.disputes),
        ("framing", summary.framing),
    ]
    for kind, items in others:
        for number, item in enumerate(items, start=1):
            yield f"{kind} {number}", None, item


def _sentences(summary: Summary) -> Sequence[CitedSentence]:
    return summary.sentences


def _disputes(summary: Summary) -> Sequence[AnyDispute]:
    return summary.disputes


def _citation_issues(summary: Summary, corpus: Corpus) -> list[VerificationIssue]:
    issues: list[VerificationIssue] = []
    for label, index, item in _cited_items(summary):
        citations = item.citations if isinstance(item, Resolved) else None
        for position, sentence_id in enumerate(item.cited_ids()):
            problem = sentence_id_problem(sentence_id, corpus)
            if problem is not None:
                issues.append(_unknown_citation(label, sentence_id, problem, index))
            elif citations is not None and not _matches_source(citations[position], corpus):
                issues.append(_bad_quote(label, sentence_id, index))
    return issues


def _unknown_citation(
    label: str, sentence_id: str, problem: str, index: int | None
) -> VerificationIssue:
    return VerificationIssue(
        code="unknown_citation",
        message=f"{label} cites {sentence_id!r}, which {problem}",
        sentence=index,
    )


def _matches_source(citation: Citation, corpus: Corpus) -> bool:
    source = corpus.sentence(citation.sentence_id)
    assert source is not None
    expected = (source.article_id, source.index, source.start, source.end, source.text)
    given = (citation.article_id, citation.sentence, citation.start, citation.end, citation.quote)
    return given == expected


def _bad_quote(label: str, sentence_id: str, index: int | None) -> VerificationIssue:
    return VerificationIssue(
        code="bad_quote",
        message=f"{label} cites {sentence_id!r} with an article, offsets or quote "
        f"that do not match the source sentence",
        sentence=index,
    )


def _framing_issues(draft: SummaryDraft, corpus: Corpus) -> list[VerificationIssue]:
    """A draft names each framing note's article itself (a summary's come resolved)."""
    return [
        VerificationIssue(
            code="unknown_citation",
            message=f"framing {number} names article {framing.article_id!r}, which "
            f"is not in the cluster; {_articles_hint(corpus)}",
        )
        for number, framing in enumerate(draft.framing, start=1)
        if corpus.article(framing.article_id) is None
    ]


def _articles_hint(corpus: Corpus) -> str:
    ids = ", ".join(segmented.article.id for segmented in corpus.articles)
    return f"the articles are: {ids}"


# --- rules shared by summaries and drafts ------------------------------------------------


def _rule_issues(summary: Summary, options: SummaryOptions) -> list[VerificationIssue]:
    issues = _empty_issues(summary)
    issues.extend(_uncited_issues(summary))
    budget = getattr(summary, "budget", None)
    dates = budget.dates if budget is not None else 0  # absolute dates have words of their own
    issues.extend(_length_issues(summary, options.max_words + dates))
    issues.extend(_loaded_term_issues(summary, options))
    issues.extend(_unattributed_issues(summary))
    issues.extend(_dangling_issues(summary))
    return issues


def _dangling_issues(summary: Summary) -> list[VerificationIssue]:
    """A sentence that refers back ("The union rejected it", "Some of them ...") must
    follow a sentence that cites the source sentence it leans on, or one just before
    that in the same article."""
    sentences = _sentences(summary)
    issues: list[VerificationIssue] = []
    for index, sentence in enumerate(sentences):
        if not refers_back(sentence.text):
            continue
        previous = set(sentences[index - 1].cited_ids()) if index else set()
        if any(_introduced_by(cited, previous) for cited in sentence.cited_ids()):
            continue
        issues.append(
            VerificationIssue(
                code="dangling_reference",
                message=f"sentence {index + 1} refers back to something the summary has not "
                f"said ({_shorten(sentence.text, 60)!r}); put the sentence it refers to just "
                f"before it, or leave it out",
                sentence=index,
            )
        )
    return issues


def _introduced_by(sentence_id: str, previous: set[str]) -> bool:
    article, _, number = sentence_id.rpartition(":")
    if not number.isdigit():
        return False
    return any(f"{article}:{int(number) - back}" in previous for back in (1, 2))


def _empty_issues(summary: Summary) -> list[VerificationIssue]:
    if not summary.sentences:
        return [VerificationIssue(code="empty_summary", message="the summary has no sentences")]
    return [
        VerificationIssue(
            code="empty_summary", message=f"sentence {index + 1} is empty", sentence=index
        )
        for index, sentence in enumerate(_sentences(summary))
        if not sentence.text.strip()
    ]


def _uncited_issues(summary: Summary) -> list[VerificationIssue]:
    return [
        VerificationIssue(
            code="uncited_sentence",
            message=f"sentence {index + 1} has no citation",
            sentence=index,
        )
        for index, sentence in enumerate(_sentences(summary))
        if sentence.text.strip() and not sentence.cited_ids()
    ]


def _length_issues(summary: Summary, max_words: int) -> list[VerificationIssue]:
    words = word_count(" ".join(sentence.text for sentence in summary.sentences))
    if words <= max_words:
        return []
    return [
        VerificationIssue(
            code="too_long", message=f"the summary has {words} words; the limit is {max_words}"
        )
    ]


def _loaded_term_issues(summary: Summary, options: SummaryOptions) -> list[VerificationIssue]:
    texts: list[tuple[str, str, int | None]] = [("the headline", summary.headline, None)]
    texts.extend(
        (f"sentence {index + 1}", sentence.text, index)
        for index, sentence in enumerate(_sentences(summary))
    )
    issues: list[VerificationIssue] = []
    for label, text, index in texts:
        seen: set[str] = set()
        for _offset, term in options.style_guide.own_voice(text):
            if term.term in seen:
                continue
            seen.add(term.term)
            advice = f"or write {term.neutral!r}" if term.neutral else "or leave it out"
            issues.append(
                VerificationIssue(
                    code="loaded_term",
                    message=f"{label} uses {term.term!r} outside quotation marks; "
                    f"quote it and attribute it, {advice}",
                    sentence=index,
                )
            )
    return issues


def _unattributed_issues(summary: Summary) -> list[VerificationIssue]:
    issues: list[VerificationIssue] = []
    for index, sentence in enumerate(_sentences(summary)):
        for dispute in _disputes(summary):
            if not states_claim(sentence, dispute) or _attributes(sentence.text, dispute):
                continue
            issues.append(
                VerificationIssue(
                    code="unattributed_claim",
                    message=f"sentence {index + 1} states the disputed claim "
                    f"{_shorten(dispute.claim)!r} without saying who claims it; "
                    f"write e.g. '{dispute.claimant} said ...'",
                    sentence=index,
                )
            )
            break
    return issues


def states_claim(sentence: CitedSentence, dispute: AnyDispute) -> bool:
    """The sentence states the dispute's claim: it cites a sentence the dispute cites, or
    repeats enough of the claim's content words."""
    if set(sentence.cited_ids()) & set(dispute.cited_ids()):
        return True
    claim_words = content_words(dispute.claim)
    if not claim_words:
        return False
    shared = claim_words & content_words(sentence.text)
    return len(shared) >= MIN_SHARED_WORDS and len(shared) / len(claim_words) >= CLAIM_OVERLAP


def _attributes(text: str, dispute: AnyDispute) -> bool:
    """Said as somebody's: an attribution cue and the name of a party to the dispute (a
    sentence may state either side's account, as that side's)."""
    if not has_attribution(text):
        return False
    for party in (dispute.claimant, *dispute.disputed_by):
        stems = claimant_stems(party)
        if not stems or any(matches_group(text, [start]) for start in stems):
            return True
    return False


def claimant_stems(claimant: str) -> list[str]:
    """Word starts that name the claimant: "Russian Defence Ministry" -> russ, defence,
    ministry."""
    return [stem(word) for word in sorted(content_words(claimant))]


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
