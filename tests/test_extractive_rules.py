"""Which sentences the offline backend may select: a claim is selected only as somebody's,
so a sentence that hides whose claim it tells is never selected, and one that names the
claimant (by name, by role, or as the sentence's subject) is not rejected for it."""

from __future__ import annotations

import pytest

from summarizer.backends.extractive.rules import rejection_reason


@pytest.mark.parametrize(
    "text",
    [
        # the claim's author named by role, in a possessive
        "Holt rejected the president's claim that the protests were paid for from abroad.",
        "The union dismissed the company's figures as a fiction invented for the shareholders.",
        # a named subject, and the pronoun that speaks later in the sentence is that person
        "Lind found that 45,000 crowns had been proven to be bribes; for the rest, she said, "
        "the prosecution had not ruled out real work.",
        # a verb of attack on a thing, not on anybody's account
        "Ostrevian troops attacked an observation post near the pass at dawn on Saturday.",
        # a party's stance with a speech verb: attributed
        "Voss said the main witness had attacked the credibility of the bank's records.",
    ],
)
def test_a_sentence_that_names_whose_claim_it_is_may_be_selected(text: str) -> None:
    assert rejection_reason(text, "en") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # what is denied names nobody; the name comes in a clause joined after it
        (
            "Prosecutors reject any political motive, and the Justice Ministry has said the "
            "courts are independent.",
            "denial without the claim's author",
        ),
        (
            "Moscow rejects the claim outright and calls it an invention.",
            "denial without the claim's author",
        ),
        ("The talks failed, he said, and would not resume this year.", "speaker not named"),
        (
            "In her closing speech, his lawyer, Anna Voss, attacked the credibility of the "
            "prosecution's main witness.",
            "a party's stance without a speech verb",
        ),
    ],
)
def test_a_sentence_that_hides_whose_claim_it_is_is_never_selected(text: str, reason: str) -> None:
    assert rejection_reason(text, "en") == reason


@pytest.mark.parametrize(
    ("sentence", "names", "expected"),
    [
        (
            "The \u201cdisgraced\u201d former mayor was jailed.",
            {"The"},
            "According to Tribune, the \u201cdisgraced\u201d former mayor was jailed.",
        ),
        ("The Hague court ruled.", {"The"}, "According to Tribune, The Hague court ruled."),
        ("Police said so.", set(), "According to Tribune, police said so."),
        ("Koss said so.", {"Koss"}, "According to Tribune, Koss said so."),
    ],
)
def test_an_added_attribution_lowers_the_first_word_unless_it_starts_a_name(
    sentence: str, names: set[str], expected: str
) -> None:
    from summarizer.backends.extractive.neutralise import attribute

    assert attribute(sentence, "Tribune", names) == expected


@pytest.mark.parametrize(
    "text",
    [
        'Ankara not seeking "face-off" with Russia over the Idlib offensive: Defence Min.',
        "Troops to stay in the northern valley until spring, says Lt. Gen.",
    ],
)
def test_a_line_that_ends_in_a_titles_abbreviation_is_a_headline_not_a_sentence(
    text: str,
) -> None:
    assert rejection_reason(text, "en") == "ends in a title's abbreviation"


def test_a_sentence_that_ends_in_another_abbreviation_may_be_selected() -> None:
    text = "The port authority signed a ten-year lease with Dorsa Shipping Co."
    assert rejection_reason(text, "en") is None
