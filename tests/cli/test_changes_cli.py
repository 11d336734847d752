"""`rencontre repair` and `rencontre participant remove`, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from typer.testing import Result

from rencontre.core.dataset import Dataset
from rencontre.core.enums import MeetingStatus, RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.documents.agenda import build_agenda, overlapping
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope

RunCli = Callable[..., Result]
StoredMission = Callable[[], repo.MissionSnapshot]
DEMO = "nl-hdf-2027"
INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"


def live_places(snapshot: repo.MissionSnapshot) -> dict[frozenset[str], tuple[object, ...]]:
    return {
        m.pair: (m.start, m.venue, m.table)
        for m in snapshot.meetings
        if m.status is MeetingStatus.SCHEDULED
    }


def test_repair_on_the_demo_refuses_bad_input_then_cancels_one_meeting_in_place(
    rencontre: RunCli, stored_mission: StoredMission
) -> None:
    assert rencontre("demo").exit_code == 0
    scheduled = rencontre("schedule", "--time-limit", "40", "--workers", "2")
    assert scheduled.exit_code == 0, scheduled.output
    before = stored_mission()
    first = min(before.meetings, key=lambda m: (m.start, m.table))
    a, b = first.requester, first.requested
    strangers = next(
        (p.email, q.email)
        for p in before.participants
        for q in before.participants
        if p != q and frozenset((p.email, q.email)) not in live_places(before)
    )
    venues = ", ".join(v.key for v in before.mission.venues)
    refusals = {
        ("--cancel", f"nobody@x.example,{a}"): (
            f"--cancel nobody@x.example,{a}: nobody@x.example is not a participant of "
            f"mission {DEMO}"
        ),
        ("--cancel", f"{a}"): f"--cancel {a}: expected two e-mails separated by a comma",
        ("--cancel", ",".join(strangers)): (
            f"--cancel {','.join(strangers)}: these two have no scheduled meeting to cancel"
        ),
        ("--drop-participant", "nobody@x.example"): (
            f"--drop-participant nobody@x.example: nobody@x.example is not a participant of "
            f"mission {DEMO}"
        ),
        ("--tables", "nowhere=3"): (
            f"--tables nowhere=3: mission {DEMO} has no venue nowhere ({venues})"
        ),
        ("--tables", "transalley=many"): (
            "--tables transalley=many: N must be a whole number of tables"
        ),
        ("--tables", "transalley=2@tomorrow"): (
            "--tables transalley=2@tomorrow: START must be an ISO 8601 date and time, "
            "e.g. 2027-04-07T14:00"
        ),
        ("--add", f"{a},{b}:high"): f"--add {a},{b}:high: priority must be 1, 2 or 3",
        ("--add", f"{a},{b}:7"): f"--add {a},{b}:7: priority must be 1 to 3, not 7",
    }
    for (option, value), message in refusals.items():
        result = rencontre("repair", "--cancel", f"{a},{b}", option, value, "--workers", "2")
        assert (result.exit_code, result.output) == (1, f"error: {message}\n"), (option, value)
    assert stored_mission() == before

    refused = rencontre("repair", "--tables", "transalley=0", "--mode", "all", "--workers", "2")
    assert refused.exit_code == 1
    assert refused.output.splitlines()[-1] == (
        "error: no schedule places every accepted meeting with these changes (mode all); "
        "mode max places as many as fit; nothing was changed"
    )
    assert stored_mission() == before

    dry = rencontre("repair", "--cancel", f"{a},{b}", "--dry-run", "--workers", "2")
    assert dry.exit_code == 0, dry.output
    assert dry.output.splitlines()[-1] == "Dry run: nothing was stored."
    assert stored_mission() == before

    result = rencontre("repair", "--cancel", f"{b},{a}", "--workers", "2")
    assert result.exit_code == 0, result.output
    after = stored_mission()
    cancelled = {m.pair: m for m in after.meetings}[first.pair]
    assert (cancelled.status, cancelled.sequence) == (MeetingStatus.CANCELLED, first.sequence + 1)
    assert {r.status for r in after.requests if r.pair == first.pair} == {RequestStatus.CANCELLED}
    # Every other meeting stays exactly where it was (a re-schedule would move many).
    expected = {p: place for p, place in live_places(before).items() if p != first.pair}
    assert live_places(after) == expected
    lines = result.output.splitlines()
    people = {p.email: p for p in after.participants}
    assert f"  {people[a].full_name} <{a}>" in lines
    assert lines[-1] == "Stored: 0 added, 0 changed, 285 unchanged, 1 cancelled."
    for person in after.participants:
        entries = build_agenda(after.mission, person, after.meetings, people)
        assert overlapping(entries) == [], person.email


def with_reverse_request(dataset: Dataset) -> Dataset:
    """The sample with Joost's own request to Inès stored beside hers."""
    reverse = MeetingRequest("hdf-nl-2025", JOOST, INES, priority=1, status=RequestStatus.ACCEPTED)
    return replace(dataset, meeting_requests=(*dataset.meeting_requests, reverse))


