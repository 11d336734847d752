"""`rencontre schedule` and `rencontre agenda` on the demo mission, SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from typer.testing import Result

from rencontre.core.dataset import Dataset
from rencontre.core.enums import MeetingStatus, RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope

PERSON = "ines.vasseur@voltaflux.example"


def test_schedule_places_every_accepted_demo_meeting_without_clash(
    rencontre: Callable[..., Result],
    stored_mission: Callable[[], repo.MissionSnapshot],
    tmp_path: Path,
) -> None:
    assert rencontre("demo").exit_code == 0
    result = rencontre("schedule", "--time-limit", "40", "--workers", "2")
    assert result.exit_code == 0, result.output
    stored = stored_mission()
    accepted = {
        (r.requester, r.requested) for r in stored.requests if r.status is RequestStatus.ACCEPTED
    }
    assert {(m.requester, m.requested) for m in stored.meetings} == accepted
    # Independent of the solver: nobody twice in a slot, no table twice, tables within venue.
    people_per_start = Counter(
        (p, m.start) for m in stored.meetings for p in (m.requester, m.requested)
    )
    assert max(people_per_start.values()) == 1
    tables = Counter((m.venue, m.start, m.table) for m in stored.meetings)
    assert max(tables.values()) == 1
    capacity = {v.key: v.tables for v in stored.mission.venues}
    assert all(1 <= m.table <= capacity[m.venue] for m in stored.meetings)
    sessions = stored.mission.b2b_sessions
    assert all(
        any(s.venue == m.venue and s.start <= m.start and m.end <= s.end for s in sessions)
        for m in stored.meetings
    )

    text = rencontre("agenda", PERSON)
    assert text.exit_code == 0, text.output
    # Inès reads her agenda in French, her first language.
    assert text.output.splitlines()[0] == (
        "Agenda : Inès Vasseur (VoltaFlux) <ines.vasseur@voltaflux.example>"
    )
    mine = [m for m in stored.meetings if PERSON in (m.requester, m.requested)]
    assert sum(" Rendez-vous B2B : " in line for line in text.output.splitlines()) == len(mine)

    out = tmp_path / "ics"
    written = rencontre("agenda", "--all", "--format", "ics", "--output", str(out))
    assert written.exit_code == 0, written.output
    files = sorted(path for path in out.iterdir() if path.suffix == ".ics")
    assert len(files) == len(stored.participants)
    for path in files:
        events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        spans = sorted((e.decoded("dtstart"), e.decoded("dtend")) for e in events)
        # No two events of one agenda overlap, and every time carries the mission's zone.
        assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:], strict=False)), path.name
        assert all(s.tzinfo == ZoneInfo("Europe/Paris") for s, _ in spans), path.name


def test_agenda_by_id_and_as_csv(rencontre: Callable[..., Result], database_url: str) -> None:
    assert rencontre("demo").exit_code == 0
    engine = open_database(Settings(database_url=database_url))
    with session_scope(engine) as session:
        ident = repo.participant_ids(session)[PERSON]
    engine.dispose()
    result = rencontre("agenda", str(ident), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()
    assert rows[0] == (
        "start,end,kind,title,venue,table,partner,partner_organisation,partner_email,status,"
        "language"
    )
    first_start = datetime.fromisoformat(rows[1].split(",")[0])
    assert first_start.utcoffset() is not None


def test_agenda_of_an_unknown_participant_fails_with_a_reason(
    rencontre: Callable[..., Result],
) -> None:
    assert rencontre("demo").exit_code == 0
    result = rencontre("agenda", "nobody@nowhere.example")
    assert result.exit_code == 1
    assert "no participant 'nobody@nowhere.example' in mission 'nl-hdf-2027'" in result.output


def test_schedule_without_a_mission_fails_with_a_reason(rencontre: Callable[..., Result]) -> None:
    result = rencontre("schedule")
    assert result.exit_code == 1
    assert "error: no mission in the database" in result.output


@pytest.mark.parametrize(("agenda_format", "suffix"), [("text", ".txt"), ("csv", ".csv")])
def test_agenda_all_names_files_by_format(
    rencontre: Callable[..., Result], tmp_path: Path, agenda_format: str, suffix: str
) -> None:
    assert rencontre("demo").exit_code == 0
    out = tmp_path / "agendas"
    result = rencontre("agenda", "--all", "--format", agenda_format, "--output", str(out))
    assert result.exit_code == 0, result.output
    assert {path.suffix for path in out.iterdir() if path.name != "index.csv"} == {suffix}


@pytest.mark.parametrize(
    ("args", "name", "reason"),
    [
        ((PERSON,), "nodir/agenda.txt", "no directory {tmp}/nodir"),
        ((PERSON,), ".", "it is a directory"),
        (("--all",), "afile", "it is not a directory"),
    ],
)
def test_agenda_unwritable_output_fails_on_one_line(
    rencontre: Callable[..., Result],
    tmp_path: Path,
    args: tuple[str, ...],
    name: str,
    reason: str,
) -> None:
    assert rencontre("demo").exit_code == 0
    work = tmp_path / "work"
    work.mkdir()
    (work / "afile").write_text("x", encoding="utf-8")
    target = work / name
    result = rencontre("agenda", *args, "--output", str(target))
    assert result.exit_code == 1
    expected = f"error: --output {target}: cannot write ({reason.format(tmp=work)})"
    assert result.output.strip() == expected
    assert sorted(p.name for p in work.iterdir()) == ["afile"]


INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"


def test_schedule_meets_a_pair_once_and_says_which_pairs_it_merged_or_left_out(
    rencontre: Callable[..., Result],
    stored_mission: Callable[[], repo.MissionSnapshot],
    database_url: str,
    sample_dataset: Dataset,
) -> None:
    key = "hdf-nl-2025"
    requests = tuple(
        replace(r, status=RequestStatus.DECLINED) if r.requester == JOOST else r
        for r in sample_dataset.meeting_requests
    ) + (
        MeetingRequest(key, JOOST, INES, priority=1, status=RequestStatus.ACCEPTED),
        MeetingRequest(key, ANNE, JOOST, status=RequestStatus.ACCEPTED),
    )
    engine = open_database(Settings(database_url=database_url))
    with session_scope(engine) as session:
        repo.save_dataset(session, replace(sample_dataset, meeting_requests=requests))
    engine.dispose()
    first = rencontre("schedule", "--workers", "1")
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    ines, joost = f"Inès Dubois <{INES}>", f"Joost van Dijk <{JOOST}>"
    anne = f"Anne Peeters <{ANNE}>"
    assert lines[:3] == [
        f"Mission {key}: 1 accepted meeting, 2 participants, 4 slots over 1 day",
        f"  one meeting for {ines} ↔ {joost} (asked 2 times; priority 3)",
        f"  left out: {anne} ↔ {joost} ({anne} declined the request of {joost}; "
        "`rencontre request accept` overrides)",
    ]
    stored = stored_mission()
    assert [(m.pair, m.status) for m in stored.meetings] == [
        (frozenset({INES, JOOST}), MeetingStatus.SCHEDULED)
    ]
    assert lines[-1] in (
        "Stored: nothing changed (1 meeting as before).",  # placed where it was stored
        "Stored: 0 added, 1 changed, 0 unchanged, 0 cancelled.",
    )
    again = rencontre("schedule", "--workers", "1")
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[-1] == "Stored: nothing changed (1 meeting as before)."
    assert stored_mission() == stored


def test_demo_pair_asked_in_both_directions_meets_once(
    rencontre: Callable[..., Result],
    stored_mission: Callable[[], repo.MissionSnapshot],
    tmp_path: Path,
) -> None:
    assert rencontre("demo").exit_code == 0
    demo = stored_mission()
    asked = next(r for r in demo.requests if r.status is RequestStatus.ACCEPTED)
    met = {r.pair for r in demo.requests}
    # Two people of different organisations who never asked each other: now both ask.
    first, second = next(
        (p.email, q.email)
        for p in demo.participants
        for q in demo.participants
        if p.organisation != q.organisation and frozenset((p.email, q.email)) not in met
    )
    requests = tmp_path / "meeting_requests.csv"
    requests.write_text(
        "mission;requester;requested;priority;status;message\n"
        f"{demo.mission.key};{asked.requested};{asked.requester};3;accepted;Graag!\n"
        f"{demo.mission.key};{first};{second};1;accepted;Rencontrons-nous\n"
        f"{demo.mission.key};{second};{first};2;accepted;Let us meet\n",
        encoding="utf-8-sig",
    )
    imported = rencontre("import", str(requests))
    assert imported.exit_code == 0, imported.output
    assert "Merged 2 pairs of mutual requests:" in imported.output
    scheduled = rencontre("schedule", "--time-limit", "40", "--workers", "2")
    assert scheduled.exit_code == 0, scheduled.output
    after = stored_mission()
    for pair in (asked.pair, frozenset((first, second))):
        assert [r.priority for r in after.requests if r.pair == pair] == [
            3 if pair == asked.pair else 2
        ]
        assert len([m for m in after.meetings if m.pair == pair]) == 1
    pairs = [m.pair for m in after.meetings]
    assert len(pairs) == len(set(pairs))
