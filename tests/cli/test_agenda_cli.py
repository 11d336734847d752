"""`rencontre agenda --format ics` across schedule changes, on SQLite and PostgreSQL.

Calendars that imported one export must be updated, not duplicated, by the next: a meeting
keeps its UID when it moves, its SEQUENCE grows only when it changes, and a dropped meeting
comes back as cancelled.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from tests.cli.agenda_samples import (
    CLAIRE,
    JEROEN,
    MISSION_TITLE,
    import_language_mission,
)
from typer.testing import Result

from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import Meeting, pair_key
from rencontre.exchange import FileFormat, write_files
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope
from rencontre.store.models import (
    MissionParticipantRow,
    MissionRow,
    ParticipantRow,
    ProgrammeItemRow,
)

RunCli = Callable[..., Result]

INES = "ines@voltaique.example"
JOOST = "joost@batterijlab.example"
ANNE = "anne@wallonie.example"
DEMO_DESCRIPTION = "Concept vehicles on the university test tracks; bring closed shoes."
ADDRESS = "Technopole Transalley, Rue X, Valenciennes"


@pytest.fixture
def scheduled(rencontre: RunCli, sample_dataset: Dataset, tmp_path: Path) -> str:
    """The sample mission with all three pairs accepted, imported and scheduled; its key."""
    (mission,) = sample_dataset.missions
    programme = tuple(
        replace(item, description=DEMO_DESCRIPTION) if item.key == "demo" else item
        for item in mission.programme
    )
    dataset = replace(
        sample_dataset,
        missions=(replace(mission, programme=programme),),
        meeting_requests=tuple(
            replace(r, status=RequestStatus.ACCEPTED) for r in sample_dataset.meeting_requests
        ),
        meetings=(),
        outcomes=(),
    )
    files = write_files(dataset, tmp_path / "in", FileFormat.CSV)
    imported = rencontre("import", *map(str, files))
    assert imported.exit_code == 0, imported.output
    result = rencontre("schedule", "--time-limit", "20", "--workers", "1")
    assert result.exit_code == 0, result.output
    return mission.key


@contextmanager
def session_on(database_url: str) -> Iterator[Session]:
    """One committed transaction on the test database, outside the command."""
    engine = open_database(Settings(database_url=database_url))
    try:
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()


def stored_meetings(database_url: str, mission: str) -> dict[frozenset[str], Meeting]:
    with session_on(database_url) as session:
        return {m.pair: m for m in repo.meetings(session, mission)}


def export_all(rencontre: RunCli, database_url: str, directory: Path) -> dict[str, bytes]:
    """`rencontre agenda --all --format ics`: e-mail -> the bytes of that person's file."""
    result = rencontre("agenda", "--all", "--format", "ics", "--output", str(directory))
    assert result.exit_code == 0, result.output
    with session_on(database_url) as session:
        emails = repo.participant_ids(session)
    files = {path.name: path.read_bytes() for path in directory.iterdir()}
    by_email = {email: files.pop(f"{email}.ics") for email in emails}
    assert sorted(files) == ["index.csv"]
    return by_email


def events(ics: bytes) -> dict[str, dict[str, str]]:
    """UID -> the event's properties as text; fails on a UID given twice in the file."""
    found = Calendar.from_ical(ics).walk("VEVENT")
    uids = Counter(str(event["uid"]) for event in found)
    assert [uid for uid, count in uids.items() if count > 1] == []
    return {
        str(event["uid"]): {str(name): str(value) for name, value in event.property_items()}
        for event in found
    }


def sequences(files: dict[str, bytes]) -> dict[tuple[str, str], tuple[str, str]]:
    """(person, UID) -> (SEQUENCE, STATUS) over every file."""
    return {
        (email, uid): (event["SEQUENCE"], event["STATUS"])
        for email, ics in files.items()
        for uid, event in events(ics).items()
    }


def move_and_drop(database_url: str, mission: str) -> tuple[Meeting, Meeting, Meeting]:
    """Move Inès–Joost to a free slot at table 1, drop Joost–Anne, keep Anne–Inès as it is.

    Returns the three meetings as stored before the change: (moved, dropped, kept).
    """
    before = stored_meetings(database_url, mission)
    moved = before[pair_key(INES, JOOST)]
    dropped = before[pair_key(JOOST, ANNE)]
    kept = before[pair_key(ANNE, INES)]
    with session_on(database_url) as session:
        slots = repo.get_mission(session, mission).slots()
        free = next(s for s in slots if s.start not in (moved.start, kept.start))
        new_place = replace(moved, start=free.start, end=free.end, table=1)
        repo.replace_meetings(session, mission, [new_place, kept])
    return moved, dropped, kept


