"""Check a summary against its sources and the style rules.

The same rules run on a finished ``ClusterSummary`` (``verify_summary``) and on the
model's draft before its citations are resolved (``verify_draft``, whose messages are
written to be sent back to the model). Both build a ``_View`` of the text and the
cited sentence ids and run one set of rules over it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .models import (
    Citation,
    ClusterSummary,
    Corpus,
    SummaryDraft,
    SummaryOptions,
    VerificationIssue,
)
from .text import has_attribution, matches_alternative, word_count

# Share of a disputed claim's content words that a sentence must repeat to count as
# stating the claim.
CLAIM_OVERLAP = 0.6
MIN_SHARED_WORDS = 2

_FUNCTION_WORDS = (
    "a an and are as at be been but by for from had has have he her his in into is it its "
    "of on or our said says she that the their them they this to was were which who will "
    "with would"
)
_STOPWORDS = frozenset(_FUNCTION_WORDS.split())
# Suffixes stripped from a claimant's words, so "Russian" matches "Russia's".
_NAME_SUFFIXES = ("ians", "ian", "ish", "ese", "ies", "ans", "an", "es", "s", "i")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class _Sentence:
    text: str
    cites: tuple[str, ...]


@dataclass(frozen=True)
class _Dispute:
    claim: str
    claimant: str
    cites: tuple[str, ...]


@dataclass(frozen=True)
class _View:
    headline: str
    sentences: tuple[_Sentence, ...]
    disputes: tuple[_Dispute, ...]


def verify_summary(
    summary: ClusterSummary, corpus: Corpus, options: SummaryOptions
) -> list[VerificationIssue]:
    """Every unmet check of a finished summary (empty when it passes)."""
    issues: list[VerificationIssue] = []
    for index, sentence in enumerate(summary.sentences):
        for citation in sentence.citations:
            issue = _resolved_citation_issue(citation, corpus, f"sentence {index + 1}", index)
            if issue is not None:
                issues.append(issue)
    for label, citations in _other_citations(summary):
        for citation in citations:
            issue = _resolved_citation_issue(citation, corpus, label, None)
            if issue is not None:
                issues.append(issue)
    issues.extend(_rule_issues(_summary_view(summary), options))
    return issues


def check_draft(
    draft: SummaryDraft, corpus: Corpus, options: SummaryOptions
) -> list[VerificationIssue]:
    """``verify_draft`` as issues, for callers that treat codes differently."""
    issues: list[VerificationIssue] = []
    for index, sentence in enumerate(draft.sentences):
        issues.extend(_id_issues(sentence.cites, corpus, f"sentence {index + 1}", index))
    for label, cites in _other_draft_cites(draft):
        issues.extend(_id_issues(cites, corpus, label, None))
    for number, framing in enumerate(draft.framing, start=1):
        if corpus.article(framing.article_id) is None:
            issues.append(
                VerificationIssue(
                    code="unknown_citation",
                    message=f"framing {number} names article {framing.article_id!r}, which "
                    f"is not in the cluster; {_articles_hint(corpus)}",
                )
            )
    issues.extend(_rule_issues(_draft_view(draft), options))
    return issues


def verify_draft(draft: SummaryDraft, corpus: Corpus, options: SummaryOptions) -> list[str]:
    """The model's draft checked before resolution: messages to send back to the model."""
    return [issue.message for issue in check_draft(draft, corpus, options)]


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


def _id_issues(
    cites: Iterable[str], corpus: Corpus, label: str, index: int | None
) -> list[VerificationIssue]:
    issues: list[VerificationIssue] = []
    for sentence_id in cites:
        problem = sentence_id_problem(sentence_id, corpus)
        if problem is not None:
            issues.append(_unknown_citation(label, sentence_id, problem, index))
    return issues


def _unknown_citation(
    label: str, sentence_id: str, problem: str, index: int | None
) -> VerificationIssue:
    return VerificationIssue(
        code="unknown_citation",
        message=f"{label} cites {sentence_id!r}, which {problem}",
        sentence=index,
    )


def _resolved_citation_issue(
    citation: Citation, corpus: Corpus, label: str, index: int | None
) -> VerificationIssue | None:
    problem = sentence_id_problem(citation.sentence_id, corpus)
    if problem is not None:
        return _unknown_citation(label, citation.sentence_id, problem, index)
    source = corpus.sentence(citation.sentence_id)
    assert source is not None
    expected = (source.article_id, source.index, source.start, source.end, source.text)
    given = (citation.article_id, citation.sentence, citation.start, citation.end, citation.quote)
    if given == expected:
        return None
    return VerificationIssue(
        code="bad_quote",
        message=f"{label} cites {citation.sentence_id!r} with an article, offsets or quote "
        f"that do not match the source sentence",
        sentence=index,
    )


