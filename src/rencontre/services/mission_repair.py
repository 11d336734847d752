"""Repair a scheduled mission after changes on the day, moving as few meetings as possible.

The old problem is built from the store as it is, the changes are written inside a
savepoint, the new problem is built from the store as it then is, and meetings are matched
from one to the other by their pair of people. The engine (`scheduling.repair`) keeps every
published meeting where it was unless the changes force it to move: most priority placed
(mode max) first, then fewest moves, then fewest breaks. The result is stored only when the
engine's validator and the checks `rencontre check` applies to concrete meetings accept it;
otherwise, and on a dry run, the savepoint is rolled back and nothing has changed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from sqlalchemy.orm import Session

from rencontre.core.enums import MeetingStatus
from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.scheduling.diagnostics import DiagnosticKind
from rencontre.scheduling.prechecks import find_infeasibility_reasons
from rencontre.scheduling.repair import Change, RepairProgressCallback, repair
from rencontre.scheduling.schedule import Mode, SolveStatus
from rencontre.scheduling.solver import ScheduleRejectedError
from rencontre.services.mission_changes import (
    PAST,
    AddMeeting,
    AppliedChanges,
    CancelMeeting,
    MissionChange,
    apply_changes,
    check_changes,
    unique_changes,
)
from rencontre.services.mission_data import MissionState
from rencontre.services.mission_schedule import (
    MissionProblem,
    build_problem,
    meetings_from_schedule,
    slot_index_of,
)
from rencontre.services.mission_wording import person_text
from rencontre.services.stored_meeting_checks import check_meetings
from rencontre.store import repositories as repo


class RepairRefused(RuntimeError):
    """No acceptable repaired schedule: nothing was changed. `reasons` say why, in words."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = tuple(reasons)


class MeetingChangeKind(Enum):
    MOVED = "moved"  # time, venue or table changed
    CANCELLED = "cancelled"
    ADDED = "added"
    NOT_PLACED = "not placed"  # requested, but the repaired schedule has no room for it


@dataclass(frozen=True)
class MeetingChange:
    """What the repair does to one pair's meeting; `before`/`after` are the stored meetings."""

    kind: MeetingChangeKind
    pair: tuple[str, str]  # (requester, requested) as stored or requested
    before: Meeting | None
    after: Meeting | None
    reason: str = ""  # why a meeting is cancelled or not placed
    leaver: str = ""  # e-mail of the person whose leaving cancelled the meeting

    def involves(self, email: str) -> bool:
        return email in self.pair

    def partner_of(self, email: str) -> str:
        return self.pair[1] if self.pair[0] == email else self.pair[0]

    @property
    def time_changed(self) -> bool:
        return (
            self.before is not None
            and self.after is not None
            and self.before.start != self.after.start
        )


@dataclass(frozen=True)
class RepairReport:
    """What a repair did (or would do, on a dry run), in terms of people and meetings."""

    mission: Mission  # after the changes
    people: Mapping[str, Participant]  # everyone named in `changes`, leavers included
    applied: AppliedChanges
    changes: tuple[MeetingChange, ...]  # in time order of the old, else the new, meeting
    status: SolveStatus
    meeting_count: int  # accepted pairs after the changes
    placed_count: int
    total_breaks: int
    solve_s: float
    dry_run: bool
    stored: repo.StoredSchedule | None  # None on a dry run

    def of(self, kind: MeetingChangeKind) -> tuple[MeetingChange, ...]:
        return tuple(c for c in self.changes if c.kind is kind)

    @property
    def moved_count(self) -> int:
        """Meetings kept by the changes whose time changed (a new table alone is not counted)."""
        return sum(1 for c in self.changes if c.time_changed)

    def affected_people(self) -> tuple[str, ...]:
        """E-mails of everyone with a change, by name."""
        emails = {e for c in self.changes for e in c.pair}
        return tuple(sorted(emails, key=lambda e: (person_text(e, self.people).lower(), e)))

    def changes_of(self, email: str) -> tuple[MeetingChange, ...]:
        return tuple(c for c in self.changes if c.involves(email))


