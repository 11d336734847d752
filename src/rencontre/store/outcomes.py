"""Meeting outcomes in the store: a person's outcome of a meeting, read, recorded, imported.

An outcome row points at its meeting row and at the participant who recorded it; the core
`MeetingOutcome` names them by the mission's key and the two e-mails instead. Queries that
pages and the API act on keep the stored ids beside the core objects (`StoredMeeting`,
`StoredOutcome`), since those ids are what they show.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from rencontre.core.enums import Attendance, NextStep
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.meeting import Meeting
from rencontre.core.meeting_outcome import MeetingOutcome, OutcomeAnswer
from rencontre.core.participant import Participant
from rencontre.store import convert
from rencontre.store.models import MeetingRow, MissionRow, ParticipantRow
from rencontre.store.models_outcomes import MeetingOutcomeRow

_MEETING = (
    selectinload(MeetingRow.mission),
    selectinload(MeetingRow.requester),
    selectinload(MeetingRow.requested),
    selectinload(MeetingRow.venue),
)
_PARTICIPANT = (
    selectinload(ParticipantRow.organisation),
    selectinload(ParticipantRow.languages),
    selectinload(ParticipantRow.availability),
)
_OUTCOME = (
    selectinload(MeetingOutcomeRow.meeting).selectinload(MeetingRow.mission),
    selectinload(MeetingOutcomeRow.meeting).selectinload(MeetingRow.requester),
    selectinload(MeetingOutcomeRow.meeting).selectinload(MeetingRow.requested),
    selectinload(MeetingOutcomeRow.participant),
)


@dataclass(frozen=True)
class StoredMeeting:
    """A meeting and the id of its row."""

    id: int
    meeting: Meeting


@dataclass(frozen=True)
class StoredOutcome:
    """An outcome with the ids of its meeting and of the participant who recorded it."""

    meeting_id: int
    participant_id: int
    outcome: MeetingOutcome


@dataclass(frozen=True)
class StoredCounts:
    """What storing outcomes from an import did."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0


def outcome_from_row(row: MeetingOutcomeRow) -> MeetingOutcome:
    meeting = row.meeting
    email = row.participant.email
    requester, requested = meeting.requester.email, meeting.requested.email
    return MeetingOutcome(
        mission=meeting.mission.key,
        participant=email,
        partner=requested if requester == email else requester,
        answer=OutcomeAnswer(
            attendance=Attendance(row.attendance),
            interest=row.interest,
            next_step=NextStep(row.next_step),
            note=row.note,
        ),
        recorded_at=row.recorded_at,
    )


def _stored(row: MeetingOutcomeRow) -> StoredOutcome:
    return StoredOutcome(row.meeting_id, row.participant_id, outcome_from_row(row))


def meetings_of(session: Session, mission_id: int, participant_id: int) -> list[StoredMeeting]:
    """The meetings of participant `participant_id` in mission `mission_id`, by start time."""
    query = (
        select(MeetingRow)
        .options(*_MEETING)
        .where(
            MeetingRow.mission_id == mission_id,
            or_(
                MeetingRow.requester_id == participant_id,
                MeetingRow.requested_id == participant_id,
            ),
        )
        .order_by(MeetingRow.start, MeetingRow.id)
    )
    return [StoredMeeting(r.id, convert.meeting_from_row(r)) for r in session.scalars(query)]


def outcomes_of(session: Session, participant_id: int, mission_id: int) -> list[StoredOutcome]:
    """The outcomes participant `participant_id` recorded in mission `mission_id`."""
    query = (
        select(MeetingOutcomeRow)
        .options(*_OUTCOME)
        .join(MeetingRow, MeetingOutcomeRow.meeting_id == MeetingRow.id)
        .where(
            MeetingOutcomeRow.participant_id == participant_id,
            MeetingRow.mission_id == mission_id,
        )
        .order_by(MeetingRow.start, MeetingRow.id)
    )
    return [_stored(r) for r in session.scalars(query)]


def mission_outcomes(session: Session, mission_id: int | None = None) -> list[StoredOutcome]:
    """The outcomes of mission `mission_id` (of every mission when None).

    In meeting time order, then in the order the two sides recorded theirs.
    """
    query = (
        select(MeetingOutcomeRow)
        .options(*_OUTCOME)
        .join(MeetingRow, MeetingOutcomeRow.meeting_id == MeetingRow.id)
        .order_by(MeetingRow.mission_id, MeetingRow.start, MeetingRow.id, MeetingOutcomeRow.id)
    )
    if mission_id is not None:
        query = query.where(MeetingRow.mission_id == mission_id)
    return [_stored(r) for r in session.scalars(query)]


