"""A big story on the model path (fake server over real HTTP): above --max-articles one
article per group of copies is digested, the counts are named, copies are cited
through the article read, and the same input gives the same summary."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from big_clusters import OWN, wire_cluster
from fake_openai import FakeOpenAI, Received, Reply, completion, fake_openai

from summarizer.api import build_corpus, finalize
from summarizer.backends.llm import OpenAIBackend
from summarizer.backends.llm.budget import prompt_tokens_by_stage, reduce_answer_tokens
from summarizer.models import (
    ClusterSummary,
    Corpus,
    DigestDraft,
    DraftClaim,
    DraftSentence,
    SummaryDraft,
    SummaryOptions,
)
from summarizer.settings import ModelSettings

__all__ = ["fake_openai"]  # the fixture, imported for pytest

USAGE = {"prompt_tokens": 100, "completion_tokens": 20}


def answer(received: Received) -> Reply:
    """A valid answer to whatever was asked: a digest citing the first sentences shown,
    or a summary of one sentence per article shown, citing its first sentence."""
    content = received.messages[-1]["content"]
    ids = re.findall(r"\[([\w-]+:\d+)\]", content)
    if "embedded_instructions" in received.messages[0]["content"]:
        claims = [
            DraftClaim(text=f"claim {i}", asserted_by="the outlet", cites=[i]) for i in ids[:2]
        ]
        return completion(
            DigestDraft(claims=claims, figures=[], loaded_terms=[], embedded_instructions=[]),
            usage=USAGE,
        )
    firsts = list(dict.fromkeys(i for i in ids if i.endswith(":1")))
    sentences = [
        DraftSentence(
            text=f"The report {i} says the port strike went on.", cites=[i], attributed_to=None
        )
        for i in firsts[:3]
    ]
    draft = SummaryDraft(
        headline="Port strike", sentences=sentences, agreed=[], disputes=[], framing=[]
    )
    return completion(draft, usage=USAGE)


def run(fake: FakeOpenAI, corpus: Corpus, **settings: Any) -> ClusterSummary:
    fake.add(*[answer] * 200)
    backend = OpenAIBackend(
        model="test-model", base_url=fake.base_url, api_key="k", max_retries=0, **settings
    )
    options = SummaryOptions(max_words=120, concurrency=2)
    drafted = asyncio.run(backend.summarize(corpus, options))
    return finalize(drafted, corpus, options, backend, 0.0)


def digest_calls(fake: FakeOpenAI) -> int:
    return sum("embedded_instructions" in r.messages[0]["content"] for r in fake.requests)


def test_a_cluster_above_the_cap_digests_one_article_per_group_up_to_it(
    fake_openai: FakeOpenAI,
) -> None:
    corpus = wire_cluster(copies=3, independent=6)  # 9 articles, 3 of them one report
    summary = run(fake_openai, corpus, max_articles=4)
    assert digest_calls(fake_openai) == 4
    read = summary.settings["articles_read"]
    assert read == {"articles": 9, "read": 4, "grouped": 0, "left_out": 5}
    assert any("4 of 9 articles were read" in w and "5 left out" in w for w in summary.warnings)
    assert {s.article.id for s in corpus.articles} == {a.id for a in summary.sources}
    outlets = {c.outlet for s in summary.sentences for c in s.citations}
    assert len(outlets) == len({c.article_id for s in summary.sentences for c in s.citations})


def test_copies_of_an_article_read_are_grouped_and_cited_through_it(
    fake_openai: FakeOpenAI,
) -> None:
    corpus = wire_cluster(copies=3, independent=3)
    copy = corpus.articles[0].model_copy(
        update={"article": corpus.articles[0].article.model_copy(update={"id": "copy-99"})}
    )
    sentences = [
        s.model_copy(update={"id": s.id.replace("copy-00", "copy-99"), "article_id": "copy-99"})
        for s in copy.sentences
    ]
    copy = copy.model_copy(update={"sentences": sentences})
    corpus = corpus.model_copy(update={"articles": [*corpus.articles, copy]})
    summary = run(fake_openai, corpus, max_articles=6)
    assert digest_calls(fake_openai) == 6
    assert summary.settings["articles_read"]["grouped"] == 1
    cited = {c.sentence_id for s in summary.sentences for c in s.citations}
    assert "copy-00:1" in cited and "copy-99:1" in cited  # the copy, through the one read
    assert not [w for w in summary.warnings if "citation" in w]


def test_below_the_cap_every_article_is_read(fake_openai: FakeOpenAI) -> None:
    corpus = wire_cluster(copies=2, independent=2)
    summary = run(fake_openai, corpus)
    assert digest_calls(fake_openai) == 4
    assert summary.settings["articles_read"]["read"] == 4
    assert not [w for w in summary.warnings if "big story" in w]


def test_the_same_big_cluster_gives_the_same_summary(fake_openai: FakeOpenAI) -> None:
    corpus = wire_cluster(copies=3, independent=6)
    first = run(fake_openai, corpus, max_articles=4)
    second = run(fake_openai, corpus, max_articles=4)
    assert first.model_dump(exclude={"usage"}) == second.model_dump(exclude={"usage"})


def test_digests_that_do_not_fit_one_reduce_are_reduced_in_steps(
    fake_openai: FakeOpenAI,
) -> None:
    corpus = wire_cluster(copies=1, independent=12)
    # A window that holds the reduce prompt of three articles, never of all thirteen.
    three = corpus.model_copy(update={"articles": corpus.articles[:3]})
    settings = ModelSettings(model="test-model", context_window=100_000)
    reduce_three = prompt_tokens_by_stage(three, settings, SummaryOptions(max_words=120))
    window = reduce_three["reduce"] + reduce_answer_tokens(120) + 10
    summary = run(fake_openai, corpus, context_window=window)
    reduces = [r for r in fake_openai.requests if "embedded_instructions" not in r.text()]
    # Two groups or more; then the groups' summaries together, or joined when those do not
    # fit one prompt either (which of the two depends on how small the prompts are).
    assert len(reduces) >= 2
    assert any("summarised in" in w and "groups" in w for w in summary.warnings)
    assert summary.sentences
    for sentence in summary.sentences:
        for citation in sentence.citations:
            article = corpus.article(citation.article_id)
            assert article is not None
            assert article.raw_text[citation.start : citation.end] == citation.quote


def test_a_large_folder_is_read_and_segmented_with_progress(tmp_path: Path) -> None:
    for number in range(30):
        text = f"Report {number}: {OWN[number % len(OWN)]} {OWN[(number + 1) % len(OWN)]}\n"
        (tmp_path / f"article-{number:02d}.txt").write_text(text, encoding="utf-8")
    seen: list[tuple[str, int, int]] = []
    corpus = build_corpus(tmp_path, lambda stage, done, total: seen.append((stage, done, total)))
    assert len(corpus.articles) == 30
    assert [item for item in seen if item[0] == "read"] == [("read", n, 30) for n in range(1, 31)]
    assert seen[-1] == ("segment", 30, 30)
