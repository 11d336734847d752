"""`rencontre import` reads Excel's Windows-1252 CSV and refuses files past their limits, storing
nothing then, on SQLite and PostgreSQL; `match partners` has the same limits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner, Result

from rencontre.cli import app

RunCli = Callable[..., Result]

ORGANISATIONS = (
    "name;country;region;city\r\n"
    "Société Générale d'Équipements;FR;Hauts-de-France;Café-sur-Deûle\r\n"
    "Café Brûlé;BE;Wallonie;Liège\r\n"
)


def stored_organisations(rencontre: RunCli, directory: Path) -> list[list[str]]:
    result = rencontre("export", "--format", "json", "--output", str(directory))
    assert result.exit_code == 0, result.output
    items = json.loads((directory / "organisations.json").read_text(encoding="utf-8"))
    return sorted([item["name"], item["country"], item["region"], item["city"]] for item in items)


def test_a_windows_1252_csv_imports_with_its_accents(rencontre: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "organisations.csv"
    path.write_bytes(ORGANISATIONS.encode("cp1252"))
    result = rencontre("import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "Read as Windows-1252 (Excel's CSV on Windows), not being UTF-8: organisations.csv"
    )
    assert stored_organisations(rencontre, tmp_path / "out") == [
        ["Café Brûlé", "BE", "Wallonie", "Liège"],
        ["Société Générale d'Équipements", "FR", "Hauts-de-France", "Café-sur-Deûle"],
    ]


def test_a_file_neither_utf8_nor_windows_1252_stores_nothing(
    rencontre: RunCli, tmp_path: Path
) -> None:
    people = tmp_path / "organisations (first).csv"
    people.write_text("name,country\nAcme,FR\n", encoding="utf-8")
    bad = tmp_path / "organisations.csv"
    bad.write_bytes(ORGANISATIONS.encode("cp1252") + b"Caf\x8f;FR;;\r\n")
    result = rencontre("import", str(people), str(bad))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Import refused: organisations.csv, row 4: line 4 is neither UTF-8 nor Windows-1252 "
        "(byte 0x8f); save the file as UTF-8\n"
    )
    assert stored_organisations(rencontre, tmp_path / "out") == []


def test_files_past_the_limits_given_are_refused_and_store_nothing(
    rencontre: RunCli, tmp_path: Path
) -> None:
    path = tmp_path / "organisations.csv"
    path.write_text("name,country\nA,FR\nB,NL\nC,BE\n", encoding="utf-8")  # 28 bytes, 3 rows
    result = rencontre("import", "--max-rows", "2", str(path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Import refused: organisations.csv: more than 2 rows, the limit per file "
        "(raise it with --max-rows)\n"
    )
    result = rencontre("import", "--max-file-mb", "0.000027", str(path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Import refused: organisations.csv: 28 bytes, over the limit of 27 bytes per file "
        "(raise it with --max-file-mb)\n"
    )
    assert stored_organisations(rencontre, tmp_path / "out") == []
    result = rencontre("import", "--max-rows", "3", "--max-file-mb", "0.000028", str(path))
    assert result.exit_code == 0, result.output
    assert [row[0] for row in stored_organisations(rencontre, tmp_path / "out")] == ["A", "B", "C"]


runner = CliRunner()


def partners(tmp_path: Path, *limits: str) -> Result:
    orgs = tmp_path / "orgs.jsonl"
    records = [{"id": n, "country": "FR", "texts": [f"Fabricant {n}"]} for n in "abc"]
    orgs.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    args = ["match", "partners", "--organisations", str(orgs), "--encoder", "lexical"]
    return runner.invoke(app, [*args, "--output", str(tmp_path / "out.jsonl"), *limits])


def test_match_partners_refuses_an_organisations_file_past_its_limits(tmp_path: Path) -> None:
    orgs, out = tmp_path / "orgs.jsonl", tmp_path / "out.jsonl"
    result = partners(tmp_path, "--max-rows", "2")
    assert (result.exit_code, result.output) == (
        1,
        f"error: --organisations {orgs}:3: more than 2 rows, the limit per file "
        "(raise it with --max-rows)\n",
    )
    result = partners(tmp_path, "--max-file-mb", "0.0001")
    size = orgs.stat().st_size
    assert (result.exit_code, result.output) == (
        1,
        f"error: --organisations {orgs}: {size:,} bytes, over the limit of 100 bytes per file "
        "(raise it with --max-file-mb)\n",
    )
    assert not out.exists()
    result = partners(tmp_path, "--max-rows", "3")
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_limits_that_would_refuse_everything_are_usage_errors(tmp_path: Path) -> None:
    assert partners(tmp_path, "--max-rows", "0").exit_code == 2
    assert partners(tmp_path, "--max-file-mb", "0").exit_code == 2
    assert partners(tmp_path, "--max-file-mb", "nan").exit_code == 2
