"""Hand moves: checked by the validator before anything is saved, refused by the rule they
break, and a refused move leaves the stored schedule as it was; locks pin a meeting."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select
from tests.conftest import at, make_sample_dataset

from rencontre.core.enums import Language, ProgrammeItemKind, RequestStatus
from rencontre.core.meeting import Meeting, MeetingRequest
from rencontre.core.mission import ProgrammeItem
from rencontre.core.participant import TimeWindow
from rencontre.services import audit_log
from rencontre.services.hand_moves import MoveRule, check_move, move_meeting
from rencontre.services.meeting_locks import keep_locked_meetings, lock_meeting, unlock_meeting
from rencontre.services.mission_schedule import build_problem
from rencontre.store import desk_meetings
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.models import MeetingRow

MISSION = "hdf-nl-2025"
INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"
OLIVIA = "olivia@agency.example"
NOW = datetime(2025, 6, 9, 8, tzinfo=UTC)
# The sample's B2B grid: 10 June, 10:00–12:00 in four 30-minute slots, twelve tables.
S1000, S1030, S1100, S1130 = 0, 1, 2, 3


@pytest.fixture
def ids(engine: Engine) -> dict[str, int]:
    """The sample mission with two meetings: Inès–Joost at 10:00 (table 4), Joost–Anne at
    10:30 (table 1). Inès is available until 11:00 only; Anne visits the lab (15 minutes
    away) from 11:30."""
    sample = make_sample_dataset()
    people = tuple(
        replace(p, availability=(TimeWindow(at(10, 9), at(10, 11)),)) if p.email == INES else p
        for p in sample.participants
    )
    mission = sample.missions[0]
    visit = ProgrammeItem("visit", "Lab visit", ProgrammeItemKind.SITE_VISIT, at(10, 11, 30),
                          at(10, 12), "lab", audience=(ANNE,))  # fmt: skip
    mission = replace(mission, programme=(*mission.programme, visit))
    requests = (
        *sample.meeting_requests[:1],
        MeetingRequest(MISSION, JOOST, ANNE, status=RequestStatus.ACCEPTED),
    )
    meetings = (
        *sample.meetings,
        Meeting(MISSION, JOOST, ANNE, at(10, 10, 30), at(10, 11), "technopole", 1),
    )
    dataset = replace(
        sample,
        participants=people,
        missions=(mission,),
        meeting_requests=requests,
        meetings=meetings,
        outcomes=(),
    )
    with session_scope(engine) as session:
        repo.save_dataset(session, dataset)
        rows = session.execute(select(MeetingRow.id, MeetingRow.requested_id)).all()
        found = {requested: ident for ident, requested in rows}
        people_ids = repo.participant_ids(session)
    return {"ines_joost": found[people_ids[JOOST]], "joost_anne": found[people_ids[ANNE]]}


def stored(engine: Engine) -> list[tuple[str, str, datetime, int, int]]:
    with session_scope(engine) as session:
        return sorted(
            (m.requester, m.requested, m.start, m.table, m.sequence)
            for m in repo.meetings(session, MISSION)
        )


def rules(engine: Engine, meeting: int, slot: int, table: int, **swap: bool) -> list[MoveRule]:
    with session_scope(engine) as session:
        check = check_move(session, MISSION, meeting, slot=slot, table=table, **swap)
    return [r.rule for r in check.refusals]


def test_an_accepted_move_is_stored_with_its_audit_entry(engine: Engine, ids: dict) -> None:
    with session_scope(engine) as session:
        check = move_meeting(session, MISSION, ids["ines_joost"], slot=S1000, table=7,
                             by=OLIVIA, now=NOW)  # fmt: skip
    assert check.accepted
    assert stored(engine)[0] == (INES, JOOST, at(10, 10), 7, 1)
    with session_scope(engine) as session:
        (entry,) = audit_log.read_log(session, mission=MISSION, language=Language.EN)
    assert (entry.actor, entry.action) == (OLIVIA, "meeting.moved")
    assert entry.text == (
        "Moved the meeting of Inès Dubois and Joost van Dijk to Technopole Transalley, "
        "table 7, 10 Jun 10:00"
    )


def test_a_person_in_two_meetings_is_refused(engine: Engine, ids: dict) -> None:
    assert rules(engine, ids["ines_joost"], S1030, 2) == [MoveRule.PERSON_BUSY]


def test_a_taken_table_is_refused_and_a_missing_one_too(engine: Engine, ids: dict) -> None:
    assert rules(engine, ids["ines_joost"], S1030, 1) == [
        MoveRule.TABLE_TAKEN,
        MoveRule.PERSON_BUSY,
    ]
    assert rules(engine, ids["ines_joost"], S1000, 13) == [MoveRule.NO_SUCH_TABLE]


def test_availability_programme_and_travel_time_are_told_apart(engine: Engine, ids: dict) -> None:
    assert rules(engine, ids["ines_joost"], S1100, 4) == [MoveRule.UNAVAILABLE]
    assert rules(engine, ids["joost_anne"], S1130, 1) == [MoveRule.PROGRAMME]
    assert rules(engine, ids["joost_anne"], S1100, 1) == [MoveRule.TRAVEL_TIME]


def test_the_refusal_names_people_in_the_reader_language(engine: Engine, ids: dict) -> None:
    from rencontre.documents.i18n import words_for

    with session_scope(engine) as session:
        check = check_move(session, MISSION, ids["joost_anne"], slot=S1100, table=1)
    assert [r.text(words_for(Language.FR)) for r in check.refusals] == [
        "Anne Peeters ne peut pas venir de « Lab visit » à temps : c’est à 15 minutes."
    ]


def test_swapping_two_meetings_trades_their_places(engine: Engine, ids: dict) -> None:
    with session_scope(engine) as session:
        check = move_meeting(session, MISSION, ids["ines_joost"], slot=S1030, table=1, swap=True,
                             by=OLIVIA, now=NOW)  # fmt: skip
    assert check.accepted
    assert stored(engine) == [
        (INES, JOOST, at(10, 10, 30), 1, 1),
        (JOOST, ANNE, at(10, 10), 4, 1),
    ]


def test_a_refused_move_leaves_the_stored_schedule_untouched(engine: Engine, ids: dict) -> None:
    before = stored(engine)
    with session_scope(engine) as session:
        check = move_meeting(session, MISSION, ids["joost_anne"], slot=S1130, table=1,
                             by=OLIVIA, now=NOW)  # fmt: skip
    assert not check.accepted
    assert stored(engine) == before
    with session_scope(engine) as session:
        assert audit_log.count(session, mission=MISSION) == 0


def test_a_locked_meeting_does_not_move_until_unlocked(engine: Engine, ids: dict) -> None:
    meeting = ids["ines_joost"]
    with session_scope(engine) as session:
        assert lock_meeting(session, MISSION, meeting, by=OLIVIA, now=NOW)
        assert not lock_meeting(session, MISSION, meeting, by=OLIVIA, now=NOW)
    assert rules(engine, meeting, S1000, 7) == [MoveRule.LOCKED]
    with session_scope(engine) as session:
        assert unlock_meeting(session, MISSION, meeting, by=OLIVIA, now=NOW)
        actions = [e.action for e in audit_log.read_log(session, mission=MISSION,
                                                         language=Language.EN)]  # fmt: skip
    assert actions == ["meeting.unlocked", "meeting.locked"]
    assert rules(engine, meeting, S1000, 7) == []


def test_a_locked_meeting_is_fixed_in_its_slot_and_outweighs_the_others(
    engine: Engine, ids: dict
) -> None:
    with session_scope(engine) as session:
        lock_meeting(session, MISSION, ids["joost_anne"], by=OLIVIA, now=NOW)
        snapshot = repo.load_mission(session, MISSION)
        locked = desk_meetings.locked_pairs(session, MISSION)
    problem = build_problem(snapshot.mission, snapshot.participants, snapshot.requests)
    kept = keep_locked_meetings(problem, snapshot.meetings, locked).problem
    index = problem.meeting_of_pair()[frozenset((JOOST, ANNE))]
    other = 1 - index
    assert (kept.meetings[index].fixed_slot, kept.meetings[index].weight) == (S1030, 4)
    assert kept.meetings[other] == problem.problem.meetings[other]
