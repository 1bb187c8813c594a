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


def test_a_site_or_section_label_before_the_sentence_is_stripped() -> None:
    said = "Minister Vey said the port would close."
    # A site name glued to its section, with a colon or a dash, any outlet.
    assert clean_text(f"Orla PressMiddle East:\u00a0{said}", []) == said
    assert clean_text(f"Sky NewsWorld \u2013 {said}", []) == said
    assert clean_text(f"KelvarWorld: {said}", []) == said
    # A section label alone, and the outlet's own name (then a section).
    assert clean_text(f"World News: {said}", []) == said
    assert clean_text(f"Middle East \u2014 {said}", []) == said
    assert clean_text(f"Harbour Daily - {said}", ["Harbour Daily"]) == said
    assert clean_text(f"Harbour DailyDiplomacy: {said}", ["Harbour Daily"]) == said


def test_names_and_datelines_before_a_colon_are_kept() -> None:
    # Camel-cased names are words, not a site glued to a section.
    for name in ("McDonald's", "YouTube", "MacArthur", "DeSantis", "Google DeepMind", "iPhone"):
        kept = f"{name}: The company said it would close."
        assert clean_text(kept, []) == kept
    # A region that is a country, a speaker, a word that only starts like the outlet,
    # and a dateline (the dateline code reads it) stay as written.
    for kept in (
        "South Africa: The government said it would close.",
        "President Vey: The port will close.",
        "Harbour Dailyness: The port will close.",
        "ANKARA \u2013 Turkey said it would close.",
    ):
        assert clean_text(kept, ["Harbour Daily"]) == kept


def test_a_stripped_label_is_recorded_as_an_edit_and_the_citation_quotes_the_source() -> None:
    corpus = _corpus("The port authority said ships waited.")
    source = "Orla PressMiddle East: The port closed."
    sentence = clean_summary(_summary(corpus, source), corpus).sentences[0]
    assert sentence.text == "The port closed."
    assert sentence.edited and sentence.original == source
    cited = corpus.sentence("erbil:1")
    assert cited is not None and sentence.citations[0].quote == cited.text


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
