"""Locked meetings: the organiser pins a meeting, and a new scheduling run leaves it there.

A lock is kept for the meeting's row, so it survives a run that keeps the pair's meeting
(rows are updated in place). For the engine a locked meeting is a fixed one, the mechanism
the repair uses for meetings already held: its slot is the only one it may take, and its
weight is raised above the sum of all the others, so that placing the most priority (mode
max) never drops it to make room for others. It keeps its table too: a meeting that stays
in its slot keeps the table it had (`meetings_from_schedule`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from rencontre.core.enums import MeetingStatus
from rencontre.core.meeting import Meeting
from rencontre.documents import schedule_messages as say
from rencontre.services import audit_log
from rencontre.services.hand_moves import MeetingNotFound, mission_id_of
from rencontre.services.mission_schedule import MissionProblem, slot_index_of
from rencontre.store import desk_meetings as store
from rencontre.store import repositories as repo


def lock_meeting(
    session: Session, mission: str, meeting_id: int, *, by: str, now: datetime
) -> bool:
    """Lock the meeting (audit entry); False when it was locked already.

    Raises `MeetingNotFound` when the mission has no such meeting.
    """
    return _set_lock(session, mission, meeting_id, locked=True, by=by, now=now)


def unlock_meeting(
    session: Session, mission: str, meeting_id: int, *, by: str, now: datetime
) -> bool:
    """Unlock the meeting (audit entry); False when it was not locked."""
    return _set_lock(session, mission, meeting_id, locked=False, by=by, now=now)


def keep_locked_meetings(
    mission_problem: MissionProblem,
    stored: Sequence[Meeting],
    locked: Collection[frozenset[str]],
) -> MissionProblem:
    """The problem with each locked live meeting fixed to its slot and made the heaviest."""
    meeting_of_pair = mission_problem.meeting_of_pair()
    fixed: dict[int, int] = {}
    for meeting in stored:
        index = meeting_of_pair.get(meeting.pair)
        if meeting.pair not in locked or meeting.status is not MeetingStatus.SCHEDULED:
            continue
        slot = slot_index_of(mission_problem.grid, meeting)
        if index is not None and slot is not None:
            fixed[index] = slot
    if not fixed:
        return mission_problem
    problem = mission_problem.problem
    heaviest = sum(m.weight for n, m in enumerate(problem.meetings) if n not in fixed) + 1
    meetings = tuple(
        replace(m, fixed_slot=fixed[n], weight=heaviest) if n in fixed else m
        for n, m in enumerate(problem.meetings)
    )
    return replace(mission_problem, problem=replace(problem, meetings=meetings))


def _set_lock(
    session: Session, mission: str, meeting_id: int, *, locked: bool, by: str, now: datetime
) -> bool:
    found = store.mission_meeting(session, mission_id_of(session, mission), meeting_id)
    if found is None:
        raise MeetingNotFound(meeting_id)
    changed = (
        store.lock(session, meeting_id, at=now, by=by)
        if locked
        else store.unlock(session, meeting_id)
    )
    if changed:
        pair = (found.meeting.requester, found.meeting.requested)
        people = repo.participants_by_email(session, pair)
        first, second = (people[e].full_name if e in people else e for e in pair)
        audit_log.record(
            session,
            mission=mission,
            actor=by,
            action="meeting.locked" if locked else "meeting.unlocked",
            message=say.LOCKED_ENTRY if locked else say.UNLOCKED_ENTRY,
            values={"first": first, "second": second},
            now=now,
        )
    return changed
