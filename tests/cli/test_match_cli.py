from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rencontre.cli import app

runner = CliRunner()

ORGS = [
    {
        "id": "fr-charge",
        "name": "ChargeFR",
        "country": "FR",
        "texts": ["Jeune entreprise de bornes de recharge rapide"],
        "needs": ["réseau de distribution aux Pays-Bas"],
        "partners": ["fr-lab"],
    },
    {"id": "fr-lab", "country": "FR", "texts": ["Laboratoire universitaire, pistes d'essai"]},
    {
        "id": 42,
        "country": "NL",
        "kind": "PRC",
        "texts": ["Groothandel in laadpalen"],
        "offers": ["réseau de distribution aux Pays-Bas"],
        "unknown": True,
    },
    {"id": "nl-2", "country": "NL", "texts": ["Fabrikant van snelladers"], "languages": ["nl"]},
]


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_retrieve_writes_one_line_per_query_with_1_based_numbers(tmp_path: Path) -> None:
    (tmp_path / "q.txt").write_text("Le chat dort.\nIl pleut à Lille.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text(
        "Het regent in Rijsel.\nDe kat slaapt.\nDe kat slaapt.\n", encoding="utf-8"
    )
    out = tmp_path / "out.tsv"
    args = ["match", "retrieve", "--queries", str(tmp_path / "q.txt")]
    args += ["--candidates", str(tmp_path / "c.txt"), "--top", "2", "--output", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row[0] for row in rows] == ["1", "2"]
    assert sorted(rows[0][1:]) == ["2", "3"]  # identical candidates are interchangeable
    assert rows[1][1] == "1"


def partners(tmp_path: Path, *extra: str) -> tuple[int, list[dict[str, object]], str]:
    orgs = write_jsonl(tmp_path / "orgs.jsonl", ORGS)  # type: ignore[arg-type]
    out = tmp_path / "out.jsonl"
    args = ["match", "partners", "--organisations", str(orgs), "--output", str(out)]
    result = runner.invoke(app, [*args, "--encoder", "lexical", *extra])
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    return result.exit_code, [json.loads(line) for line in lines], result.output


def test_partners_contract_never_itself_nor_known_partner(tmp_path: Path) -> None:
    code, records, output = partners(tmp_path, "--top", "3")
    assert code == 0, output
    assert [r["id"] for r in records] == ["fr-charge", "fr-lab", 42, "nl-2"]
    first = {item["id"] for item in records[0]["recommendations"]}  # type: ignore[union-attr]
    assert first == {42, "nl-2"}
    for record in records:
        for item in record["recommendations"]:  # type: ignore[union-attr]
            assert item["id"] != record["id"]
            assert isinstance(item["score"], float)
            assert len(item["reasons"]) >= 1
    assert records[0]["recommendations"][0]["id"] == 42  # type: ignore[index]


def test_partners_cross_border_and_dutch_reasons(tmp_path: Path) -> None:
    code, records, output = partners(tmp_path, "--top", "5", "--cross-border", "--lang", "nl")
    assert code == 0, output
    nl_side = records[2]["recommendations"]
    assert {item["id"] for item in nl_side} == {"fr-charge", "fr-lab"}  # type: ignore[union-attr]
    best = records[0]["recommendations"][0]  # type: ignore[index]
    assert best["reasons"][0] == (
        "Biedt „réseau de distribution aux Pays-Bas”, wat past bij uw behoefte "
        "„réseau de distribution aux Pays-Bas”"
    )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"id": "x", "texts": "not a list"}, "orgs.jsonl:5: field 'texts': expected a list"),
        ({"texts": []}, "orgs.jsonl:5: field 'id': missing"),
    ],
)
def test_partners_bad_input_fails_on_one_line_and_writes_nothing(
    tmp_path: Path, bad: dict[str, object], message: str
) -> None:
    orgs = write_jsonl(tmp_path / "orgs.jsonl", [*ORGS, bad])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["match", "partners", "--organisations", str(orgs), "--output", str(out)]
    )
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_partners_unsupported_language_is_refused(tmp_path: Path) -> None:
    code, records, output = partners(tmp_path, "--lang", "de")
    assert code == 1 and records == []
    assert "--lang: unsupported language 'de'" in output
