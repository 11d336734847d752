from __future__ import annotations

import pytest

from rencontre.matching.langid import detect_language


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
    ],
)
def test_detect_language_on_short_texts(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_no_evidence_falls_back_to_default() -> None:
    assert detect_language("150 - 400 (2024)", default="nl") == "nl"