def test_agendas_update_calendars_after_a_meeting_moves_and_another_is_dropped(
    rencontre: RunCli, database_url: str, scheduled: str, tmp_path: Path
) -> None:
    first = export_all(rencontre, database_url, tmp_path / "first")
    moved, dropped, kept = move_and_drop(database_url, scheduled)
    second = export_all(rencontre, database_url, tmp_path / "second")

    ines_before, ines_after = events(first[INES]), events(second[INES])
    assert sorted(ines_after) == sorted(ines_before)
    assert ines_after[moved.uid]["SEQUENCE"] == str(moved.sequence + 1)
    assert ines_after[moved.uid]["DTSTART"] != ines_before[moved.uid]["DTSTART"]
    assert ines_after[moved.uid]["LOCATION"] == f"{ADDRESS}, table 1"
    assert ines_after[kept.uid]["SEQUENCE"] == ines_before[kept.uid]["SEQUENCE"]
    assert ines_after[kept.uid]["LOCATION"] == f"{ADDRESS}, table {kept.table}"
    # Both people of a meeting have it under one UID.
    assert events(second[JOOST])[moved.uid]["SEQUENCE"] == str(moved.sequence + 1)

    for person in (JOOST, ANNE):
        before, after = events(first[person]), events(second[person])
        assert sorted(after) == sorted(before)
        assert before[dropped.uid]["STATUS"] == "CONFIRMED"
        assert after[dropped.uid]["STATUS"] == "CANCELLED"
        assert int(after[dropped.uid]["SEQUENCE"]) > int(before[dropped.uid]["SEQUENCE"])

    demo = next(e for e in ines_after.values() if e["SUMMARY"] == "Concept car demo")
    assert demo["DESCRIPTION"] == DEMO_DESCRIPTION
    assert demo["LOCATION"] == "University test tracks, Famars"

    # Exporting again without a change keeps every UID, SEQUENCE and STATUS.
    third = export_all(rencontre, database_url, tmp_path / "third")
    assert sequences(third) == sequences(second)


def test_agenda_shows_a_programme_item_sequence_raised_in_the_store(
    rencontre: RunCli, database_url: str, scheduled: str, tmp_path: Path
) -> None:
    first = events(export_all(rencontre, database_url, tmp_path / "first")[JOOST])
    with session_on(database_url) as session:
        mission_id = session.scalar(select(MissionRow.id).where(MissionRow.key == scheduled))
        session.execute(
            update(ProgrammeItemRow)
            .where(ProgrammeItemRow.mission_id == mission_id, ProgrammeItemRow.key == "demo")
            .values(sequence=4)
        )
    second = events(export_all(rencontre, database_url, tmp_path / "second")[JOOST])
    demo_before = next(e for e in first.values() if e["SUMMARY"] == "Concept car demo")
    demo_after = second[demo_before["UID"]]
    assert (demo_before["SEQUENCE"], demo_after["SEQUENCE"]) == ("0", "4")
    welcome = next(uid for uid, e in second.items() if e["SUMMARY"] == "Welcome")
    assert first[welcome]["SEQUENCE"] == second[welcome]["SEQUENCE"] == "0"


def test_agenda_all_writes_the_cancellations_of_someone_left_without_meetings(
    rencontre: RunCli, database_url: str, scheduled: str, tmp_path: Path
) -> None:
    before = stored_meetings(database_url, scheduled)
    with session_on(database_url) as session:
        repo.replace_meetings(session, scheduled, [before[pair_key(INES, JOOST)]])
    anne = events(export_all(rencontre, database_url, tmp_path / "ics")[ANNE])
    cancelled = {before[pair_key(JOOST, ANNE)].uid, before[pair_key(ANNE, INES)].uid}
    assert {uid for uid, e in anne.items() if e["STATUS"] == "CANCELLED"} == cancelled
    assert sorted(e["SUMMARY"] for e in anne.values() if e["STATUS"] == "CONFIRMED") == ["Welcome"]

    csv_rows = rencontre("agenda", ANNE, "--format", "csv")
    assert csv_rows.exit_code == 0, csv_rows.output
    assert [row.split(",")[9] for row in csv_rows.output.splitlines()] == [
        "status",
        "scheduled",
        "cancelled",
        "cancelled",
    ]
    # Anne declares no language: the mission's first, French, is hers.
    text = rencontre("agenda", ANNE)
    assert text.exit_code == 0, text.output
    assert sum(line.endswith("  (annulé)") for line in text.output.splitlines()) == 2
    english = rencontre("agenda", ANNE, "--lang", "en")
    assert sum(line.endswith("  (cancelled)") for line in english.output.splitlines()) == 2


