"""Checking, repairing and merging one article's digest drafts."""

from __future__ import annotations

from ...models import ArticleDigest, Corpus, DigestDraft, SegmentedArticle, VerificationIssue
from ...verify import sentence_id_problem
from .cites import is_sentence_id, prose_cites_issue, real_cites, short_names, tidy_cites
from .run import Run
from .structured import Outcome


def digest_issues(
    draft: DigestDraft, segmented: SegmentedArticle, corpus: Corpus
) -> list[VerificationIssue]:
    """Items without a citation, cites written as words (one issue naming the valid
    ids), and citations of no sentence of this article. Ids in brackets or as bare
    numbers are tidied in place first, and ids under the article's short name (as the
    prompt shows them) turned back into the corpus's."""
    items = [*draft.claims, *draft.figures, *draft.loaded_terms]
    tidy_cites(items, segmented.article.id)
    names = short_names(corpus.articles)
    real_cites(items, names)
    labelled = _cited_items(draft)
    prose = prose_cites_issue(labelled, [segmented], names)
    issues: list[VerificationIssue] = [prose] if prose is not None else []
    for label, cites in labelled:
        if not cites:
            issues.append(
                VerificationIssue(code="uncited_sentence", message=f"{label} has no citation")
            )
        for sentence_id in filter(is_sentence_id, cites):
            problem = foreign_id_problem(sentence_id, segmented, corpus)
            if problem is not None:
                issues.append(
                    VerificationIssue(
                        code="unknown_citation",
                        message=f"{label} cites {sentence_id!r}, which {problem}",
                    )
                )
    return issues


def foreign_id_problem(sentence_id: str, segmented: SegmentedArticle, corpus: Corpus) -> str | None:
    problem = sentence_id_problem(sentence_id, corpus)
    if problem is not None:
        return problem
    article_id = segmented.article.id
    if sentence_id.rpartition(":")[0] != article_id:
        count = len(segmented.sentences)
        return f"is not in this article; cite {article_id}:1-{article_id}:{count} only"
    return None


def repaired_digest(
    outcome: Outcome[DigestDraft], segmented: SegmentedArticle, run: Run
) -> DigestDraft:
    """The digest with citations that do not resolve dropped, and items left uncited."""
    if not outcome.issues:
        return outcome.value
    article_id = segmented.article.id
    run.warn(
        f"the digest of {article_id} still had problems after every re-ask; dropped what "
        f"did not resolve: {'; '.join(issue.message for issue in outcome.issues[:5])}"
    )

    def valid(cites: list[str]) -> list[str]:
        return [c for c in cites if foreign_id_problem(c, segmented, run.corpus) is None]

    draft = outcome.value
    return DigestDraft(
        claims=[
            c.model_copy(update={"cites": valid(c.cites)}) for c in draft.claims if valid(c.cites)
        ],
        figures=[
            f.model_copy(update={"cites": valid(f.cites)}) for f in draft.figures if valid(f.cites)
        ],
        loaded_terms=[
            t.model_copy(update={"cites": valid(t.cites)})
            for t in draft.loaded_terms
            if valid(t.cites)
        ],
        embedded_instructions=draft.embedded_instructions,
    )


def merge_digest(digest: ArticleDigest, draft: DigestDraft, run: Run) -> None:
    """Add one part's items to the article's digest; report text addressed to a model
    that the article holds (a weak model writes its own words there too: "The article
    cites the article." is not the article's)."""
    digest.claims.extend(draft.claims)
    digest.figures.extend(draft.figures)
    digest.loaded_terms.extend(draft.loaded_terms)
    held = _article_text(run, digest.article_id)
    for text in draft.embedded_instructions:
        snippet = " ".join(text.split())
        if not snippet or _plain(snippet) not in held:
            continue
        run.warn(
            f"article {digest.article_id} contains text addressed to an AI model; it was "
            f"treated as page content and not followed: {snippet[:120]!r}"
        )


def _article_text(run: Run, article_id: str) -> str:
    segmented = run.corpus.segmented(article_id)
    sentences = segmented.sentences if segmented is not None else []
    return _plain(" ".join(sentence.text for sentence in sentences))


def _plain(text: str) -> str:
    """Lower case, one space between words, no quotation marks or closing punctuation
    around it: how a quote is looked up in its article."""
    return " ".join(text.lower().split()).strip(" \"'\u201c\u201d\u2018\u2019.!?")


def _cited_items(draft: DigestDraft) -> list[tuple[str, list[str]]]:
    items = [(f"claim {n}", c.cites) for n, c in enumerate(draft.claims, start=1)]
    items += [(f"figure {n}", f.cites) for n, f in enumerate(draft.figures, start=1)]
    items += [(f"loaded term {n}", t.cites) for n, t in enumerate(draft.loaded_terms, start=1)]
    return items
