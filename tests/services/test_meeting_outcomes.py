"""Recording meeting outcomes: whose meetings, from when, and who sees what (both DBs).

The sample mission: Inès and Joost meet on 10 June 2025 at 10:00; here Joost and Anne also
meet at 11:00 and Anne and Inès had a meeting at 10:30 that was cancelled.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Attendance, MeetingStatus, NextStep
from rencontre.core.meeting import Meeting
from rencontre.core.meeting_outcome import OutcomeAnswer
from rencontre.services import meeting_outcomes as service
from rencontre.services.meeting_outcomes import OutcomeRefused, Refusal
from rencontre.store import accounts as store_accounts
from rencontre.store import outcomes as store
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

MISSION = "hdf-nl-2025"
INES = "ines@voltaique.example"
JOOST = "joost@batterijlab.example"
ANNE = "anne@wallonie.example"
DURING = datetime(2025, 6, 10, 10, 15, tzinfo=UTC)
HELD = OutcomeAnswer(Attendance.HELD, 5, NextStep.PILOT, "Samples next week")


@pytest.fixture
def stored(engine: Engine, sample_dataset: Dataset) -> Engine:
    more = (
        Meeting(MISSION, JOOST, ANNE, datetime(2025, 6, 10, 11, tzinfo=UTC),
                datetime(2025, 6, 10, 11, 30, tzinfo=UTC), "technopole", 1),
        Meeting(MISSION, ANNE, INES, datetime(2025, 6, 10, 10, 30, tzinfo=UTC),
                datetime(2025, 6, 10, 11, tzinfo=UTC), "technopole", 2,
                status=MeetingStatus.CANCELLED),
    )  # fmt: skip
    with session_scope(engine) as session:
        repo.save_dataset(session, replace(sample_dataset, meetings=sample_dataset.meetings + more))
    return engine


def ids(session: Session) -> tuple[int, dict[str, int], dict[frozenset[str], int]]:
    mission_id = store_accounts.mission_ids(session, [MISSION])[MISSION]
    people = repo.participant_ids(session)
    meetings = {
        s.meeting.pair: s.id
        for email in (INES, JOOST, ANNE)
        for s in store.meetings_of(session, mission_id, people[email])
    }
    return mission_id, people, meetings


def record(session: Session, email: str, other: str, answer: OutcomeAnswer = HELD) -> bool:
    mission_id, people, meetings = ids(session)
    _, new = service.record_outcome(
        session,
        mission_id=mission_id,
        participant_id=people[email],
        meeting_id=meetings[frozenset((email, other))],
        answer=answer,
        now=DURING,
    )
    return new


def test_an_outcome_is_recorded_then_replaced(stored: Engine) -> None:
    with session_scope(stored) as session:
        assert record(session, INES, JOOST) is True
        again = OutcomeAnswer(Attendance.HELD, 2, NextStep.CALL, "")
        assert record(session, INES, JOOST, again) is False
        mission_id, people, _ = ids(session)
        mine = service.my_outcomes(session, mission_id=mission_id, participant_id=people[INES])
    assert [(s.outcome.participant, s.outcome.partner, s.outcome.answer) for s in mine] == [
        (INES, JOOST, again)
    ]
    assert mine[0].outcome.recorded_at == DURING


def test_one_side_never_sees_the_other_sides_outcome(stored: Engine) -> None:
    with session_scope(stored) as session:
        record(session, INES, JOOST)
        mission_id, people, _ = ids(session)
        joost = service.my_meetings(
            session, mission_id=mission_id, participant_id=people[JOOST], now=DURING
        )
        theirs = service.my_outcomes(session, mission_id=mission_id, participant_id=people[JOOST])
        everyone = service.mission_outcomes(session, mission_id=mission_id)
    assert [(m.meeting.pair, m.outcome) for m in joost] == [
        (frozenset((INES, JOOST)), None),
        (frozenset((JOOST, ANNE)), None),
    ]
    assert theirs == []
    assert [s.outcome.participant for s in everyone] == [INES]


def test_both_sides_record_their_own_outcome_of_one_meeting(stored: Engine) -> None:
    with session_scope(stored) as session:
        record(session, INES, JOOST)
        record(session, JOOST, INES, OutcomeAnswer(Attendance.HELD, 1))
        mission_id, _, _ = ids(session)
        everyone = service.mission_outcomes(session, mission_id=mission_id)
    assert [(s.outcome.participant, s.outcome.answer.interest) for s in everyone] == [
        (INES, 5),
        (JOOST, 1),
    ]


@pytest.mark.parametrize(
    ("email", "pair", "refusal"),
    [
        (JOOST, (JOOST, ANNE), Refusal.NOT_STARTED),
        (INES, (ANNE, INES), Refusal.CANCELLED),
        (INES, (JOOST, ANNE), Refusal.NOT_FOUND),  # a meeting of two other people
    ],
)
def test_recording_is_refused_for_a_meeting_she_may_not_record(
    stored: Engine, email: str, pair: tuple[str, str], refusal: Refusal
) -> None:
    with session_scope(stored) as session:
        mission_id, people, meetings = ids(session)
        with pytest.raises(OutcomeRefused) as refused:
            service.record_outcome(
                session,
                mission_id=mission_id,
                participant_id=people[email],
                meeting_id=meetings[frozenset(pair)],
                answer=HELD,
                now=DURING,
            )
        assert refused.value.refusal is refusal
        assert service.mission_outcomes(session, mission_id=mission_id) == []


def test_my_meetings_say_which_can_be_recorded(stored: Engine) -> None:
    with session_scope(stored) as session:
        mission_id, people, _ = ids(session)
        mine = service.my_meetings(
            session, mission_id=mission_id, participant_id=people[INES], now=DURING
        )
    assert [(m.meeting.partner_of(INES), m.can_record) for m in mine] == [
        (JOOST, True),
        (ANNE, False),
    ]
    assert mine[0].partner is not None and mine[0].partner.full_name == "Joost van Dijk"


def test_outcomes_go_with_the_dataset_round_trip(stored: Engine) -> None:
    with session_scope(stored) as session:
        record(session, INES, JOOST)
        loaded = repo.load_dataset(session)
    assert [(o.participant, o.partner, o.answer) for o in loaded.meeting_outcomes] == [
        (INES, JOOST, HELD)
    ]
