"""Two spellings of one name, and suggestions for names that name nothing."""

from __future__ import annotations

from rencontre.exchange.names import closest, did_you_mean, same_name


def test_apostrophes_spaces_and_capitals_do_not_make_another_name() -> None:
    spellings = {"Volt’Hauts", "volt'hauts", "Volt'Hauts", "VOLT‘HAUTS", "Volt`Hauts"}
    assert {same_name(s) for s in spellings} == {"volt'hauts"}
    assert same_name("Borne  O\u00a0Recharge ") == same_name("borne o recharge")


def test_accents_make_another_name() -> None:
    assert same_name("Voltaique Charge") != same_name("Voltaïque Charge")


def test_the_closest_names_come_first_and_far_ones_not_at_all() -> None:
    known = ["Borne O Recharge", "Batterij Lab Eindhoven", "Bornes du Nord"]
    assert closest("Borne-O-Recharges", known) == ["Borne O Recharge"]
    assert closest("Voltaïque Charge", known) == []


def test_did_you_mean_names_one_or_several_with_labels() -> None:
    people = {"ines@voltaique.example": "Inès Dubois", "ines@voltaique.fr": ""}
    assert did_you_mean("ines@voltaique.exmple", people, people) == (
        " (did you mean 'ines@voltaique.example' (Inès Dubois) or 'ines@voltaique.fr'?)"
    )
    assert did_you_mean("Volt Hauts", ["Volt'Hauts"]) == ' (did you mean "Volt\'Hauts"?)'
    assert did_you_mean("Nothing alike", ["Volt'Hauts"]) == ""
