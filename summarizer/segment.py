"""Split each article's content into numbered sentences with offsets into its file.

Sentence ``<article-id>:<n>`` is the n-th content sentence (from 1). For text and
Markdown ``raw_text[start:end] == text``; for HTML ``text`` is the visible text of
that slice. Sentences never cross a block (paragraph, headline) of ``content_blocks``.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

import pysbd

from .errors import InputError
from .extract import Block, content_blocks, visible_text, visible_view
from .models import Article, Cluster, Corpus, SegmentedArticle, Sentence
from .settings import RuntimeSettings
from .text import trim_span

MAX_SENTENCE_WORDS = 80
# Clusters of at least this many articles are segmented in worker processes (pysbd is
# pure Python and most of a big story's reading time); articles go to them in chunks
# of at most PARALLEL_CHUNK.
PARALLEL_MIN_ARTICLES = 200
PARALLEL_CHUNK = 32
# A long sentence is not cut so close to its start that a stub of a few words is left.
MIN_PIECE_WORDS = 8
# The languages pysbd has rules for; others are split with the English rules.
PYSBD_LANGUAGES = frozenset(
    re.findall(r"\w+", "en hi mr zh es am ar hy bg ur ru pl fa nl da fr my el it ja de kk sk")
)
# pysbd slows down more than linearly on long texts: longer paragraphs go to it in chunks
# cut after an obvious sentence end (else between words).
MAX_PYSBD_CHARS = 3000
_OBVIOUS_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WORD = re.compile(r"\S+")


def segment_cluster(
    cluster: Cluster,
    progress: Callable[[str, int, int], None] | None = None,
    *,
    workers: int | None = None,
) -> Corpus:
    """Every article segmented; ``progress("segment", done, total)`` after each.

    An article with no text left once its page furniture is removed is left out and
    named in ``Corpus.warnings``; InputError only when no article has text. ``workers``
    processes segment the articles (None: one per core for a big cluster, see
    ``segment_workers``); the result is the same whatever the number.
    """
    articles: list[SegmentedArticle] = []
    empty: list[InputError] = []
    total = len(cluster.articles)
    chosen = segment_workers(total) if workers is None else workers
    for done, result in enumerate(_segment_all(cluster.articles, chosen), 1):
        if isinstance(result, SegmentedArticle):
            articles.append(result)
        else:
            empty.append(InputError(*result))
        if progress is not None:
            progress("segment", done, total)
    if not articles and len(empty) == 1:
        raise empty[0]
    if not articles:
        names = ", ".join(error.source for error in empty)
        raise InputError(names, "no article has text left after removing page furniture")
    return Corpus(
        cluster_id=cluster.id,
        title=cluster.title,
        language=cluster.language,
        articles=articles,
        warnings=[f"left out {error.source}: {error.problem}" for error in empty],
    )


def segment_workers(articles: int) -> int:
    """Processes for a cluster of ``articles``: ``RuntimeSettings.segment_workers``
    (None: one per core this process may use), and one below PARALLEL_MIN_ARTICLES,
    where starting them costs more than it saves."""
    if articles < PARALLEL_MIN_ARTICLES or _FORK is None:
        return 1
    configured = RuntimeSettings().segment_workers
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, configured if configured is not None else cores or 1)


# Workers are forked, not spawned or forkserver'd: those import the caller's main script
# again in every worker, which breaks a script that calls the API without an
# ``if __name__ == "__main__"`` guard. Linux only (segment_workers).
_FORK = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None

# A segmented article, or why it has no text: (source, problem) of its InputError
# (an exception with its own __init__ does not cross a process boundary intact).
Segmented = SegmentedArticle | tuple[str, str]


def _segment_all(articles: list[Article], workers: int) -> Iterator[Segmented]:
    """The articles' results in their order, from ``workers`` processes when above 1
    (forked: where there is no fork, in this process)."""
    if workers <= 1 or _FORK is None:
        yield from map(_segment_or_error, articles)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_FORK) as pool:
        # Every worker is forked at the first submit (the pool forks them all at once).
        # Python warns of a fork in a process with other threads (a progress bar's); it
        # is safe here: Python holds the import lock across the fork, and the workers
        # only segment text, taking no lock another thread may hold.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", ".*multi-threaded.*fork", DeprecationWarning)
            results = pool.map(_segment_or_error, articles, chunksize=_chunk(articles, workers))
        yield from results


def _chunk(articles: list[Article], workers: int) -> int:
    return max(1, min(PARALLEL_CHUNK, len(articles) // (workers * 4)))


def _segment_or_error(article: Article) -> Segmented:
    try:
        return segment_article(article)
    except InputError as error:  # the article's page held nothing but furniture
        return (error.source, error.problem)


def segment_article(article: Article) -> SegmentedArticle:
    """The article's content sentences and the furniture left out."""
    blocks, furniture = content_blocks(article)
    language = article.language or "en"
    sentences: list[Sentence] = []
    for block in blocks:
        for start, end, text in _block_sentences(article, block, language):
            number = len(sentences) + 1
            sentences.append(
                Sentence(
                    id=f"{article.id}:{number}",
                    article_id=article.id,
                    index=number,
                    start=start,
                    end=end,
                    text=text,
                )
            )
    if not sentences:
        raise InputError(
            article.path or f"article {article.id}",
            "no article text left after removing page furniture",
        )
    return SegmentedArticle(article=article, sentences=sentences, furniture=furniture)