def repair_mission(
    session: Session,
    mission_key: str | None,
    changes: Sequence[MissionChange],
    *,
    dry_run: bool,
    time_limit: float,
    mode: Mode = "max",
    workers: int | None = None,
    progress: RepairProgressCallback | None = None,
) -> RepairReport:
    """Apply `changes` to the mission (the latest when `mission_key` is None) and repair it.

    Raises `repo.MissionNotFound`, `ChangeRefused` (a change that cannot apply),
    `MissionNotSchedulable` or `RepairRefused`; in each case nothing has changed.
    """
    changes = unique_changes(changes)
    before = repo.load_mission(session, mission_key)
    check_changes(before, changes)
    old = build_problem(before.mission, before.participants, before.requests)
    previous = _previous_slots(old, before.meetings)
    known_people = {p.email: p for p in before.participants}
    with session.begin_nested() as savepoint:
        applied = apply_changes(session, before.mission, changes)
        after = repo.load_mission(session, before.mission.key)
        new = _fix_past_meetings(
            build_problem(after.mission, after.participants, after.requests), before.meetings
        )
        old_of_pair = old.meeting_of_pair()
        change = Change(new.problem, tuple(old_of_pair.get(r.pair) for r in new.requests))
        try:
            outcome = repair(
                change,
                previous,
                mode=mode,
                time_limit_s=time_limit,
                workers=workers or os.cpu_count() or 1,
                progress_callback=progress,
            )
        except ScheduleRejectedError as rejected:
            # The engine never returns such a schedule; if it ever did, nothing is stored.
            reason = f"the repaired schedule fails the validator: {rejected}"
            raise RepairRefused([reason]) from None
        result = outcome.result
        if result.schedule is None:
            raise RepairRefused(_why_no_schedule(new, result.status, mode, time_limit))
        meetings = _with_past_meetings(
            meetings_from_schedule(new, result.schedule.slot_of, before.meetings),
            before.meetings,
        )
        # The same rules `rencontre check` applies to stored meetings, on what would be stored:
        # they read times and tables, not the engine's slots, so they catch what it cannot.
        state = MissionState(after.mission, after.participants, meetings)
        people = {**known_people, **{p.email: p for p in after.participants}}
        problems = [f.message for f in check_meetings(state) if f.is_error]
        if problems:
            raise RepairRefused(problems)
        report_changes = _meeting_changes(before.meetings, meetings, new, changes, applied)
        stored = None
        if dry_run:
            savepoint.rollback()
        else:
            stored = repo.replace_meetings(session, after.mission.key, meetings)
    return RepairReport(
        mission=after.mission,
        people=people,
        applied=applied,
        changes=report_changes,
        status=result.status,
        meeting_count=len(new.problem.meetings),
        placed_count=result.placed_count,
        total_breaks=result.total_breaks or 0,
        solve_s=result.wall_time_s,
        dry_run=dry_run,
        stored=stored,
    )


def _previous_slots(old: MissionProblem, stored: Sequence[Meeting]) -> dict[int, int]:
    """Old engine meeting -> slot of its stored meeting, for meetings that are not cancelled."""
    meeting_of_pair = old.meeting_of_pair()
    previous = {}
    for meeting in stored:
        index = meeting_of_pair.get(meeting.pair)
        slot = slot_index_of(old.grid, meeting)
        if meeting.status is not MeetingStatus.CANCELLED and index is not None and slot is not None:
            previous[index] = slot
    return previous


def _fix_past_meetings(problem: MissionProblem, stored: Sequence[Meeting]) -> MissionProblem:
    """Held (or missed) meetings stay in their slot: they are facts, not plans."""
    meeting_of_pair = problem.meeting_of_pair()
    fixed = {}
    for meeting in stored:
        index = meeting_of_pair.get(meeting.pair)
        slot = slot_index_of(problem.grid, meeting)
        if meeting.status in PAST and index is not None and slot is not None:
            fixed[index] = slot
    if not fixed:
        return problem
    meetings = tuple(
        replace(m, fixed_slot=fixed[n]) if n in fixed else m
        for n, m in enumerate(problem.problem.meetings)
    )
    return replace(problem, problem=replace(problem.problem, meetings=meetings))


