"""`repair_mission` and `remove_participant` on a small stored mission, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest

from rencontre.core.enums import MeetingStatus, RequestStatus
from rencontre.core.meeting import pair_key
from rencontre.core.mission import TableChange
from rencontre.scheduling.validator import validate
from rencontre.services.mission_changes import (
    AddMeeting,
    CancelMeeting,
    ChangeRefused,
    DropParticipant,
    SetTables,
    remove_participant,
)
from rencontre.services.mission_data import MissionState
from rencontre.services.mission_repair import MeetingChangeKind, RepairRefused, repair_mission
from rencontre.services.mission_schedule import build_problem, slot_index_of
from rencontre.services.stored_meeting_checks import check_meetings

from .repair_samples import KEY, PARIS, at, email, live, load, session_on, store_and_schedule

A, B, C, D, E, F = (email(n) for n in "abcdef")


def test_cancel_keeps_every_other_meeting_in_place_and_passes_the_validator(
    database_url: str,
) -> None:
    before = store_and_schedule(database_url)
    with session_on(database_url) as session:
        report = repair_mission(
            session, KEY, [CancelMeeting(A, B)], dry_run=False, time_limit=20, workers=1
        )
    after = load(database_url)
    cancelled = {m.pair: m for m in after.meetings}[pair_key(A, B)]
    assert cancelled.status is MeetingStatus.CANCELLED
    assert cancelled.sequence == 1
    assert {r.pair: r.status for r in after.requests}[pair_key(A, B)] is RequestStatus.CANCELLED
    others = {
        p: (m.start, m.venue, m.table) for p, m in live(before).items() if A not in p or B not in p
    }
    assert {p: (m.start, m.venue, m.table) for p, m in live(after).items()} == others
    assert [(c.kind, c.pair) for c in report.changes] == [(MeetingChangeKind.CANCELLED, (A, B))]
    assert report.moved_count == 0
    assert report.stored is not None and len(report.stored.cancelled) == 1
    built = build_problem(after.mission, after.participants, after.requests)
    slot_of = {
        built.meeting_of_pair()[m.pair]: slot_index_of(built.grid, m) for m in live(after).values()
    }
    assert validate(built.problem, slot_of, mode="all") == []  # type: ignore[arg-type]
    assert check_meetings(MissionState(after.mission, after.participants, after.meetings)) == []


def test_dry_run_reports_the_same_changes_and_stores_nothing(database_url: str) -> None:
    before = store_and_schedule(database_url)
    with session_on(database_url) as session:
        report = repair_mission(
            session,
            KEY,
            [DropParticipant(D), SetTables("hall", 1, datetime(2027, 4, 6, 10, 40))],
            dry_run=True,
            time_limit=20,
            workers=1,
        )
    assert report.stored is None
    assert {c.pair for c in report.of(MeetingChangeKind.CANCELLED)} == {
        (m.requester, m.requested) for m in live(before).values() if m.involves(D)
    }
    assert load(database_url) == before


def test_refused_repair_changes_nothing(database_url: str) -> None:
    before = store_and_schedule(database_url)
    with session_on(database_url) as session, pytest.raises(RepairRefused) as refused:
        repair_mission(
            session,
            KEY,
            [SetTables("hall", 0), CancelMeeting(A, B)],
            dry_run=False,
            time_limit=20,
            mode="all",
            workers=1,
        )
    assert refused.value.reasons[0] == (
        "no schedule places every accepted meeting with these changes (mode all); "
        "mode max places as many as fit"
    )
    assert "5 meetings requested but the slots offer 0 tables" in refused.value.reasons
    assert load(database_url) == before


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (CancelMeeting(A, "x@x.example"), "x@x.example is not a participant of mission m"),
        (CancelMeeting(A, E), "these two have no scheduled meeting to cancel"),
        (DropParticipant("x@x.example"), "x@x.example is not a participant of mission m"),
        (SetTables("roof", 3), "mission m has no venue roof (hall, annex)"),
        (
            SetTables("hall", 3, datetime(2026, 4, 6, 10)),
            "2026-04-06 is not a day of the mission (2027-04-06 to 2027-04-06)",
        ),
        (AddMeeting(A, A), "a meeting needs two different people"),
        (AddMeeting(A, E, priority=4), "priority must be 1 to 3, not 4"),
        (AddMeeting(A, B), "the same meeting is also cancelled"),
    ],
)
def test_a_change_that_cannot_apply_is_refused_by_name(
    database_url: str, change: object, reason: str
) -> None:
    before = store_and_schedule(database_url)
    changes = [change, CancelMeeting(A, B)] if isinstance(change, AddMeeting) else [change]
    with session_on(database_url) as session, pytest.raises(ChangeRefused) as refused:
        repair_mission(session, KEY, changes, dry_run=False, time_limit=20, workers=1)  # type: ignore[arg-type]
    assert (refused.value.change, refused.value.reason) == (change, reason)
    assert load(database_url) == before


def test_drop_participant_leaves_programme_requests_and_meetings(database_url: str) -> None:
    before = store_and_schedule(database_url)
    with session_on(database_url) as session:
        report = repair_mission(
            session, KEY, [DropParticipant(A)], dry_run=False, time_limit=20, workers=1
        )
    after = load(database_url)
    assert A not in after.mission.participants
    talk = next(p for p in after.mission.programme if p.key == "talk")
    assert talk.audience == (B, F)
    assert {r.status for r in after.requests if A in r.pair} == {RequestStatus.CANCELLED}
    assert {m.status for m in after.meetings if m.involves(A)} == {MeetingStatus.CANCELLED}
    assert report.applied.left == (A,)
    untouched = {p: (m.start, m.table) for p, m in live(before).items() if A not in p}
    assert {p: (m.start, m.table) for p, m in live(after).items()} == untouched


def test_sole_audience_member_stays_in_the_audience(database_url: str) -> None:
    store_and_schedule(database_url)
    with session_on(database_url) as session:
        report = repair_mission(
            session, KEY, [DropParticipant(F)], dry_run=False, time_limit=20, workers=1
        )
    after = load(database_url)
    items = {p.key: p.audience for p in after.mission.programme}
    assert (items["talk"], items["visit"]) == ((A, B), (F,))
    assert report.applied.kept_in_audience == ((F, "visit"),)


def test_lost_table_moves_only_what_no_longer_fits_and_is_stored(database_url: str) -> None:
    before = store_and_schedule(database_url)
    with session_on(database_url) as session:
        report = repair_mission(
            session,
            KEY,
            [SetTables("hall", 1, datetime(2027, 4, 6, 10, 40))],
            dry_run=False,
            time_limit=20,
            workers=1,
        )
    after = load(database_url)
    hall = after.mission.venue("hall")
    assert hall.tables == 2
    assert hall.table_changes == (TableChange(at(10, 40).astimezone(PARIS), 1),)
    late = [m for m in live(after).values() if m.start >= at(10, 40)]
    assert len({m.start for m in late}) == len(late)  # one meeting per slot from 10:40
    assert all(m.table == 1 for m in late)
    moved = {c.pair for c in report.of(MeetingChangeKind.MOVED)}
    kept = [m for m in live(before).values() if (m.requester, m.requested) not in moved]
    assert all(live(after)[m.pair] == m for m in kept)
    assert check_meetings(MissionState(after.mission, after.participants, after.meetings)) == []


def test_a_later_table_change_replaces_those_it_covers(database_url: str) -> None:
    store_and_schedule(database_url)
    for start, tables in ((at(10, 40), 1), (at(11), 2), (at(10, 20), 2)):
        with session_on(database_url) as session:
            repair_mission(
                session, KEY, [SetTables("hall", tables, start)], dry_run=False,
                time_limit=20, workers=1,
            )  # fmt: skip
    assert load(database_url).mission.venue("hall").table_changes == (TableChange(at(10, 20), 2),)


def test_added_meeting_is_placed_without_moving_others(database_url: str) -> None:
    before = store_and_schedule(database_url)
    with session_on(database_url) as session:
        report = repair_mission(
            session, KEY, [AddMeeting(F, E, priority=3)], dry_run=False, time_limit=20, workers=1
        )
    after = load(database_url)
    request = next(r for r in after.requests if r.pair == pair_key(E, F))
    assert (request.requester, request.status, request.priority) == (
        F, RequestStatus.ACCEPTED, 3,
    )  # fmt: skip
    assert [(c.kind, c.pair) for c in report.changes] == [(MeetingChangeKind.ADDED, (F, E))]
    assert all(live(after)[p] == m for p, m in live(before).items())


def test_adding_a_declined_pair_accepts_its_request(database_url: str) -> None:
    store_and_schedule(database_url)
    with session_on(database_url) as session:
        repair_mission(session, KEY, [CancelMeeting(A, C)], dry_run=False, time_limit=20, workers=1)
    with session_on(database_url) as session:
        report = repair_mission(
            session, KEY, [AddMeeting(C, A, priority=1)], dry_run=False, time_limit=20, workers=1
        )
    after = load(database_url)
    request = next(r for r in after.requests if r.pair == pair_key(A, C))
    assert (request.requester, request.status, request.priority) == (
        A, RequestStatus.ACCEPTED, 1,
    )  # fmt: skip
    assert report.applied.accepted_requests == (pair_key(A, C),)
    assert live(after)[pair_key(A, C)].status is MeetingStatus.SCHEDULED


def test_remove_participant_cancels_their_meetings_and_requests_only(database_url: str) -> None:
    before = store_and_schedule(database_url)
    with session_on(database_url) as session:
        removal = remove_participant(session, None, D)
    after = load(database_url)
    theirs = {p for p in live(before) if D in p}
    assert {m.pair for m in removal.cancelled_meetings} == theirs
    assert {m.pair for m in after.meetings if m.status is MeetingStatus.CANCELLED} == theirs
    assert {r.pair for r in after.requests if r.status is RequestStatus.CANCELLED} == theirs
    assert {p: m for p, m in live(after).items()} == {
        p: m for p, m in live(before).items() if p not in theirs
    }
    assert D not in after.mission.participants
    assert removal.stored.cancelled == tuple(m.pair for m in before.meetings if m.pair in theirs)


def test_remove_participant_refuses_a_stranger_and_changes_nothing(database_url: str) -> None:
    before = store_and_schedule(database_url)
    with session_on(database_url) as session, pytest.raises(ChangeRefused) as refused:
        remove_participant(session, KEY, "x@x.example")
    assert refused.value.reason == "x@x.example is not a participant of mission m"
    assert load(database_url) == before
