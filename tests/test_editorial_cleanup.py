"""Cleanup: scrape debris out of the wording, file ids never in prose, edits recorded."""

from __future__ import annotations

from summarizer.api import build_corpus
from summarizer.editorial.cleanup import clean_summary, clean_text
from summarizer.models import AgreedPoint, ClusterSummary, Corpus, SummarySentence


def test_escaped_quotes_glued_labels_and_whitespace() -> None:
    assert clean_text('Ankara not seeking \\"face-off\\" with Russia', []) == (
        'Ankara not seeking "face-off" with Russia'
    )
    assert clean_text("Orla NewsWorld: Minister  Vey said it.", []) == "Minister Vey said it."
    assert clean_text("Harbour Daily Business: The port closed.", ["Harbour Daily"]) == (
        "The port closed."
    )
    kept = "President Vey: a statement."  # no outlet, nothing glued: a sentence, kept
    assert (
        clean_text("Minister Vey said: It will close.", []) == "Minister Vey said: It will close."
    )
    assert clean_text(kept, ["Harbour Daily"]) == kept


def _corpus(first_line: str) -> Corpus:
    text = f"{first_line} The port closed on Monday after the strike began."
    return build_corpus({"id": "c", "articles": [{"id": "erbil", "text": text}]})


def _summary(corpus: Corpus, text: str) -> ClusterSummary:
    cite = [corpus.cite("erbil:1")]
    return ClusterSummary(
        cluster_id="c",
        sentences=[SummarySentence(text=text, citations=cite)],
        agreed=[AgreedPoint(text='The port \\"closed\\".', citations=cite)],
    )


def test_a_file_id_in_prose_becomes_what_the_page_says() -> None:
    corpus = _corpus("ERBIL, Kurdistan Region \u2013 The port authority said ships waited.")
    cleaned = clean_summary(_summary(corpus, "According to the article erbil, it shut."), corpus)
    sentence = cleaned.sentences[0]
    assert sentence.text == "According to a report from Erbil, it shut."
    assert sentence.edited and sentence.original == "According to the article erbil, it shut."
    assert cleaned.agreed[0].text == 'The port "closed".'

    sited = _corpus("TEHRAN (Orla News) \u2013 The port authority said ships waited.")
    assert (
        clean_summary(_summary(sited, "The article erbil says so."), sited).sentences[0].text
        == "Orla News says so."
    )

    bare = _corpus("The port authority said ships waited.")
    assert (
        clean_summary(_summary(bare, "According to the article erbil, it shut."), bare)
        .sentences[0]
        .text
        == "According to one outlet, it shut."
    )


def test_a_clean_sentence_is_not_marked_edited() -> None:
    corpus = _corpus("The port authority said ships waited.")
    sentence = clean_summary(_summary(corpus, "The port closed."), corpus).sentences[0]
    assert not sentence.edited and sentence.original is None
