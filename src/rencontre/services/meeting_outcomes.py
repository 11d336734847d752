"""Recording what came of one's meetings, and reading the outcomes of a mission.

A participant records, for each of her meetings in the mission of her link, whether it was
held, her interest, the next step she intends and a note; recording again replaces hers.
She may do so once the meeting has started (its start time has passed: the outcome of a
meeting still to come is a guess, and a meeting may end early), and never for a meeting
that was cancelled. She sees only her own outcomes: her partner's outcome of the same
meeting is never shown to her. Organisers read every outcome of the missions they
organise (pages and the API decide who may call `mission_outcomes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from rencontre.core.enums import MeetingStatus
from rencontre.core.meeting import Meeting
from rencontre.core.meeting_outcome import MeetingOutcome, OutcomeAnswer
from rencontre.core.participant import Participant
from rencontre.store import accounts as store_accounts
from rencontre.store import outcomes as store
from rencontre.store.outcomes import StoredOutcome


class Refusal(StrEnum):
    NOT_FOUND = "not_found"  # not a meeting of hers in this mission (or no such meeting)
    CANCELLED = "cancelled"
    NOT_STARTED = "not_started"


class OutcomeRefused(Exception):
    """Recording an outcome refused, with why."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


@dataclass(frozen=True)
class MyMeeting:
    """One of a participant's meetings, her outcome of it if any, and whether she may record."""

    id: int
    meeting: Meeting
    partner: Participant | None  # None only if the partner's record is gone
    outcome: MeetingOutcome | None
    can_record: bool


def recordable(meeting: Meeting, now: datetime) -> Refusal | None:
    """Why an outcome of `meeting` cannot be recorded at `now`, or None when it can."""
    if meeting.status is MeetingStatus.CANCELLED:
        return Refusal.CANCELLED
    if now < meeting.start:
        return Refusal.NOT_STARTED
    return None


def my_meetings(
    session: Session, *, mission_id: int, participant_id: int, now: datetime
) -> list[MyMeeting]:
    """Participant `participant_id`'s meetings in mission `mission_id`, in time order."""
    email = store_accounts.participant_email(session, participant_id)
    if email is None:
        return []
    meetings = store.meetings_of(session, mission_id, participant_id)
    mine = {s.meeting_id: s.outcome for s in store.outcomes_of(session, participant_id, mission_id)}
    partners = store.participants_named(session, {s.meeting.partner_of(email) for s in meetings})
    return [
        MyMeeting(
            id=s.id,
            meeting=s.meeting,
            partner=partners.get(s.meeting.partner_of(email)),
            outcome=mine.get(s.id),
            can_record=recordable(s.meeting, now) is None,
        )
        for s in meetings
    ]


def my_outcomes(session: Session, *, mission_id: int, participant_id: int) -> list[StoredOutcome]:
    """The outcomes participant `participant_id` recorded in mission `mission_id`."""
    return store.outcomes_of(session, participant_id, mission_id)


def meeting_to_record(
    session: Session, *, mission_id: int, participant_id: int, meeting_id: int, now: datetime
) -> Meeting:
    """Her meeting `meeting_id`, if she may record its outcome at `now`.

    OutcomeRefused when the meeting is not hers in this mission (NOT_FOUND: callers answer as
    if it did not exist), was cancelled, or has not started yet.
    """
    found = next(
        (s for s in store.meetings_of(session, mission_id, participant_id) if s.id == meeting_id),
        None,
    )
    if found is None:
        raise OutcomeRefused(Refusal.NOT_FOUND)
    refusal = recordable(found.meeting, now)
    if refusal is not None:
        raise OutcomeRefused(refusal)
    return found.meeting


def record_outcome(
    session: Session,
    *,
    mission_id: int,
    participant_id: int,
    meeting_id: int,
    answer: OutcomeAnswer,
    now: datetime,
) -> tuple[MeetingOutcome, bool]:
    """Record (or replace) her outcome of her meeting `meeting_id`; it, and whether it is new.

    OutcomeRefused as `meeting_to_record` says.
    """
    meeting = meeting_to_record(
        session,
        mission_id=mission_id,
        participant_id=participant_id,
        meeting_id=meeting_id,
        now=now,
    )
    new = store.record_outcome(
        session,
        meeting_id=meeting_id,
        participant_id=participant_id,
        answer=answer,
        recorded_at=now,
    )
    email = store_accounts.participant_email(session, participant_id)
    assert email is not None  # the meeting was found through this participant
    outcome = MeetingOutcome(
        mission=meeting.mission,
        participant=email,
        partner=meeting.partner_of(email),
        answer=answer,
        recorded_at=now,
    )
    return outcome, new


def mission_outcomes(session: Session, *, mission_id: int) -> list[StoredOutcome]:
    """Every outcome recorded in mission `mission_id`, in meeting time order (for organisers)."""
    return store.mission_outcomes(session, mission_id)
