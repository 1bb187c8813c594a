"""A stand-in model for the fake OpenAI server: digests the first sentence of each
article; summarises with one clean, verbatim sentence per article, so every citation
comes from the request. Shared by the cache tests and bench/bench_jobs.py."""

from __future__ import annotations

import re

from fake_openai import Received, Reply, completion

from summarizer.models import DigestDraft, DraftClaim, DraftSentence, SummaryDraft
from summarizer.styleguide import default_style_guide
from summarizer.text import word_count

_LINE = re.compile(r"^\[([\w.-]+:\d+)\] (.+)$", re.MULTILINE)
USAGE = {"prompt_tokens": 100, "completion_tokens": 10}


def shown_sentences(received: Received) -> dict[str, str]:
    """Sentence id -> text, as the request showed them to the model."""
    return dict(_LINE.findall(received.text()))


def is_digest(received: Received) -> bool:
    return "You extract what one news article reports" in received.messages[0]["content"]


def digest_reply(received: Received) -> Reply:
    shown = shown_sentences(received)
    first = next(iter(shown))
    claim = DraftClaim(text=shown[first], asserted_by="the outlet", cites=[first])
    draft = DigestDraft(claims=[claim], figures=[], loaded_terms=[], embedded_instructions=[])
    return completion(draft, usage=USAGE)


def reduce_reply(received: Received) -> Reply:
    guide = default_style_guide()
    chosen: dict[str, DraftSentence] = {}
    for sentence_id, text in shown_sentences(received).items():
        article = sentence_id.split(":")[0]
        usable = 5 <= word_count(text) <= 45 and not guide.own_voice(text)
        if article not in chosen and usable:
            chosen[article] = DraftSentence(text=text, cites=[sentence_id], attributed_to=None)
    draft = SummaryDraft(
        headline="A summary", sentences=list(chosen.values()), agreed=[], disputes=[], framing=[]
    )
    return completion(draft, usage=USAGE)


def scripted_model(received: Received) -> Reply:
    return digest_reply(received) if is_digest(received) else reduce_reply(received)


def story_articles(count: int) -> list[dict[str, str]]:
    """``count`` fictional articles about one flood, each from its own outlet."""
    return [
        {
            "id": f"outlet-{n}",
            "outlet": f"Outlet {n}",
            "text": f"The river Anvel rose by {n + 1} metres overnight, Outlet {n} reported. "
            f"Officials in district {n} said {10 * (n + 1)} homes were evacuated on Sunday.",
        }
        for n in range(1, count + 1)
    ]