def _with_past_meetings(new: list[Meeting], stored: Sequence[Meeting]) -> list[Meeting]:
    """Past meetings as stored (status and all), whatever the new schedule says of them."""
    past = {m.pair: m for m in stored if m.status in PAST}
    return [past.pop(m.pair, m) for m in new] + list(past.values())


def _meeting_changes(
    stored: Sequence[Meeting],
    meetings: Sequence[Meeting],
    new: MissionProblem,
    changes: Sequence[MissionChange],
    applied: AppliedChanges,
) -> tuple[MeetingChange, ...]:
    """Pair by pair, how the stored live meetings differ from the repaired ones."""
    before = {m.pair: m for m in stored if m.status is MeetingStatus.SCHEDULED}
    after = {m.pair: m for m in meetings if m.status is MeetingStatus.SCHEDULED}
    requested = {r.pair: r for r in new.requests}
    cancelled = {c.pair for c in changes if isinstance(c, CancelMeeting)}
    added = {c.pair for c in changes if isinstance(c, AddMeeting)}
    found: list[MeetingChange] = []
    for pair, old in before.items():
        now = after.get(pair)
        names = (old.requester, old.requested)
        if now is not None:
            if (old.start, old.venue, old.table) != (now.start, now.venue, now.table):
                found.append(MeetingChange(MeetingChangeKind.MOVED, names, old, now))
        elif pair in cancelled:
            found.append(MeetingChange(MeetingChangeKind.CANCELLED, names, old, None, "cancelled"))
        elif pair & set(applied.left):
            leaver = sorted(pair & set(applied.left))[0]
            found.append(
                MeetingChange(
                    MeetingChangeKind.CANCELLED, names, old, None, "left the mission", leaver
                )
            )
        elif pair in requested:
            reason = "no room left for it"
            found.append(MeetingChange(MeetingChangeKind.NOT_PLACED, names, old, None, reason))
        else:
            reason = "its request is no longer accepted"
            found.append(MeetingChange(MeetingChangeKind.CANCELLED, names, old, None, reason))
    for pair, now in after.items():
        if pair not in before:
            found.append(MeetingChange(MeetingChangeKind.ADDED, (now.requester, now.requested),
                                       None, now))  # fmt: skip
    for pair in sorted(added - set(after), key=sorted):
        request = requested[pair]
        found.append(
            MeetingChange(
                MeetingChangeKind.NOT_PLACED,
                (request.requester, request.requested),
                None,
                None,
                "no room for it",
            )
        )
    return tuple(sorted(found, key=_change_order))


def _change_order(change: MeetingChange) -> tuple[float, tuple[str, str]]:
    meeting = change.before or change.after
    return (meeting.start.timestamp() if meeting is not None else float("inf"), change.pair)


def _why_no_schedule(
    new: MissionProblem, status: SolveStatus, mode: Mode, time_limit: float
) -> list[str]:
    if status is not SolveStatus.INFEASIBLE:
        return [f"no repaired schedule found within the time limit of {time_limit:g} s"]
    reasons = [
        "no schedule places every accepted meeting with these changes (mode all); "
        "mode max places as many as fit"
        if mode == "all"
        else "no schedule satisfies these changes"
    ]
    problem = new.problem
    for diagnostic in find_infeasibility_reasons(problem):
        if diagnostic.kind is DiagnosticKind.MEETING_HAS_NO_SLOT:
            first, second = problem.meetings[diagnostic.meetings[0]].participants
            reasons.append(
                f"{problem.participant_label(first)} and {problem.participant_label(second)} "
                "have no B2B slot left in common"
            )
        elif diagnostic.kind in _WORDED:
            reasons.append(diagnostic.message)
    return reasons


#: Diagnostics whose message names people and counts only (no slot or meeting numbers).
_WORDED = (DiagnosticKind.EVENT_OVER_TABLES, DiagnosticKind.PARTICIPANT_OVERLOADED)