def test_agenda_all_still_writes_someone_no_longer_in_the_mission(
    rencontre: RunCli, database_url: str, scheduled: str, tmp_path: Path
) -> None:
    before = stored_meetings(database_url, scheduled)
    with session_on(database_url) as session:
        repo.replace_meetings(session, scheduled, [before[pair_key(INES, JOOST)]])
        anne_id = session.scalar(select(ParticipantRow.id).where(ParticipantRow.email == ANNE))
        session.execute(
            delete(MissionParticipantRow).where(MissionParticipantRow.participant_id == anne_id)
        )
    files = export_all(rencontre, database_url, tmp_path / "ics")
    assert sorted(files) == sorted((INES, JOOST, ANNE))
    anne = events(files[ANNE])
    # Her meetings, both off; none of the programme, which is no longer hers.
    assert {uid: e["STATUS"] for uid, e in anne.items()} == {
        before[pair_key(JOOST, ANNE)].uid: "CANCELLED",
        before[pair_key(ANNE, INES)].uid: "CANCELLED",
    }
    # Her former partners' files still name her on the cancelled meetings.
    joost = events(files[JOOST])[before[pair_key(JOOST, ANNE)].uid]
    # In Joost's language, Dutch; Anne speaks her (Belgian) country's languages.
    assert joost["DESCRIPTION"] == (
        f"Anne Peeters - Wallonie Mobilité <{ANNE}>\nTalen: Frans en Nederlands"
    )
    assert joost["SUMMARY"] == "Geannuleerd: B2B-gesprek: Anne Peeters (Wallonie Mobilité)"
    assert joost["STATUS"] == "CANCELLED"
    text = rencontre("agenda", ANNE)
    assert text.exit_code == 0, text.output
    assert text.output.splitlines()[-1] == "  (rien de prévu)"


# Each person's language, files by e-mail, printable agendas ---------------------------------


@pytest.fixture
def languages(rencontre: RunCli, sample_dataset: Dataset, tmp_path: Path) -> None:
    """The sample mission with a French-only and a Dutch-only participant (agenda_samples)."""
    import_language_mission(rencontre, sample_dataset, tmp_path / "in")


def found_in(text: str, *words: str) -> list[str]:
    """Which of `words` occur in `text` as whole words, whatever their case and line breaks."""
    patterns = {w: r"\s+".join(map(re.escape, w.split())) for w in words}
    return [w for w, p in patterns.items() if re.search(rf"(?<!\w){p}(?!\w)", text, re.I)]


ENGLISH = ("Agenda of", "Local time", "Time", "What", "Where", "With", "Language", "Languages",
           "Tuesday", "June", "Cancelled", "Interpreter", "B2B meeting", "French", "Dutch",
           "nothing scheduled")  # fmt: skip
FRENCH = ("Heure", "Programme", "Lieu", "Avec", "Langue", "Langues", "Mardi", "juin",
          "Annulé", "Interprète", "Rendez-vous", "table", "français", "néerlandais",
          "rien de prévu")  # fmt: skip


def test_agenda_text_is_in_each_person_language(rencontre: RunCli, languages: None) -> None:
    claire = rencontre("agenda", CLAIRE)
    assert claire.exit_code == 0, claire.output
    assert claire.output.splitlines() == [
        f"Agenda : Claire Vasseur (Voltaïque Charge) <{CLAIRE}>",
        MISSION_TITLE,
        "Heure locale : Paris",
        "",
        "Mardi 10 juin 2025",
        "  09:00–10:00  Welcome  [Technopole Transalley]",
        "  10:00–10:30  Rendez-vous B2B : Jeroen de Vries (Batterij Lab Eindhoven)  "
        "[Technopole Transalley, table 1]  Interprète nécessaire",
        "  10:30–11:00  Rendez-vous B2B : Inès Dubois (Voltaïque Charge)  "
        "[Technopole Transalley, table 2]  Langue : français",
    ]
    assert found_in(claire.output, *ENGLISH) == []

    jeroen = rencontre("agenda", JEROEN)
    assert jeroen.exit_code == 0, jeroen.output
    lines = jeroen.output.splitlines()
    assert lines[0] == f"Agenda van Jeroen de Vries (Batterij Lab Eindhoven) <{JEROEN}>"
    assert lines[4] == "Dinsdag 10 juni 2025"
    assert lines[6:] == [
        "  10:00–10:30  B2B-gesprek: Claire Vasseur (Voltaïque Charge)  "
        "[Technopole Transalley, tafel 1]  Tolk nodig",
        "  11:00–11:30  B2B-gesprek: Joost van Dijk (Batterij Lab Eindhoven)  "
        "[Technopole Transalley, tafel 3]  Taal: Nederlands",
        "  11:30–12:00  B2B-gesprek: Anne Peeters (Wallonie Mobilité)  "
        "[Technopole Transalley, tafel 1]  Taal: Nederlands  (geannuleerd)",
    ]
    assert found_in(jeroen.output, *FRENCH) == []
    assert found_in(jeroen.output, *ENGLISH) == []


