"""`rencontre init | import | export | demo` on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner, Result

from rencontre.cli import app
from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.core.mission import TableChange
from rencontre.demo import DEMO_MISSION_KEY
from rencontre.exchange import FileFormat, write_files
from rencontre.store.database import head_revision

runner = CliRunner()


def run(database_url: str, *args: str) -> Result:
    return runner.invoke(app, list(args), env={"RENCONTRE_DATABASE_URL": database_url})


def export(database_url: str, directory: Path, file_format: str = "csv") -> dict[str, bytes]:
    result = run(database_url, "export", "--format", file_format, "--output", str(directory))
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture
def fresh_database_url(database_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A second empty database on the same back end as `database_url`."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'second.db'}"
    return str(request.getfixturevalue("postgres_server").new_database())


@pytest.fixture
def sample_files(sample_dataset: Dataset, tmp_path: Path) -> list[Path]:
    return write_files(sample_dataset, tmp_path / "sample", FileFormat.CSV)


def test_init_creates_then_reports_up_to_date(fresh_database_url: str) -> None:
    first = run(fresh_database_url, "init")
    second = run(fresh_database_url, "init")
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert first.stdout.endswith(f"schema revision {head_revision()} (created)\n")
    assert second.stdout.endswith(f"schema revision {head_revision()} (already up to date)\n")


def test_init_masks_the_password(tmp_path: Path) -> None:
    url = "postgresql://app:s3cret@127.0.0.1:1/none"
    result = runner.invoke(app, ["init"], env={"RENCONTRE_DATABASE_URL": url})
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: cannot open the database postgresql+psycopg://app:***@127.0.0.1:1/none: "
    )
    assert "s3cret" not in result.output


def test_export_of_empty_database_writes_headers(database_url: str, tmp_path: Path) -> None:
    files = export(database_url, tmp_path / "out")
    assert sorted(files) == sorted(
        ["organisations.csv", "participants.csv", "opportunities.csv", "missions.json",
         "meeting_requests.csv", "meetings.csv", "outcomes.csv", "meeting_outcomes.csv"]
    )  # fmt: skip
    assert (
        files["participants.csv"] == b"email,full_name,organisation,role,languages,availability\r\n"
    )
    assert files["missions.json"] == b"[]\n"


def round_trip(
    file_format: str, first_url: str, second_url: str, sample_files: list[Path], tmp_path: Path
) -> tuple[dict[str, object], dict[str, object]]:
    """Import the sample, export it, import that into a fresh database, export again."""
    imported = run(first_url, "import", *map(str, reversed(sample_files)))
    assert imported.exit_code == 0, imported.output
    first: dict[str, object] = dict(export(first_url, tmp_path / "first", file_format))
    again = run(second_url, "import", *(str(tmp_path / "first" / n) for n in first))
    assert again.exit_code == 0, again.output
    second: dict[str, object] = dict(export(second_url, tmp_path / "second", file_format))
    if file_format == "xlsx":  # workbooks carry their save time: compare the cells
        return _cells(tmp_path / "first"), _cells(tmp_path / "second")
    return first, second


def test_round_trip_in_csv_gives_identical_files(
    database_url: str, fresh_database_url: str, sample_files: list[Path], tmp_path: Path
) -> None:
    first, second = round_trip("csv", database_url, fresh_database_url, sample_files, tmp_path)
    assert second == first


def test_round_trip_in_xlsx_gives_identical_cells(
    database_url: str, fresh_database_url: str, sample_files: list[Path], tmp_path: Path
) -> None:
    first, second = round_trip("xlsx", database_url, fresh_database_url, sample_files, tmp_path)
    assert second == first


@pytest.fixture
def operations_files(sample_dataset: Dataset, tmp_path: Path) -> list[Path]:
    """The sample with a merged and a cancelled request, sequences, a table change."""
    [mission] = sample_dataset.missions
    change = TableChange(datetime(2025, 6, 10, 9, 30, tzinfo=UTC), 8)
    mission = replace(
        mission,
        venues=(replace(mission.venues[0], table_changes=(change,)), *mission.venues[1:]),
        programme=(replace(mission.programme[0], sequence=2), *mission.programme[1:]),
    )
    first, second, third = sample_dataset.meeting_requests
    dataset = replace(
        sample_dataset,
        missions=(mission,),
        meeting_requests=(
            replace(first, reverse_message="Graag", origin="a → b (stored) + b → a (f.csv, row 3)"),
            replace(second, status=RequestStatus.CANCELLED),
            third,
        ),
        meetings=(replace(sample_dataset.meetings[0], sequence=4),),
    )
    return write_files(dataset, tmp_path / "operations", FileFormat.CSV)


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_round_trip_keeps_the_new_fields(
    file_format: str,
    database_url: str,
    fresh_database_url: str,
    operations_files: list[Path],
    tmp_path: Path,
) -> None:
    first, second = round_trip(
        file_format, database_url, fresh_database_url, operations_files, tmp_path
    )
    assert second == first
    missions = json.loads((tmp_path / "second" / "missions.json").read_text(encoding="utf-8"))
    assert missions[0]["venues"][0]["table_changes"] == [
        {"start": "2025-06-10T11:30:00+02:00", "tables": 8}
    ]
    assert missions[0]["programme"][0]["sequence"] == 2
    if file_format == "csv":
        requests = (tmp_path / "second" / "meeting_requests.csv").read_text(encoding="utf-8")
        meetings = (tmp_path / "second" / "meetings.csv").read_text(encoding="utf-8")
        assert requests.splitlines()[1].endswith(',Graag,"a → b (stored) + b → a (f.csv, row 3)"')
        assert requests.splitlines()[2].endswith(",cancelled,,,")
        assert meetings.splitlines()[1].endswith(",technopole,4,scheduled,4")


def test_round_trip_in_json_gives_identical_files(
    database_url: str, fresh_database_url: str, sample_files: list[Path], tmp_path: Path
) -> None:
    first, second = round_trip("json", database_url, fresh_database_url, sample_files, tmp_path)
    assert second == first


def _cells(directory: Path) -> dict[str, object]:
    cells: dict[str, object] = {}
    for path in sorted(directory.iterdir()):
        if path.suffix == ".xlsx":
            workbook = load_workbook(path, read_only=True)
            cells[path.name] = list(workbook.worksheets[0].iter_rows(values_only=True))
            workbook.close()
        else:
            cells[path.name] = path.read_bytes()
    return cells


def table_rows(output: str) -> list[str]:
    """The body rows of the table printed, cells separated by single spaces."""
    lines = [line.strip("│ ") for line in output.splitlines() if "│" in line]
    return [" ".join(line.replace("│", " ").split()) for line in lines]


def test_import_prints_counts(database_url: str, sample_files: list[Path]) -> None:
    result = run(database_url, "import", *map(str, sample_files))
    assert result.exit_code == 0
    assert table_rows(result.stdout) == [
        "organisations 3 0 0", "participants 3 0 0", "opportunities 2 0 0", "missions 1 0 0",
        "meeting requests 3 0 0", "meetings 1 0 0", "outcomes 1 0 0", "meeting outcomes 0 0 0",
    ]  # fmt: skip
    assert result.stdout.splitlines()[0].strip() == "Imported"


INES, JOOST = "ines@voltaique.example", "joost@batterijlab.example"


def test_import_of_a_reverse_request_says_which_pair_merged(
    database_url: str, sample_files: list[Path], tmp_path: Path
) -> None:
    assert run(database_url, "import", *map(str, sample_files)).exit_code == 0
    path = tmp_path / "meeting_requests.csv"
    path.write_bytes(
        "\ufeffmission;requester;requested;priority;message;status\r\n"
        f"hdf-nl-2025;{JOOST};{INES};3;Graag;accepted\r\n".encode()
    )
    result = run(database_url, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "meeting requests 0 1 0" in table_rows(result.stdout)
    assert result.stdout.splitlines()[-2:] == [
        "Merged 1 pair of mutual requests:",
        f"  Inès Dubois <{INES}> and Joost van Dijk <{JOOST}> (mission hdf-nl-2025): "
        f"{INES} → {JOOST} (stored) + {JOOST} → {INES} (meeting_requests.csv, row 2)",
    ]
    again = run(database_url, "import", str(path))
    assert again.exit_code == 1
    assert again.stderr == (
        "Import refused: meeting_requests.csv, row 2, field 'requested': hdf-nl-2025 → "
        f"{JOOST} → {INES} is already in the database, merged into the request {INES} → "
        f"{JOOST} (to change it, use rencontre import --update)\n"
    )


def test_import_update_prints_what_changed(
    database_url: str, sample_files: list[Path], tmp_path: Path
) -> None:
    assert run(database_url, "import", *map(str, sample_files)).exit_code == 0
    path = tmp_path / "participants.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["email", "full_name", "organisation", "languages"])
    sheet.append([INES, "Inès Dubois-Martin", "Voltaïque Charge", "fr|nl"])
    sheet.append([JOOST, "Joost van Dijk", "Batterij Lab Eindhoven", "nl|en|fr"])
    sheet.append(["piet@lab.example", "Piet", "Batterij Lab Eindhoven", "nl"])
    workbook.save(path)
    result = run(database_url, "import", "--update", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].strip() == "Imported with --update"
    assert table_rows(result.stdout)[:2] == ["organisations 0 0 0", "participants 1 1 1"]
    again = run(database_url, "import", "--update", str(path))
    assert table_rows(again.stdout)[1] == "participants 0 0 3"
    assert again.stdout.splitlines()[-1] == (
        "Nothing changed: every record is already stored as given."
    )
    plain = run(database_url, "import", str(path))
    assert plain.exit_code == 1
    assert plain.stderr.startswith(
        "Import refused: participants.xlsx, row 2, field 'email': 'ines@voltaique.example' is "
        "already in the database (to change it, use rencontre import --update) (and 2 more "
        "problems)\n"
    )


def test_import_update_with_a_bad_row_changes_nothing(
    database_url: str, sample_files: list[Path], tmp_path: Path
) -> None:
    assert run(database_url, "import", *map(str, sample_files)).exit_code == 0
    before = export(database_url, tmp_path / "before")
    path = tmp_path / "participants.csv"
    path.write_text(
        "email,full_name,organisation\n"
        f"{INES},Inès Dubois-Martin,Voltaïque Charge\n"
        f"{JOOST},,Batterij Lab Eindhoven\n",
        encoding="utf-8",
    )
    result = run(database_url, "import", "--update", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        "Import refused: participants.csv, row 3, field 'full_name': required value is missing\n"
    )
    assert export(database_url, tmp_path / "after") == before


def test_refused_import_changes_nothing(
    database_url: str, sample_files: list[Path], tmp_path: Path
) -> None:
    organisations = [p for p in sample_files if p.stem == "organisations"]
    assert run(database_url, "import", *map(str, organisations)).exit_code == 0
    before = export(database_url, tmp_path / "before")
    bad = tmp_path / "bad" / "participants.csv"
    bad.parent.mkdir()
    bad.write_text(
        "email,full_name,organisation\n"
        "new@lab.example,New,Wallonie Mobilité\n"
        "broken-address,Broken,Wallonie Mobilité\n",
        encoding="utf-8",
    )
    others = [p for p in sample_files if p.stem in {"opportunities"}]
    result = run(database_url, "import", *map(str, others), str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Import refused: participants.csv, row 3, field 'email': malformed e-mail address "
        "'broken-address'\n"
    )
    assert export(database_url, tmp_path / "after") == before


def test_import_of_a_missing_file_is_a_usage_error(database_url: str, tmp_path: Path) -> None:
    result = run(database_url, "import", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2


def test_export_with_unknown_format_is_a_usage_error(database_url: str, tmp_path: Path) -> None:
    result = run(database_url, "export", "--format", "ods", "--output", str(tmp_path))
    assert result.exit_code == 2


def test_demo_loads_once(database_url: str, tmp_path: Path) -> None:
    first = run(database_url, "demo")
    second = run(database_url, "demo")
    assert (first.exit_code, second.exit_code) == (0, 0), first.output
    assert first.stdout.startswith("Loaded the demo into ")
    assert second.stdout.startswith(f"The demo mission ({DEMO_MISSION_KEY}) is already loaded")
    files = export(database_url, tmp_path / "demo")
    rows = list(csv.DictReader(io.StringIO(files["organisations.csv"].decode("utf-8"))))
    in_three_languages = [
        row["name"]
        for row in rows
        if row["description_fr"] and row["description_nl"] and row["description_en"]
    ]
    assert len(rows) == 92
    assert len(in_three_languages) == 92


def test_demo_export_imports_into_a_fresh_database_identically(
    database_url: str, fresh_database_url: str, tmp_path: Path
) -> None:
    assert run(database_url, "demo").exit_code == 0
    first = export(database_url, tmp_path / "first")
    again = run(fresh_database_url, "import", *(str(tmp_path / "first" / n) for n in first))
    assert again.exit_code == 0, again.output
    assert export(fresh_database_url, tmp_path / "second") == first


def test_export_into_a_file_fails_on_one_line(database_url: str, tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("x", encoding="utf-8")
    result = run(database_url, "export", "--output", str(target))
    assert result.exit_code == 1
    expected = f"error: --output {target}: cannot write (it is not a directory)"
    assert result.output.strip() == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("bogus://x", "Can't load plugin"),
        ("not a url", "Could not parse"),
        ("mysql://u:secret@localhost/db", "no driver for this kind of database"),
    ],
)
@pytest.mark.parametrize("command", [("init",), ("demo",), ("export", "--output", "out")])
def test_a_database_url_that_cannot_work_is_one_line_without_password(
    url: str, reason: str, command: tuple[str, ...], tmp_path: Path
) -> None:
    result = run(url, *command[:2], *(str(tmp_path / c) for c in command[2:]))
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: cannot open the database ") and reason in line
    assert "secret" not in line


def test_excel_csv_export_imports_into_a_fresh_database_as_the_same_data(
    database_url: str, fresh_database_url: str, operations_files: list[Path], tmp_path: Path
) -> None:
    assert run(database_url, "import", *map(str, operations_files)).exit_code == 0
    result = run(
        database_url, "export", "--format", "csv", "--excel", "--output", str(tmp_path / "xl")
    )
    assert result.exit_code == 0, result.output
    excel = {p.name: p.read_bytes() for p in sorted((tmp_path / "xl").iterdir())}
    assert excel["participants.csv"].startswith(
        b"\xef\xbb\xbfemail;full_name;organisation;role;languages;availability\r\n"
    )
    assert "Voltaïque Charge;FR;company" in excel["organisations.csv"].decode("utf-8-sig")
    assert ";0,8125;" in excel["meeting_requests.csv"].decode("utf-8-sig")
    again = run(fresh_database_url, "import", *(str(tmp_path / "xl" / n) for n in excel))
    assert again.exit_code == 0, again.output
    assert export(fresh_database_url, tmp_path / "second") == export(
        database_url, tmp_path / "first"
    )
    result = run(
        fresh_database_url,
        "export",
        "--format",
        "csv",
        "--excel",
        "--output",
        str(tmp_path / "xl2"),
    )
    assert {p.name: p.read_bytes() for p in sorted((tmp_path / "xl2").iterdir())} == excel


def test_plain_csv_export_is_not_the_excel_one(database_url: str, tmp_path: Path) -> None:
    files = export(database_url, tmp_path / "plain")
    assert files["meetings.csv"].startswith(b"mission,requester,requested,start,end,venue,")


def test_excel_applies_to_csv_only(database_url: str, tmp_path: Path) -> None:
    result = run(
        database_url, "export", "--format", "xlsx", "--excel", "--output", str(tmp_path / "x")
    )
    assert result.exit_code == 2
    assert "--excel applies to --format csv only" in result.output
    assert not (tmp_path / "x").exists()


def test_import_says_what_it_read_leniently(
    database_url: str, sample_files: list[Path], tmp_path: Path
) -> None:
    stored = [p for p in sample_files if p.stem in {"organisations", "participants", "missions"}]
    assert run(database_url, "import", *map(str, stored)).exit_code == 0
    organisations = tmp_path / "Organisations 2026.csv"
    organisations.write_text("name,country\nVolt'Hauts,Belgique\n", encoding="utf-8")
    meetings = tmp_path / "meetings (final).csv"
    meetings.write_text(
        "mission,requester,requested,start,end,venue,table\n"
        f"hdf-nl-2025,{INES},{JOOST},2025-06-10 10:00,2025-06-10 10:30,technopole,4\n",
        encoding="utf-8",
    )
    result = run(database_url, "import", str(organisations), str(meetings))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2:] == [
        "2 times without a UTC offset were read in Europe/Paris",
        "Country names read as their codes: 'Belgique' → BE (1 cell)",
    ]
    [line] = [ln for ln in export(database_url, tmp_path / "out")["meetings.csv"].splitlines()[1:]]
    assert line.startswith(
        f"hdf-nl-2025,{INES},{JOOST},2025-06-10T10:00:00+02:00,2025-06-10T10:30:00+02:00,".encode()
    )


def test_import_of_a_workbook_names_the_sheet_of_a_problem(
    database_url: str, sample_files: list[Path], tmp_path: Path
) -> None:
    organisations = [p for p in sample_files if p.stem == "organisations"]
    assert run(database_url, "import", *map(str, organisations)).exit_code == 0
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Organisations"
    sheet.append(["name", "country"])
    sheet.append(["Laadpaal BV", "Nederland"])
    people = book.create_sheet("Participants")
    people.append(["email", "full_name", "organisation"])
    people.append(["piet@lab.example", "Piet", "Batterij Lab Eindhovn"])
    people.append(["els@laadpaal.example", "Els", "Laadpaal BV"])
    book.save(tmp_path / "mission.xlsx")
    result = run(database_url, "import", str(tmp_path / "mission.xlsx"))
    assert result.exit_code == 1
    assert result.stderr == (
        "Import refused: mission.xlsx [Participants], row 2, field 'organisation': unknown "
        "organisation 'Batterij Lab Eindhovn' (did you mean 'Batterij Lab Eindhoven'?)\n"
    )
    people["C2"] = "Batterij Lab Eindhoven"
    book.save(tmp_path / "mission.xlsx")
    result = run(database_url, "import", str(tmp_path / "mission.xlsx"))
    assert result.exit_code == 0, result.output
    assert table_rows(result.stdout)[:2] == ["organisations 1 0 0", "participants 2 0 0"]
    assert result.stdout.splitlines()[-1] == (
        "Country names read as their codes: 'Nederland' → NL (1 cell)"
    )


def test_the_documented_example_imports_and_exports_with_every_key(
    database_url: str, tmp_path: Path
) -> None:
    document = Path(__file__).parents[2] / "docs" / "data-formats.md"
    text = document.read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- example: (\S+) -->\n```\w*\n(.*?)```", text, flags=re.DOTALL)
    paths = []
    for name, body in blocks:
        paths.append(tmp_path / name)
        paths[-1].write_text(body, encoding="utf-8")
    result = run(database_url, "import", *map(str, paths))
    assert result.exit_code == 0, result.output
    assert table_rows(result.stdout)[:4] == [
        "organisations 2 0 0", "participants 2 0 0", "opportunities 0 0 0", "missions 1 0 0",
    ]  # fmt: skip
    [mission] = json.loads(export(database_url, tmp_path / "out", "json")["missions.json"])
    assert mission["programme"][1] == {
        "key": "demo", "title": "Concept vehicles on the tracks", "kind": "demo",
        "start": "2027-04-06T10:00:00+02:00", "end": "2027-04-06T11:00:00+02:00",
        "venue": "tracks", "audience": ["joost@laadpaal.example"], "description": "",
        "sequence": 1,
    }  # fmt: skip
    assert mission["venues"][1] == {
        "key": "tracks", "name": "University test tracks", "address": "", "city": "Famars",
        "tables": 0, "table_changes": [],
    }  # fmt: skip