def store(database_url: str, dataset: Dataset) -> None:
    engine = open_database(Settings(database_url=database_url))
    try:
        with session_scope(engine) as session:
            repo.save_dataset(session, dataset)
    finally:
        engine.dispose()


def test_participant_remove_cancels_their_meetings_and_requests_only(
    rencontre: RunCli, stored_mission: StoredMission, database_url: str, sample_dataset: Dataset
) -> None:
    store(database_url, sample_dataset)
    before = stored_mission()
    result = rencontre("participant", "remove", JOOST)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Joost van Dijk <{JOOST}> left mission hdf-nl-2025.",
        "  1 meeting cancelled:",
        f"    10 Jun 10:00, with Inès Dubois <{INES}>, Technopole Transalley table 4",
        "  2 requests cancelled",
        "  no longer in the audience of: Concept car demo",
        "Other meetings keep their slots; run `rencontre repair` to use the freed time.",
    ]
    after = stored_mission()
    assert JOOST not in after.mission.participants
    assert [m.status for m in after.meetings] == [MeetingStatus.CANCELLED]
    statuses = {(r.requester, r.requested): r.status for r in after.requests}
    assert statuses == {
        (INES, JOOST): RequestStatus.CANCELLED,
        (JOOST, ANNE): RequestStatus.CANCELLED,
        (ANNE, INES): RequestStatus.PROPOSED,
    }
    assert next(p for p in after.mission.programme if p.key == "demo").audience == (INES,)
    assert before.mission.participants == (INES, JOOST, ANNE)


def test_participant_remove_of_a_stranger_is_one_line_and_changes_nothing(
    rencontre: RunCli, stored_mission: StoredMission, database_url: str, sample_dataset: Dataset
) -> None:
    store(database_url, sample_dataset)
    before = stored_mission()
    result = rencontre("participant", "remove", "nobody@x.example", "--mission", "hdf-nl-2025")
    assert (result.exit_code, result.output) == (
        1,
        "error: nobody@x.example is not a participant of mission hdf-nl-2025\n",
    )
    assert stored_mission() == before
    unknown = rencontre("participant", "remove", JOOST, "--mission", "nope")
    assert (unknown.exit_code, unknown.output) == (1, "error: no mission 'nope'\n")


def test_repair_with_nothing_to_change_says_so(
    rencontre: RunCli, stored_mission: StoredMission, database_url: str, sample_dataset: Dataset
) -> None:
    store(database_url, with_reverse_request(sample_dataset))
    before = stored_mission()
    result = rencontre("repair", "--workers", "1")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-4:-1:2] == ["No meeting changes.", (
        "0 meetings cancelled, 0 meetings moved (0 to another time), 0 meetings added, "
        "0 meetings not placed; 1 of 1 accepted meeting placed, 0 breaks (optimal, "
        f"{lines[-2].rsplit(', ', 1)[1]}"
    )]  # fmt: skip
    assert lines[-1] == "Stored: nothing changed (1 meeting as before)."
    assert stored_mission() == before
