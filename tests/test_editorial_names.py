"""People introduced: a body that names somebody by surname alone, before naming them at
all, gets the full name the cited article gives, as a recorded edit; places, titles,
names the body already gave and names inside quotation marks are left alone."""

from __future__ import annotations

from summarizer.api import build_corpus
from summarizer.editorial.names import introduce_people
from summarizer.models import ClusterSummary, Corpus, SummarySentence

ARTICLES = {
    "post": (
        "Former Varn mayor Ilse Tarrow attended the ceremony. "
        "Defence Minister Stefan Orlo said on Monday that troops would stay at the pass. "
        "Orlo said Ostrevia was ready for a joint investigation. "
        "Moscow-backed Syrian forces advanced, the ministry said."
    ),
    "wire": (
        "Opposition leader Irena Baskov called a general strike. "
        'Baskov called the detained men "Orlo\'s provocateurs". '
        "Syrian troops shelled the town, and Varn officials said the road was closed."
    ),
}


def corpus() -> Corpus:
    return build_corpus(
        {
            "id": "pass",
            "title": "At the pass",
            "articles": [
                {"id": i, "outlet": i.title(), "published": "2024-05-08", "text": text}
                for i, text in ARTICLES.items()
            ],
        }
    )


def sentence_of(data: Corpus, article: str, starts: str) -> SummarySentence:
    segmented = data.segmented(article)
    assert segmented is not None
    found = next(s for s in segmented.sentences if s.text.startswith(starts))
    return SummarySentence(text=found.text, citations=[data.cite(found.id)])


def body(data: Corpus, picks: list[tuple[str, str]]) -> ClusterSummary:
    return ClusterSummary(cluster_id="pass", sentences=[sentence_of(data, a, s) for a, s in picks])


def test_a_surname_alone_gets_the_full_name_its_article_gives_as_an_edit() -> None:
    data = corpus()
    summary = body(data, [("post", "Orlo said"), ("wire", "Baskov called the")])
    introduced = introduce_people(summary, data, room=10)
    first, second = introduced.sentences
    assert first.text.startswith("Defence Minister Stefan Orlo said Ostrevia")
    assert (
        first.edited and first.original == "Orlo said Ostrevia was ready for a joint investigation."
    )
    assert second.text.startswith("Irena Baskov called the detained men")
    # The name inside the quotation is the speaker's words: left as written.
    assert '"Orlo\'s provocateurs"' in second.text


def test_a_person_the_body_already_named_is_not_named_again() -> None:
    data = corpus()
    summary = body(data, [("post", "Defence Minister"), ("post", "Orlo said")])
    introduced = introduce_people(summary, data, room=10)
    assert introduced.sentences[1].text.startswith("Orlo said")
    assert not introduced.sentences[1].edited


def test_a_word_after_a_hyphenated_adjective_is_not_a_surname() -> None:
    # "Syrian" follows only "Moscow-backed" in the corpus: that is not a name.
    data = corpus()
    summary = body(data, [("wire", "Syrian troops")])
    introduced = introduce_people(summary, data, room=10)
    assert introduced.sentences[0].text == summary.sentences[0].text


def test_names_take_only_the_words_left_in_room() -> None:
    data = corpus()
    summary = body(data, [("post", "Orlo said"), ("wire", "Baskov called the")])
    introduced = introduce_people(summary, data, room=3)
    assert introduced.sentences[0].text.startswith("Defence Minister Stefan Orlo")
    # Orlo's three words used the room: Baskov's one more does not fit.
    assert introduced.sentences[1].text.startswith("Baskov called")


def test_a_possessive_names_the_person_for_later_sentences() -> None:
    data = corpus()
    first = SummarySentence(
        text="Irena Baskov's party called a strike.", citations=[data.cite("wire:1")]
    )
    summary = ClusterSummary(
        cluster_id="pass", sentences=[first, sentence_of(data, "wire", "Baskov called the")]
    )
    introduced = introduce_people(summary, data, room=10)
    assert introduced.sentences[1].text.startswith("Baskov called")