def _block_sentences(article: Article, block: Block, language: str) -> list[tuple[int, int, str]]:
    raw = article.raw_text
    if article.content_type != "html":
        return [
            (block.start + start, block.start + end, raw[block.start + start : block.start + end])
            for start, end in split_sentences(
                raw[block.start : block.end], language, join_lines=True
            )
        ]
    view = visible_view(raw[block.start : block.end])
    sentences = []
    for start, end in split_sentences(view.text, language):
        raw_start, raw_end = block.start + view.starts[start], block.start + view.ends[end - 1]
        sentences.append((raw_start, raw_end, visible_text(raw[raw_start:raw_end])))
    return sentences


def split_sentences(
    text: str, language: str = "en", *, join_lines: bool = False
) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: in order, stripped of surrounding whitespace, none
    longer than about ``MAX_SENTENCE_WORDS`` words.

    No sentence crosses a line break, or with ``join_lines`` (for a hard-wrapped
    paragraph) a blank line.

    Together the spans hold every non-space character of ``text``.
    """
    spans: list[tuple[int, int]] = []
    for paragraph_start, paragraph_end in _paragraphs(text, join_lines):
        for chunk_start, chunk_end in _chunks(text, paragraph_start, paragraph_end):
            for start, end in _pysbd_spans(text, chunk_start, chunk_end, language):
                spans.extend(_cap_length(text, start, end))
    return spans


def _paragraphs(text: str, join_lines: bool) -> list[tuple[int, int]]:
    paragraphs = []
    position = 0
    breaks = (_PARAGRAPH_BREAK if join_lines else _LINE_BREAK).finditer(text)
    for match in [*breaks, None]:
        end = match.start() if match else len(text)
        start, end = trim_span(text, position, end)
        if start < end:
            paragraphs.append((start, end))
        position = match.end() if match else len(text)
    return paragraphs


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most MAX_PYSBD_CHARS, cut at sentence ends."""
    chunks = []
    while end - start > MAX_PYSBD_CHARS:
        limit = start + MAX_PYSBD_CHARS
        cut = max((match.end() for match in _OBVIOUS_END.finditer(text, start, limit)), default=0)
        if cut <= start:
            cut = text.rfind(" ", start, limit) + 1 or limit
        chunks.append(trim_span(text, start, cut))
        start = trim_span(text, cut, end)[0]
    chunks.append((start, end))
    return chunks


# A pysbd.Segmenter keeps state between calls and is not thread-safe: each thread
# keeps its own (threaded segmentation through one shared segmenter split differently).
_local = threading.local()


def _segmenter(language: str) -> pysbd.Segmenter:
    code = language.lower().split("-")[0]
    code = code if code in PYSBD_LANGUAGES else "en"
    segmenters: dict[str, pysbd.Segmenter] = _local.__dict__.setdefault("segmenters", {})
    if code not in segmenters:
        segmenters[code] = pysbd.Segmenter(language=code, clean=False)
    return segmenters[code]


def _pysbd_spans(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    """pysbd's sentences of ``text[start:end]`` as spans.

    pysbd's own char spans are unreliable, so each segment is looked up in the text
    in order; its start is a sentence boundary. Text pysbd dropped or changed stays
    inside the neighbouring sentence, so nothing is lost.
    """
    # pysbd ends a sentence at every line break; inside a paragraph they are soft wraps.
    paragraph = text[start:end].replace("\r", " ").replace("\n", " ")
    boundaries = [0]
    cursor = 0
    segmenter = _segmenter(language)
    # The processor's sentences, without ``Segmenter.segment``'s own span lookup: that
    # compiles a regular expression per sentence (most of pysbd's time); the find below
    # does the same job.
    segments = segmenter.processor(paragraph).process() if paragraph.strip() else []
    for segment in segments:
        key = segment.strip()[:40]
        position = paragraph.find(key, cursor) if key else -1
        if position < 0:
            continue
        if position > boundaries[-1]:
            boundaries.append(position)
        cursor = position + len(key)
    boundaries.append(len(paragraph))
    spans: list[tuple[int, int]] = []
    for left, right in itertools.pairwise(boundaries):
        span_start, span_end = trim_span(text, start + left, start + right)
        if span_start == span_end:
            continue
        if spans and not any(char.isalnum() for char in text[span_start:span_end]):
            spans[-1] = (spans[-1][0], span_end)  # a stray closing quote or bracket
            continue
        spans.append((span_start, span_end))
    return spans


def _cap_length(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence of more than MAX_SENTENCE_WORDS words: at a line break, else at
    '; ', ': ' or ', ', else between words."""
    pieces: list[tuple[int, int]] = []
    words = [(match.start(), match.end()) for match in _WORD.finditer(text, start, end)]
    while len(words) > MAX_SENTENCE_WORDS:
        cut = _best_cut(text, words)
        pieces.append((words[0][0], words[cut - 1][1]))
        words = words[cut:]
    if words:
        pieces.append((words[0][0], words[-1][1]))
    return pieces


def _cut_rank(text: str, words: list[tuple[int, int]], index: int) -> int:
    """How good a cut after word ``index`` is: 4 line break, 3 ';', 2 ':', 1 ',', 0 none."""
    word_end, next_start = words[index][1], words[index + 1][0]
    if "\n" in text[word_end:next_start]:
        return 4
    return {";": 3, ":": 2, ",": 1}.get(text[word_end - 1], 0)


def _best_cut(text: str, words: list[tuple[int, int]]) -> int:
    """How many words the first piece takes: the last best-ranked cut in the window."""
    best_count, best_rank = MAX_SENTENCE_WORDS, -1
    for index in range(MIN_PIECE_WORDS - 1, MAX_SENTENCE_WORDS):
        rank = _cut_rank(text, words, index)
        if rank > 0 and rank >= best_rank:
            best_count, best_rank = index + 1, rank
    return best_count
