from __future__ import annotations

import pytest

from rencontre.matching.langid import LN_10, detect_language, word_log_frequencies


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nous cherchons un partenaire pour la recharge des véhicules électriques.", "fr"),
        ("Wij zoeken een partner voor het laden van elektrische voertuigen.", "nl"),
        ("We are looking for a partner for the charging of electric vehicles.", "en"),
        ("Il fait beau.", "fr"),
        ("Het is mooi weer.", "nl"),
        # Technical words looked English to trigrams fitted on everyday French and Dutch.
        ("Financement de projets", "fr"),
        ("Fabrication de bornes de recharge", "fr"),
        ("Installation de bornes", "fr"),
        ("Batterijrecycling", "nl"),
        ("Waterstoftankstations", "nl"),
        ("Battery recycling", "en"),
        # Single known words that trigrams alone called English: word frequencies decide.
        ("Assurances", "fr"),
        ("Windmolens", "nl"),
        ("Groothandel", "nl"),
    ],
)
def test_detect_language_on_short_texts(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_no_evidence_falls_back_to_default() -> None:
    assert detect_language("150 - 400 (2024)", default="nl") == "nl"


@pytest.mark.parametrize(
    "text",
    [
        "Hersteller von leichten Nutzfahrzeugen mit Elektroantrieb.",
        "Ladeinfrastruktur für Flotten",
        "Produttore di batterie per veicoli elettrici della regione",
    ],
)
def test_another_language_is_unknown_not_the_nearest_of_three(text: str) -> None:
    assert detect_language(text, default="") == ""


def test_a_dutch_name_with_der_stays_dutch() -> None:
    assert detect_language("Stichting van der Heijden en partners", default="") == "nl"


def test_word_frequencies_count_known_words_only() -> None:
    known = word_log_frequencies(["windmolens"])
    assert known["nl"] > known["en"] >= 0.0
    assert word_log_frequencies(["zzqxv"]) == {"fr": 0.0, "nl": 0.0, "en": 0.0}
    # Two known words add up: the text's log-likelihood under each language's word list.
    both = word_log_frequencies(["windmolens", "windmolens"])
    assert both["nl"] == pytest.approx(2 * known["nl"])
    assert known["nl"] / LN_10 < 9  # a Zipf frequency, log10 per billion words