def test_agenda_lang_overrides_the_person_language(rencontre: RunCli, languages: None) -> None:
    result = rencontre("agenda", JEROEN, "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (lines[0], lines[2], lines[4]) == (
        f"Agenda of Jeroen de Vries (Batterij Lab Eindhoven) <{JEROEN}>",
        "Local time: Paris",
        "Tuesday, 10 June 2025",
    )
    assert lines[6].endswith("[Technopole Transalley, table 1]  Interpreter needed")
    french = rencontre("agenda", JEROEN, "--lang", "fr", "--format", "ics")
    summaries = sorted(e["SUMMARY"] for e in events(french.stdout_bytes).values())
    assert summaries[0] == "Annulé : Rendez-vous B2B : Anne Peeters (Wallonie Mobilité)"
    refused = rencontre("agenda", JEROEN, "--lang", "de")
    assert refused.exit_code == 2
    assert "Invalid value for '--lang'" in refused.output


def test_agenda_csv_gives_the_meeting_languages_as_codes(
    rencontre: RunCli, languages: None
) -> None:
    result = rencontre("agenda", CLAIRE, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["partner_email"], r["language"], r["title"]) for r in rows] == [
        ("", "", "Welcome"),
        (JEROEN, "interpreter", "Rendez-vous B2B : Jeroen de Vries (Batterij Lab Eindhoven)"),
        (INES, "fr", "Rendez-vous B2B : Inès Dubois (Voltaïque Charge)"),
    ]


EVERYONE = (INES, JOOST, ANNE, CLAIRE, JEROEN)  # the mission's order
LANGUAGE_OF = {INES: "fr", JOOST: "nl", ANNE: "fr", CLAIRE: "fr", JEROEN: "nl"}


@pytest.mark.parametrize(("agenda_format", "suffix"), [("ics", "ics"), ("text", "txt")])
def test_agenda_all_names_files_by_e_mail_and_writes_an_index(
    rencontre: RunCli, languages: None, tmp_path: Path, agenda_format: str, suffix: str
) -> None:
    out = tmp_path / "agendas"
    result = rencontre("agenda", "--all", "--format", agenda_format, "--output", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{email}.{suffix}" for email in EVERYONE] + ["index.csv"]
    )
    assert "jeroen.devries@example.nl." + suffix in {p.name for p in out.iterdir()}
    index = list(csv.DictReader(io.StringIO((out / "index.csv").read_text("utf-8"))))
    assert [tuple(row.values()) for row in index[3:]] == [
        (f"{CLAIRE}.{suffix}", "Claire Vasseur", CLAIRE, "Voltaïque Charge", "fr"),
        (f"{JEROEN}.{suffix}", "Jeroen de Vries", JEROEN, "Batterij Lab Eindhoven", "nl"),
    ]
    assert [(row["email"], row["language"]) for row in index] == list(LANGUAGE_OF.items())
    assert f"Wrote 5 agendas and index.csv to {out}" in result.output
    # Progress goes to stderr, a line at the start and one at the end off a terminal.
    assert "Writing agendas: 0 of 5 (0%)" in result.stderr
    assert "Writing agendas: 5 of 5 (100%)" in result.stderr
    forced = rencontre("agenda", "--all", "--format", agenda_format, "--output",
                       str(tmp_path / "en"), "--lang", "en")  # fmt: skip
    assert forced.exit_code == 0, forced.output
    index = list(csv.DictReader(io.StringIO((tmp_path / "en" / "index.csv").read_text("utf-8"))))
    assert {row["language"] for row in index} == {"en"}


def pdf_text(path: Path) -> str:
    """The text of a PDF, pages separated by form feeds."""
    read = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True)  # fmt: skip
    return read.stdout


