"""A peer in every comparison: sumy's LexRank and TextRank beside the offline default.

For every eval set (``../shared/evals``, ``evals/``, ``examples/`` by default, or the
folders given on the command line) this builds the corpus once with our own ingest and
segmenter, then scores four summaries with our scorer at the set's ``max_words``:

- ``offline``: the default backend, as ``summarizer eval`` runs it;
- ``lead``: the round-robin lead baseline of ``summarizer.evals.baselines``;
- ``lexrank`` and ``textrank``: sumy's summarizers, fed our segmenter's sentences.

Sumy is a bench-only dependency (``pip install sumy``; pin it under a ``bench`` extra).
Its own tokenizer needs NLTK data that cannot be fetched here, so it never tokenizes:
the document is an ``ObjectDocumentModel`` with one ``Paragraph`` per article, each
sentence one of ours, and words come from a small regex tokenizer below. Words are
stemmed with snowball (a bench dependency) and filtered with sumy's bundled
English stop list, as sumy's own examples do.

Cutting a peer to the budget: sentences in the peer's rank order, identical texts once,
each added when it still fits in ``max_words`` (one that does not fit is passed over and
the next tried), then put back in cluster order. Every chosen sentence cites itself, as
the lead baseline's do, so citation metrics are comparable.

    .venv/bin/python bench/bench_peers.py            # every set, tables + means
    .venv/bin/python bench/bench_peers.py evals/x    # some sets
    .venv/bin/python bench/bench_peers.py --json out.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

try:  # the public API module; it may be renamed during a refactor
    from summarizer.api import build_corpus, summarize  # type: ignore[import-not-found]
except ImportError:
    from summarizer.api import build_corpus, summarize

from summarizer.evals.baselines import lead_baseline  # noqa: E402
from summarizer.evals.dataset import discover, load_eval_set  # noqa: E402
from summarizer.evals.scorer import from_cluster_summary, make_scorer  # noqa: E402
from summarizer.models import ClusterSummary, Corpus, SummarySentence  # noqa: E402

DEFAULT_PATHS = (ROOT.parent / "shared" / "evals", ROOT / "evals", ROOT / "examples")
# The sets the issue calls "old": the shared real set and our first three fictional ones.
OLD_SETS = frozenset({"idlib-2020", "kelvar-pass-2021", "savra-dam-2023", "solvany-runoff-2024"})
SYSTEMS = ("offline", "lead", "lexrank", "textrank")
PEERS = ("lexrank", "textrank")
METRICS = ("core_fact_recall", "fact_recall", "loaded_terms_own_voice", "words")

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


class RegexTokenizer:
    """What sumy asks of a tokenizer, without NLTK: words of a text."""

    language = "english"

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(text))

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:  # unused: sentences are ours
        return (paragraph,)


def _words(text: str) -> int:
    return len(text.split())


def _peer_summarizers() -> dict[str, Any]:
    import snowballstemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    snowball = snowballstemmer.stemmer("english")

    def stem(word: str) -> str:
        return snowball.stemWord(word)

    stop_words = frozenset(get_stop_words("english"))
    peers: dict[str, Any] = {}
    for name, cls in (("lexrank", LexRankSummarizer), ("textrank", TextRankSummarizer)):
        summarizer = cls(stem)
        summarizer.stop_words = stop_words
        peers[name] = summarizer
    return peers


def _ratings(summarizer: Any, document: Any) -> dict[Any, float]:
    """Each sumy sentence's score: sumy's own ``rate_sentences`` where it has one, else
    the ratings its ``__call__`` passes to ``_get_best_sentences``."""
    rate = getattr(summarizer, "rate_sentences", None)
    if callable(rate):
        return dict(rate(document))
    captured: dict[Any, float] = {}
    original = summarizer._get_best_sentences

    def capture(sentences: Any, count: Any, rating: Any, *args: Any, **kwargs: Any) -> Any:
        captured.update(rating)
        return original(sentences, count, rating, *args, **kwargs)

    summarizer._get_best_sentences = capture
    try:
        summarizer(document, 1)
    finally:
        del summarizer._get_best_sentences
    return captured


def peer_summary(name: str, summarizer: Any, corpus: Corpus, max_words: int) -> ClusterSummary:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    tokenizer = RegexTokenizer()
    ours = []  # (cluster position, our sentence, sumy sentence)
    paragraphs = []
    for segmented in corpus.articles:
        sumy_sentences = []
        for sentence in segmented.sentences:
            sumy_sentence = SumySentence(sentence.text, tokenizer)
            sumy_sentences.append(sumy_sentence)
            ours.append((len(ours), sentence, sumy_sentence))
        if sumy_sentences:
            paragraphs.append(Paragraph(sumy_sentences))
    document = ObjectDocumentModel(paragraphs)
    ratings = _ratings(summarizer, document) if ours else {}
    ranked = sorted(ours, key=lambda item: (-ratings.get(item[2], 0.0), item[0]))
    chosen, seen, total = [], set(), 0
    for position, sentence, _ in ranked:
        key = sentence.text.strip()
        words = _words(sentence.text)
        if key in seen or total + words > max_words:
            continue
        seen.add(key)
        total += words
        chosen.append((position, sentence))
    chosen.sort(key=lambda item: item[0])
    return ClusterSummary(
        cluster_id=corpus.cluster_id,
        title=corpus.title,
        sentences=[
            SummarySentence(text=sentence.text, citations=[corpus.cite(sentence.id)])
            for _, sentence in chosen
        ],
        backend=f"sumy-{name}",
        settings={"max_words": max_words},
    )


def _group(cluster_id: str, folder: Path) -> str:
    """``old`` (the sets the issue's figures were taken on), ``example`` (under
    ``examples/``) or ``new`` (every other set, e.g. the ones written for issue 10)."""
    if cluster_id in OLD_SETS:
        return "old"
    if folder.resolve().parent.name == "examples":
        return "example"
    return "new"


def bench_set(folder: Path, peers: dict[str, Any]) -> dict[str, Any]:
    eval_set = load_eval_set(folder)
    budget = eval_set.labels.max_words
    corpus = build_corpus(folder)
    scorer = make_scorer(eval_set.labels, corpus)
    builders: dict[str, Callable[[], ClusterSummary]] = {
        "offline": lambda: summarize(corpus, max_words=budget),
        "lead": lambda: lead_baseline(corpus, budget),
    }
    for name, summarizer in peers.items():
        builders[name] = lambda name=name, summarizer=summarizer: peer_summary(
            name, summarizer, corpus, budget
        )
    row: dict[str, Any] = {
        "cluster": eval_set.id,
        "group": _group(eval_set.id, folder),
        "max_words": budget,
        "systems": {},
    }
    for name, build in builders.items():
        try:
            summary = build()
        except Exception as error:  # a bench: record and go on
            row["systems"][name] = {"error": f"{type(error).__name__}: {error}"}
            continue
        score = scorer(from_cluster_summary(summary))
        row["systems"][name] = {
            **{metric: score.metrics.get(metric) for metric in METRICS},
            "core_missed": score.missed_facts("core"),
        }
    offline = row["systems"].get("offline", {}).get("core_fact_recall")
    best = max(
        (row["systems"].get(p, {}).get("core_fact_recall") or 0.0 for p in PEERS), default=0.0
    )
    row["core_ratio_offline_best_peer"] = (
        None if offline is None or not best else round(offline / best, 3)
    )
    return row


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def print_table(row: dict[str, Any]) -> None:
    print(f"\n{row['cluster']} (max {row['max_words']} words)")
    print(f"  {'system':<9} " + " ".join(f"{m:>22}" for m in METRICS) + "  core missed")
    for name in SYSTEMS:
        values = row["systems"].get(name)
        if values is None:
            continue
        if "error" in values:
            print(f"  {name:<9} error: {values['error']}")
            continue
        cells = " ".join(f"{_fmt(values[m]):>22}" for m in METRICS)
        print(f"  {name:<9} {cells}  {' '.join(values['core_missed']) or '-'}")
    print(f"  core_fact_recall offline / best peer: {_fmt(row['core_ratio_offline_best_peer'])}")


def means(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    out: dict[str, dict[str, float | None]] = {}
    for name in SYSTEMS:
        out[name] = {}
        for metric in METRICS:
            values = [
                r["systems"][name][metric]
                for r in rows
                if name in r["systems"] and r["systems"][name].get(metric) is not None
            ]
            out[name][metric] = round(sum(values) / len(values), 3) if values else None
    ratios = [r["core_ratio_offline_best_peer"] for r in rows if r["core_ratio_offline_best_peer"]]
    out["ratio"] = {
        "core_offline_best_peer": round(sum(ratios) / len(ratios), 3) if ratios else None
    }
    return out


def print_means(label: str, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    table = means(rows)
    names = ", ".join(r["cluster"] for r in rows)
    print(f"\nmean over {label} ({len(rows)}: {names})")
    print(f"  {'system':<9} " + " ".join(f"{m:>22}" for m in METRICS))
    for name in SYSTEMS:
        print(f"  {name:<9} " + " ".join(f"{_fmt(table[name][m]):>22}" for m in METRICS))
    ratio = _fmt(table["ratio"]["core_offline_best_peer"])
    print(f"  mean per-set core ratio offline / best peer: {ratio}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="eval sets or their parents")
    parser.add_argument("--json", type=Path, help="write every row and the means here")
    args = parser.parse_args(argv)
    paths = args.paths or [p for p in DEFAULT_PATHS if p.is_dir()]
    try:
        peers = _peer_summarizers()
    except ImportError as error:
        print(f"sumy is needed for the peers (pip install sumy): {error}", file=sys.stderr)
        return 2
    rows = [bench_set(folder, peers) for folder in discover(paths)]
    for row in rows:
        print_table(row)
    old = [r for r in rows if r["group"] == "old"]
    new = [r for r in rows if r["group"] == "new"]
    examples = [r for r in rows if r["group"] == "example"]
    print_means("old sets", old)
    print_means("new sets", new)
    print_means("examples", examples)
    ratios = {r["cluster"]: r["core_ratio_offline_best_peer"] for r in rows}
    losing = [cluster for cluster, ratio in ratios.items() if ratio is not None and ratio <= 1.0]
    print(
        f"\nsets where offline does not beat the best peer on core: {', '.join(losing) or 'none'}"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {"rows": rows, "old": means(old), "new": means(new), "examples": means(examples)},
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
