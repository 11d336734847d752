"""`rencontre import` refuses a workbook that hides an XML bomb, in one line, storing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.exchange.hostile_workbooks import BILLION_LAUGHS, EXTERNAL_ENTITY, hostile_workbook
from typer.testing import CliRunner, Result

from rencontre.cli import app
from rencontre.core.dataset import Dataset
from rencontre.exchange import FileFormat, write_files

runner = CliRunner()


def run(database_url: str, *args: str) -> Result:
    return runner.invoke(app, list(args), env={"RENCONTRE_DATABASE_URL": database_url})


def export(database_url: str, directory: Path) -> dict[str, bytes]:
    result = run(database_url, "export", "--format", "json", "--output", str(directory))
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.parametrize("doctype", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["bomb", "external"])
def test_import_refuses_a_workbook_declaring_entities_and_stores_nothing(
    doctype: str, database_url: str, sample_dataset: Dataset, tmp_path: Path
) -> None:
    files = write_files(sample_dataset, tmp_path / "sample", FileFormat.CSV)
    organisations = [p for p in files if p.stem == "organisations"]
    assert run(database_url, "import", *map(str, organisations)).exit_code == 0
    before = export(database_url, tmp_path / "before")
    bomb = hostile_workbook(tmp_path / "participants.xlsx", doctype)
    opportunities = [p for p in files if p.stem == "opportunities"]
    result = run(database_url, "import", *map(str, opportunities), str(bomb))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Import refused: participants.xlsx: not read: its XML declares entities, as XML bombs "
        "do (save it again from a spreadsheet program)\n"
    )
    assert export(database_url, tmp_path / "after") == before