def test_agenda_pdf_is_one_page_in_the_person_language(
    rencontre: RunCli, languages: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = rencontre("agenda", JEROEN, "--format", "pdf")
    assert result.exit_code == 0, result.output
    written = tmp_path / f"{JEROEN}.pdf"
    assert result.output == f"Wrote the agenda of Jeroen de Vries <{JEROEN}> to {JEROEN}.pdf\n"
    assert written.read_bytes().startswith(b"%PDF-")
    text = pdf_text(written)
    assert text.count("\f") == 1
    assert found_in(text, *FRENCH) == []
    assert found_in(text, *ENGLISH) == []
    assert found_in(text, "Dinsdag 10 juni 2025", "Tijd", "Met", "Taal", "Tolk nodig",
                    "Nederlands", "Geannuleerd", "Tafel 3") == [
        "Dinsdag 10 juni 2025", "Tijd", "Met", "Taal", "Tolk nodig", "Nederlands",
        "Geannuleerd", "Tafel 3"
    ]  # fmt: skip

    french = rencontre("agenda", CLAIRE, "--format", "pdf", "--output", "claire.pdf")
    assert french.exit_code == 0, french.output
    text = pdf_text(tmp_path / "claire.pdf")
    assert found_in(text, *ENGLISH) == []
    assert found_in(text, "Mardi 10 juin 2025", "Heure", "Avec", "Langue", "Interprète nécessaire",
                    "français") == [
        "Mardi 10 juin 2025", "Heure", "Avec", "Langue", "Interprète nécessaire", "français"
    ]  # fmt: skip
    english = rencontre("agenda", CLAIRE, "--format", "pdf", "-o", "en.pdf", "--lang", "en")
    assert english.exit_code == 0, english.output
    assert found_in(pdf_text(tmp_path / "en.pdf"), "Tuesday, 10 June 2025", "Interpreter needed",
                    "Mardi") == ["Tuesday, 10 June 2025", "Interpreter needed"]  # fmt: skip


def test_agenda_all_pdf_writes_a_file_each_or_one_booklet(
    rencontre: RunCli, languages: None, tmp_path: Path
) -> None:
    out = tmp_path / "pdf"
    result = rencontre("agenda", "--all", "--format", "pdf", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{email}.pdf" for email in EVERYONE] + ["index.csv"]
    )
    assert found_in(pdf_text(out / f"{JEROEN}.pdf"), "Tolk nodig") == ["Tolk nodig"]

    booklet = tmp_path / "Everyone.PDF"
    result = rencontre("agenda", "--all", "--format", "pdf", "--output", str(booklet))
    assert result.exit_code == 0, result.output
    assert f"Wrote 5 agendas in one booklet to {booklet}" in result.output
    assert "Laying out agendas: 5 of 5 (100%)" in result.stderr
    info = subprocess.run(["pdfinfo", str(booklet)], capture_output=True, text=True, check=True)
    assert re.findall(r"^Pages:\s+(\d+)$", info.stdout, flags=re.MULTILINE) == ["5"]
    pages = pdf_text(booklet).split("\f")[:5]
    heads = [[line for line in page.splitlines() if line.strip()][:2] for page in pages]
    assert heads == [
        [MISSION_TITLE.upper(), name]
        for name in ("Inès Dubois", "Joost van Dijk", "Anne Peeters", "Claire Vasseur",
                     "Jeroen de Vries")
    ]  # fmt: skip
    # Each page in its reader's language.
    assert [found_in(page, "Mardi", "Dinsdag") for page in pages] == [
        ["Mardi"], ["Dinsdag"], ["Mardi"], ["Mardi"], ["Dinsdag"]
    ]  # fmt: skip


def test_agenda_pdf_never_goes_to_the_terminal_and_bad_outputs_fail(
    rencontre: RunCli, languages: None, tmp_path: Path
) -> None:
    missing = tmp_path / "nodir" / "a.pdf"
    result = rencontre("agenda", CLAIRE, "--format", "pdf", "--output", str(missing))
    assert result.exit_code == 1
    assert result.output == (
        f"error: --output {missing}: cannot write (no directory {tmp_path / 'nodir'})\n"
    )
    result = rencontre("agenda", "--all", "--format", "pdf")
    assert result.exit_code == 2
    # A usage error, in a box that wraps its lines.
    said = " ".join(re.sub("[│╭╮╰╯─]", " ", result.output).split())
    assert "give --output DIR (or FILE.pdf with --format pdf)" in said
    assert b"%PDF" not in result.stdout_bytes