def _other_citations(summary: ClusterSummary) -> Iterable[tuple[str, list[Citation]]]:
    for number, point in enumerate(summary.agreed, start=1):
        yield f"agreed point {number}", point.citations
    for number, dispute in enumerate(summary.disputes, start=1):
        yield f"dispute {number}", dispute.citations
    for number, framing in enumerate(summary.framing, start=1):
        yield f"framing {number}", framing.citations


def _other_draft_cites(draft: SummaryDraft) -> Iterable[tuple[str, list[str]]]:
    for number, point in enumerate(draft.agreed, start=1):
        yield f"agreed point {number}", point.cites
    for number, dispute in enumerate(draft.disputes, start=1):
        yield f"dispute {number}", dispute.cites
    for number, framing in enumerate(draft.framing, start=1):
        yield f"framing {number}", framing.cites


def _articles_hint(corpus: Corpus) -> str:
    ids = ", ".join(segmented.article.id for segmented in corpus.articles)
    return f"the articles are: {ids}"


# --- rules shared by summaries and drafts ------------------------------------------------


def _summary_view(summary: ClusterSummary) -> _View:
    return _View(
        headline=summary.headline,
        sentences=tuple(
            _Sentence(s.text, tuple(c.sentence_id for c in s.citations)) for s in summary.sentences
        ),
        disputes=tuple(
            _Dispute(d.claim, d.claimant, tuple(c.sentence_id for c in d.citations))
            for d in summary.disputes
        ),
    )


def _draft_view(draft: SummaryDraft) -> _View:
    return _View(
        headline=draft.headline,
        sentences=tuple(_Sentence(s.text, tuple(s.cites)) for s in draft.sentences),
        disputes=tuple(_Dispute(d.claim, d.claimant, tuple(d.cites)) for d in draft.disputes),
    )


def _rule_issues(view: _View, options: SummaryOptions) -> list[VerificationIssue]:
    issues = _empty_issues(view)
    issues.extend(_uncited_issues(view))
    issues.extend(_length_issues(view, options.max_words))
    issues.extend(_loaded_term_issues(view, options))
    issues.extend(_unattributed_issues(view))
    return issues


def _empty_issues(view: _View) -> list[VerificationIssue]:
    if not view.sentences:
        return [VerificationIssue(code="empty_summary", message="the summary has no sentences")]
    return [
        VerificationIssue(
            code="empty_summary", message=f"sentence {index + 1} is empty", sentence=index
        )
        for index, sentence in enumerate(view.sentences)
        if not sentence.text.strip()
    ]


def _uncited_issues(view: _View) -> list[VerificationIssue]:
    return [
        VerificationIssue(
            code="uncited_sentence",
            message=f"sentence {index + 1} has no citation",
            sentence=index,
        )
        for index, sentence in enumerate(view.sentences)
        if sentence.text.strip() and not sentence.cites
    ]


def _length_issues(view: _View, max_words: int) -> list[VerificationIssue]:
    words = word_count(" ".join(sentence.text for sentence in view.sentences))
    if words <= max_words:
        return []
    return [
        VerificationIssue(
            code="too_long", message=f"the summary has {words} words; the limit is {max_words}"
        )
    ]


def _loaded_term_issues(view: _View, options: SummaryOptions) -> list[VerificationIssue]:
    texts: list[tuple[str, str, int | None]] = [("the headline", view.headline, None)]
    texts.extend(
        (f"sentence {index + 1}", sentence.text, index)
        for index, sentence in enumerate(view.sentences)
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


def _unattributed_issues(view: _View) -> list[VerificationIssue]:
    issues: list[VerificationIssue] = []
    for index, sentence in enumerate(view.sentences):
        for dispute in view.disputes:
            if not _states_claim(sentence, dispute) or _attributes(sentence.text, dispute):
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


def _states_claim(sentence: _Sentence, dispute: _Dispute) -> bool:
    if set(sentence.cites) & set(dispute.cites):
        return True
    claim_words = content_words(dispute.claim)
    if not claim_words:
        return False
    shared = claim_words & content_words(sentence.text)
    return len(shared) >= MIN_SHARED_WORDS and len(shared) / len(claim_words) >= CLAIM_OVERLAP


def _attributes(text: str, dispute: _Dispute) -> bool:
    if not has_attribution(text):
        return False
    stems = claimant_stems(dispute.claimant)
    return not stems or any(matches_alternative(text, stem) for stem in stems)


def content_words(text: str) -> set[str]:
    """Lower-case words that carry meaning: numbers, and words of 3+ letters that are
    not function words."""
    words = (word.lower() for word in _WORD.findall(text))
    return {w for w in words if (w.isdigit() or len(w) >= 3) and w not in _STOPWORDS}


def claimant_stems(claimant: str) -> list[str]:
    """Word starts that name the claimant: "Russian Defence Ministry" -> russ, defence,
    ministry."""
    stems: list[str] = []
    for word in sorted(content_words(claimant)):
        stems.append(_stem(word))
    return stems


def _stem(word: str) -> str:
    for suffix in _NAME_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