def record_outcome(
    session: Session,
    *,
    meeting_id: int,
    participant_id: int,
    answer: OutcomeAnswer,
    recorded_at: datetime,
) -> bool:
    """Store participant `participant_id`'s outcome of meeting `meeting_id`, replacing theirs.

    Returns whether it is new. The caller checks that the meeting is theirs.
    """
    row = session.scalars(
        select(MeetingOutcomeRow).where(
            MeetingOutcomeRow.meeting_id == meeting_id,
            MeetingOutcomeRow.participant_id == participant_id,
        )
    ).first()
    new = row is None
    if row is None:
        row = MeetingOutcomeRow(meeting_id=meeting_id, participant_id=participant_id)
        session.add(row)
    _set_answer(row, answer, recorded_at)
    session.flush()
    return new


def _set_answer(row: MeetingOutcomeRow, answer: OutcomeAnswer, recorded_at: datetime) -> None:
    row.attendance = answer.attendance.value
    row.interest = answer.interest
    row.next_step = answer.next_step.value
    row.note = answer.note
    row.recorded_at = recorded_at


def store_outcomes(session: Session, outcomes: Sequence[MeetingOutcome]) -> StoredCounts:
    """Store imported outcomes: each replaces the stored one of its key, if any.

    The import checks have made sure that each names a stored (or just stored) meeting and one
    of its people; one that does not is refused here as a last resort (InvalidInput).
    """
    if not outcomes:
        return StoredCounts()
    keys = {o.mission for o in outcomes}
    meetings: dict[tuple[str, frozenset[str]], int] = {}
    query = select(MeetingRow).options(*_MEETING).join(MissionRow).where(MissionRow.key.in_(keys))
    for row in session.scalars(query):
        meetings[(row.mission.key, frozenset((row.requester.email, row.requested.email)))] = row.id
    emails = {o.participant for o in outcomes}
    people = dict(
        session.execute(
            select(ParticipantRow.email, ParticipantRow.id).where(ParticipantRow.email.in_(emails))
        ).tuples()
    )
    stored = {
        (s.meeting_id, s.participant_id): s.outcome
        for s in _outcomes_of_meetings(session, meetings)
    }
    added = changed = unchanged = 0
    for outcome in outcomes:
        meeting_id = meetings.get(
            (outcome.mission, frozenset((outcome.participant, outcome.partner)))
        )
        participant_id = people.get(outcome.participant)
        if meeting_id is None or participant_id is None:
            reason = (
                f"no meeting of {outcome.participant} and {outcome.partner} "
                f"in mission {outcome.mission!r}"
            )
            raise InvalidInput([Problem("meeting_outcomes", None, "partner", reason)])
        before = stored.get((meeting_id, participant_id))
        if before == outcome:
            unchanged += 1
            continue
        record_outcome(
            session,
            meeting_id=meeting_id,
            participant_id=participant_id,
            answer=outcome.answer,
            recorded_at=outcome.recorded_at,
        )
        if before is None:
            added += 1
        else:
            changed += 1
    return StoredCounts(added, changed, unchanged)


def _outcomes_of_meetings(
    session: Session, meetings: dict[tuple[str, frozenset[str]], int]
) -> list[StoredOutcome]:
    if not meetings:
        return []
    query = (
        select(MeetingOutcomeRow)
        .options(*_OUTCOME)
        .where(MeetingOutcomeRow.meeting_id.in_(set(meetings.values())))
    )
    return [_stored(r) for r in session.scalars(query)]


def all_outcomes(session: Session) -> tuple[MeetingOutcome, ...]:
    """Every stored outcome, mission by mission, in meeting time order."""
    return tuple(s.outcome for s in mission_outcomes(session))


def participants_named(session: Session, emails: Collection[str]) -> dict[str, Participant]:
    """The stored participants of `emails`, by e-mail."""
    if not emails:
        return {}
    query = select(ParticipantRow).options(*_PARTICIPANT).where(ParticipantRow.email.in_(emails))
    return {r.email: convert.participant_from_row(r) for r in session.scalars(query)}
