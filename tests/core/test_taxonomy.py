"""The value-chain taxonomy shipped in the package, and the validation of taxonomy files."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from rencontre.core.enums import Language
from rencontre.core.errors import InvalidInput
from rencontre.core.taxonomy import load_taxonomy, parse_taxonomy, validate_taxonomy
from rencontre.core.validation import check_nace

LABELS = {"fr": "Cellules", "nl": "Cellen", "en": "Cells"}


def tiny() -> dict[str, Any]:
    """A valid two-segment document that each test breaks in one place."""
    return {
        "version": 1,
        "groups": [{"code": "battery", "labels": dict(LABELS)}],
        "segments": [
            {
                "code": "BAT-CELL",
                "group": "battery",
                "labels": dict(LABELS),
                "nace": ["27.20"],
                "supplies": ["BAT-PACK"],
            },
            {
                "code": "BAT-PACK",
                "group": "battery",
                "labels": {"fr": "Packs", "nl": "Packs", "en": "Packs"},
                "nace": ["27.20"],
                "supplies": [],
            },
        ],
    }


def test_taxonomy_loads_69_segments_in_15_groups() -> None:
    taxonomy = load_taxonomy()
    assert len(taxonomy.codes) == 69
    assert len(taxonomy.groups) == 15
    assert taxonomy.codes[:3] == ("RAW-LI", "RAW-NI", "RAW-CO")


def test_taxonomy_load_is_cached() -> None:
    assert load_taxonomy() is load_taxonomy()


def test_taxonomy_every_segment_has_three_labels_and_valid_nace() -> None:
    taxonomy = load_taxonomy()
    for code in taxonomy.codes:
        segment = taxonomy.segment(code)
        assert [bool(segment.label(language)) for language in Language] == [True] * 3, code
        assert segment.nace_codes, code
        assert [check_nace(n) for n in segment.nace_codes] == list(segment.nace_codes)


def test_taxonomy_every_relation_target_exists() -> None:
    taxonomy = load_taxonomy()
    targets = {t for code in taxonomy.codes for t in taxonomy.supplies(code)}
    assert sorted(t for t in targets if not taxonomy.is_known(t)) == []
    assert validate_taxonomy(_shipped_document()) == []


def test_taxonomy_labels_in_each_language() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.label("BAT-CELL", Language.FR) == "Fabrication de cellules"
    assert taxonomy.label("BAT-CELL", "nl") == "Celproductie"
    assert taxonomy.label("CHG-DC", "en") == "DC fast charging hardware"
    assert taxonomy.group("charging").label("nl") == "Laden"


def test_taxonomy_supply_relation_both_ways() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.supplies("BAT-CAM") == frozenset({"BAT-CELL"})
    assert taxonomy.supplies("BAT-CELL") == frozenset({"BAT-PACK"})
    assert taxonomy.customers_of("CHG-AC") == frozenset({"CHG-INST", "CHG-CPO"})
    assert taxonomy.suppliers_of("CHG-CPO") == frozenset(
        {
            "CHG-AC",
            "CHG-DC",
            "CHG-WLS",
            "CHG-SMART",
            "CHG-INST",
            "ENR-V2G",
            "ENR-STOR",
            "ENR-GRID",
            "SW-CHG",
            "FIN-INV",
        }
    )
    assert taxonomy.suppliers_of("RAW-LI") == frozenset({"BAT-REC"})
    assert taxonomy.are_linked("VEH-CAR", "BAT-PACK") is True
    assert taxonomy.are_linked("CMP-TYRE", "BAT-CELL") is False


def test_taxonomy_nace_codes_of_key_segments() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.segment("BAT-CELL").nace_codes == ("27.20",)
    assert taxonomy.segment("VEH-CAR").nace_codes == ("29.10",)
    assert taxonomy.segment("BAT-REC").nace_codes == ("38.32", "38.22")
    assert taxonomy.segment("RES-LAB").nace_codes == ("72.19",)
    assert taxonomy.segment("TST-LAB").nace_codes == ("71.20",)


def test_taxonomy_allows_the_recycling_cycle() -> None:
    taxonomy = load_taxonomy()
    # cathode -> cell -> pack -> second life -> recycling -> cathode: the circular economy.
    chain = ["BAT-CAM", "BAT-CELL", "BAT-PACK", "ENR-STOR"]
    assert [b in taxonomy.supplies(a) for a, b in zip(chain, chain[1:], strict=False)] == [True] * 3
    assert "BAT-CAM" in taxonomy.supplies("BAT-REC")
    assert "BAT-REC" in taxonomy.supplies("BAT-2ND")


def test_taxonomy_unknown_code() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.is_known("BAT-XXX") is False
    with pytest.raises(KeyError, match="unknown value-chain segment 'BAT-XXX'"):
        taxonomy.segment("BAT-XXX")
    with pytest.raises(KeyError, match="unknown value-chain group 'nope'"):
        taxonomy.in_group("nope")


def test_taxonomy_in_group_lists_codes_in_file_order() -> None:
    assert load_taxonomy().in_group("charging") == (
        "CHG-AC",
        "CHG-DC",
        "CHG-WLS",
        "CHG-SMART",
        "CHG-INST",
        "CHG-CPO",
        "CHG-EMSP",
    )


def test_validate_tiny_document_is_clean() -> None:
    assert validate_taxonomy(tiny()) == []
    taxonomy = parse_taxonomy(tiny())
    assert taxonomy.suppliers_of("BAT-PACK") == frozenset({"BAT-CELL"})


def test_validate_unknown_relation_target() -> None:
    raw = tiny()
    raw["segments"][0]["supplies"] = ["BAT-PACK", "VEH-CAR"]
    assert validate_taxonomy(raw) == ["segment 'BAT-CELL': supplies unknown segment 'VEH-CAR'"]


def test_validate_self_supply() -> None:
    raw = tiny()
    raw["segments"][1]["supplies"] = ["BAT-PACK"]
    assert validate_taxonomy(raw) == ["segment 'BAT-PACK': supplies itself"]


def test_validate_missing_label() -> None:
    raw = tiny()
    del raw["segments"][0]["labels"]["nl"]
    raw["segments"][1]["labels"]["en"] = "  "
    assert validate_taxonomy(raw) == [
        "segment 'BAT-CELL': missing label in 'nl'",
        "segment 'BAT-PACK': missing label in 'en'",
    ]


def test_validate_malformed_nace() -> None:
    raw = tiny()
    raw["segments"][0]["nace"] = ["27,20"]
    raw["segments"][1]["nace"] = []
    assert validate_taxonomy(raw) == [
        "segment 'BAT-CELL': malformed NACE Rev.2 code '27,20'",
        "segment 'BAT-PACK': no NACE code",
    ]


def test_validate_duplicate_and_malformed_codes() -> None:
    raw = tiny()
    raw["segments"].append(copy.deepcopy(raw["segments"][0]))
    raw["segments"].append({"code": "bat cell"})
    assert validate_taxonomy(raw) == [
        "segments[2]: duplicate code 'BAT-CELL'",
        "segments[3]: malformed code 'bat cell'",
    ]


def test_validate_unknown_group() -> None:
    raw = tiny()
    raw["segments"][1]["group"] = "batteries"
    assert validate_taxonomy(raw) == ["segment 'BAT-PACK': unknown group 'batteries'"]


def test_validate_structure() -> None:
    assert validate_taxonomy([]) == ["the taxonomy must be a JSON object"]
    assert validate_taxonomy({"groups": [], "segments": {}}) == ["'segments' must be a list"]
    raw = tiny()
    raw["groups"].append({"code": "battery", "labels": {"fr": "x"}})
    assert validate_taxonomy(raw) == [
        "groups[1]: duplicate code 'battery'",
        "group 'battery': missing label in 'nl'",
        "group 'battery': missing label in 'en'",
    ]


def test_parse_refuses_with_every_problem_located() -> None:
    raw = tiny()
    raw["segments"][0]["supplies"] = ["NOPE"]
    raw["segments"][1]["nace"] = ["2720"]
    with pytest.raises(InvalidInput) as caught:
        parse_taxonomy(raw, source="custom.json")
    assert [str(p) for p in caught.value.problems] == [
        "custom.json: segment 'BAT-CELL': supplies unknown segment 'NOPE'",
        "custom.json: segment 'BAT-PACK': malformed NACE Rev.2 code '2720'",
    ]


def _shipped_document() -> Any:
    text = resources.files("rencontre.core").joinpath("data", "taxonomy.json").read_text("utf-8")
    return json.loads(text)
