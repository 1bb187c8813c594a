"""The model-call cache, through the fake model server over real HTTP: a hit makes
no request; an answer that failed validation is never kept; the CLI's --no-cache;
a story that grows by one article costs one digest call plus the reduce."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from fake_openai import FakeOpenAI, Received, Reply, completion, fake_openai
from model_script import is_digest, scripted_model, story_articles

from summarizer.api import asummarize
from summarizer.cli import main
from summarizer.jobs import Worker, drain, story_request, summarize_with
from summarizer.models import ArticleInput, ClusterSummary
from summarizer.store import MemoryCache, StoreCache, open_store

__all__ = ["fake_openai"]  # the fixture, imported for pytest

CLUSTER = {"id": "flood", "articles": story_articles(3)}


def model(server: FakeOpenAI, **settings: Any) -> dict[str, Any]:
    return {"backend": "openai", "model": "fake-model", "base_url": server.base_url, **settings}


def run(server: FakeOpenAI, cache: Any, **settings: Any) -> ClusterSummary:
    return asyncio.run(asummarize(CLUSTER, cache=cache, **model(server, **settings)))


def body(summary: ClusterSummary) -> list[str]:
    return [sentence.text for sentence in summary.sentences]


def test_a_cache_hit_makes_no_model_call(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.add(*[scripted_model] * 4)
    with open_store(tmp_path / "store.db") as store:
        first = run(fake_openai, StoreCache(store), timeout=30)
        assert len(fake_openai.requests) == 4  # three digests and the reduce
        # Timeouts and retries are not part of the key.
        again = run(fake_openai, StoreCache(store), timeout=5, max_retries=0)
    assert len(fake_openai.requests) == 4
    assert body(again) == body(first) and again.sentences
    assert all(call.attempts == 0 for call in again.usage.calls)  # a hit: no attempt


def test_an_answer_that_failed_validation_is_never_cached(fake_openai: FakeOpenAI) -> None:
    def not_json(received: Received) -> Reply:
        return completion("this is not JSON")

    # The first digest's first answer is broken, and re-asked; the rest are good.
    fake_openai.add(not_json, *[scripted_model] * 4)
    cache = MemoryCache()
    summary = asyncio.run(asummarize(CLUSTER, cache=cache, concurrency=1, **model(fake_openai)))
    assert summary.sentences and len(fake_openai.requests) == 5
    assert len(cache.entries) == 4
    assert "this is not JSON" not in cache.entries.values()
    for completion_text in cache.entries.values():
        json.loads(completion_text)


def test_a_call_that_never_validates_is_asked_again_next_time(fake_openai: FakeOpenAI) -> None:
    broken = [True]

    def model_reply(received: Received) -> Reply:
        if is_digest(received) and broken[0]:
            return completion("not JSON")
        return scripted_model(received)

    cluster = {"id": "one", "articles": story_articles(1)}
    fake_openai.add(*[model_reply] * 10)
    cache = MemoryCache()
    asyncio.run(asummarize(cluster, cache=cache, max_reasks=1, **model(fake_openai)))
    digests_asked = sum(is_digest(received) for received in fake_openai.requests)
    assert digests_asked == 2  # the answer and one re-ask, both invalid
    assert "not JSON" not in cache.entries.values()
    broken[0] = False
    asyncio.run(asummarize(cluster, cache=cache, **model(fake_openai)))
    assert sum(is_digest(received) for received in fake_openai.requests) == 3


def test_a_cached_answer_that_no_longer_validates_is_not_served(fake_openai: FakeOpenAI) -> None:
    fake_openai.add(*[scripted_model] * 8)
    cache = MemoryCache()
    run(fake_openai, cache)
    for key in cache.entries:
        cache.entries[key] = '{"broken": true}'
    again = run(fake_openai, cache)
    assert len(fake_openai.requests) == 8 and again.sentences


def test_the_cli_caches_in_the_store_unless_told_not_to(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    cluster = tmp_path / "cluster.json"
    cluster.write_text(json.dumps(CLUSTER), encoding="utf-8")
    db = str(tmp_path / "cli.db")
    args = ["summarize", str(cluster), "--format", "json", "--db", db, "--backend", "openai"]
    args += ["--model", "fake-model", "--base-url", fake_openai.base_url]
    fake_openai.add(*[scripted_model] * 8)
    runner = CliRunner()
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    second = runner.invoke(main, args)
    assert second.exit_code == 0 and len(fake_openai.requests) == 4
    bypassed = runner.invoke(main, [*args, "--no-cache"])
    assert bypassed.exit_code == 0 and len(fake_openai.requests) == 8
    assert json.loads(second.stdout)["sentences"] == json.loads(first.stdout)["sentences"]


def test_one_more_article_costs_one_digest_and_the_reduce(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.add(*[scripted_model] * 20)
    articles = story_articles(6)
    with open_store(tmp_path / "store.db") as store:
        worker = Worker(store, summarize_with(store, backend_settings=model(fake_openai)))

        def summarise() -> None:
            story = store.story("flood")
            request = story_request(store, "flood", backend="openai")
            assert story is not None and request is not None
            store.create_job(request, story_id="flood", story_revision=story.revision)
            assert asyncio.run(drain(worker)) == 1

        for article in articles[:5]:
            store.put_article("flood", article["id"], ArticleInput.model_validate(article))
        summarise()
        assert len(fake_openai.requests) == 6  # five digests and the reduce
        store.put_article("flood", articles[5]["id"], ArticleInput.model_validate(articles[5]))
        summarise()
        added = fake_openai.requests[6:]
        assert [is_digest(received) for received in added] == [True, False]
        latest = store.latest_story_version("flood")
    assert latest is not None and latest.version == 2
    assert latest.changes.articles_added == ["outlet-6"]
