"""Changes to a scheduled mission on the day, checked against the store and then applied.

A change is data (`CancelMeeting`, `DropParticipant`, `SetTables`, `AddMeeting`) so that the
command line and a web form build the same thing. `check_changes` refuses the first change
that cannot apply, naming it; `apply_changes` writes them all in the caller's transaction.
`remove_participant` is the store change of `DropParticipant` on its own, without moving
anyone else: the person's meetings are cancelled where they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from rencontre.core.enums import MeetingStatus
from rencontre.core.meeting import Meeting, MeetingRequest, pair_key
from rencontre.core.mission import Mission
from rencontre.store import mission_edits
from rencontre.store import repositories as repo

MIN_PRIORITY, MAX_PRIORITY, DEFAULT_PRIORITY = 1, 3, 2


@dataclass(frozen=True)
class CancelMeeting:
    """The scheduled meeting of two people is called off (and their request with it)."""

    first: str
    second: str

    @property
    def pair(self) -> frozenset[str]:
        return pair_key(self.first, self.second)


@dataclass(frozen=True)
class DropParticipant:
    """A person leaves the mission: programme, requests and meetings."""

    email: str


@dataclass(frozen=True)
class SetTables:
    """A venue has `tables` tables from `start` on (None: the whole mission).

    A naive `start` is a time in the mission's time zone.
    """

    venue: str
    tables: int
    start: datetime | None = None


@dataclass(frozen=True)
class AddMeeting:
    """Two people are to meet: their request is accepted with `priority` (added if need be)."""

    first: str
    second: str
    priority: int = DEFAULT_PRIORITY

    @property
    def pair(self) -> frozenset[str]:
        return pair_key(self.first, self.second)


MissionChange = CancelMeeting | DropParticipant | SetTables | AddMeeting


class ChangeRefused(ValueError):
    """One change cannot apply to the stored mission; `reason` says why."""

    def __init__(self, change: MissionChange, reason: str) -> None:
        super().__init__(reason)
        self.change = change
        self.reason = reason


@dataclass(frozen=True)
class AppliedChanges:
    """What `apply_changes` wrote, besides the meetings (a repair stores those)."""

    cancelled_requests: tuple[MeetingRequest, ...]  # as they were before
    added_requests: tuple[frozenset[str], ...]
    accepted_requests: tuple[frozenset[str], ...]  # stored before, accepted now
    left: tuple[str, ...]  # e-mails of the people who left
    kept_in_audience: tuple[tuple[str, str], ...]  # (e-mail, item key): sole audience member
    table_changes: tuple[SetTables, ...]  # with the start resolved (aware)


@dataclass(frozen=True)
class Removal:
    """What `remove_participant` changed."""

    mission: Mission  # as it was before
    email: str
    cancelled_meetings: tuple[Meeting, ...]  # as they were before
    cancelled_requests: tuple[MeetingRequest, ...]
    audiences_left: tuple[str, ...]  # programme item keys
    audiences_kept: tuple[str, ...]
    stored: repo.StoredSchedule


def unique_changes(changes: Sequence[MissionChange]) -> tuple[MissionChange, ...]:
    """The changes without repeats (one given twice means the same thing once)."""
    return tuple(dict.fromkeys(changes))


def check_changes(snapshot: repo.MissionSnapshot, changes: Sequence[MissionChange]) -> None:
    """Raise `ChangeRefused` for the first change that cannot apply to `snapshot`."""
    mission = snapshot.mission
    leaving = {c.email for c in changes if isinstance(c, DropParticipant)}
    cancelled = {c.pair for c in changes if isinstance(c, CancelMeeting)}
    live = {m.pair: m for m in snapshot.meetings if m.status is MeetingStatus.SCHEDULED}
    past = {m.pair: m for m in snapshot.meetings if m.status in PAST}
    for change in changes:
        if isinstance(change, DropParticipant):
            _require_participant(mission, change, change.email)
        elif isinstance(change, CancelMeeting):
            _require_two_participants(mission, change, change.first, change.second)
            if change.pair in past:
                status = past[change.pair].status.value.replace("_", "-")
                raise ChangeRefused(change, f"this meeting is over (status {status})")
            if change.pair not in live:
                raise ChangeRefused(change, "these two have no scheduled meeting to cancel")
        elif isinstance(change, AddMeeting):
            _require_two_participants(mission, change, change.first, change.second)
            if not MIN_PRIORITY <= change.priority <= MAX_PRIORITY:
                reason = f"priority must be {MIN_PRIORITY} to {MAX_PRIORITY}"
                raise ChangeRefused(change, f"{reason}, not {change.priority}")
            if change.pair in cancelled:
                raise ChangeRefused(change, "the same meeting is also cancelled")
            gone = sorted(change.pair & leaving)
            if gone:
                raise ChangeRefused(change, f"{gone[0]} leaves the mission")
        else:
            _check_tables(mission, change)


#: Meetings that took place (or were missed): facts, never moved or cancelled.
PAST = (MeetingStatus.HELD, MeetingStatus.NO_SHOW)


def _require_participant(mission: Mission, change: MissionChange, email: str) -> None:
    if email not in mission.participants:
        raise ChangeRefused(change, f"{email} is not a participant of mission {mission.key}")


def _require_two_participants(
    mission: Mission, change: MissionChange, first: str, second: str
) -> None:
    if first == second:
        raise ChangeRefused(change, "a meeting needs two different people")
    _require_participant(mission, change, first)
    _require_participant(mission, change, second)


def _check_tables(mission: Mission, change: SetTables) -> None:
    if change.venue not in {v.key for v in mission.venues}:
        known = ", ".join(v.key for v in mission.venues)
        raise ChangeRefused(change, f"mission {mission.key} has no venue {change.venue} ({known})")
    if change.tables < 0:
        raise ChangeRefused(change, f"a venue cannot have {change.tables} tables")
    if change.start is not None:
        day = resolve_start(mission, change.start).astimezone(ZoneInfo(mission.timezone)).date()
        if not mission.start_date <= day <= mission.end_date:
            raise ChangeRefused(
                change,
                f"{day.isoformat()} is not a day of the mission "
                f"({mission.start_date.isoformat()} to {mission.end_date.isoformat()})",
            )


def resolve_start(mission: Mission, start: datetime | None) -> datetime:
    """An aware moment: naive times are in the mission's zone, None is the mission's start."""
    zone = ZoneInfo(mission.timezone)
    if start is None:
        return datetime.combine(mission.start_date, time(0), tzinfo=zone)
    if start.tzinfo is None or start.utcoffset() is None:
        return start.replace(tzinfo=zone)
    return start


def apply_changes(
    session: Session, mission: Mission, changes: Sequence[MissionChange]
) -> AppliedChanges:
    """Write `changes` (already checked) in the caller's transaction; meetings are left alone.

    People leave first and requests are cancelled before any is added, so that the order
    of the options does not matter.
    """
    cancelled: list[MeetingRequest] = []
    left: list[str] = []
    kept: list[tuple[str, str]] = []
    for change in changes:
        if isinstance(change, DropParticipant):
            outcome = mission_edits.leave_mission(session, mission.key, change.email)
            kept += [(change.email, key) for key in outcome.audiences_kept]
            cancelled += mission_edits.cancel_requests_of(session, mission.key, change.email)
            left.append(change.email)
    pairs = {c.pair for c in changes if isinstance(c, CancelMeeting)}
    cancelled += mission_edits.cancel_requests(session, mission.key, pairs)
    tables = []
    for change in changes:
        if isinstance(change, SetTables):
            start = resolve_start(mission, change.start)
            mission_edits.change_tables(session, mission.key, change.venue, change.tables, start)
            tables.append(SetTables(change.venue, change.tables, start))
    added: list[frozenset[str]] = []
    accepted: list[frozenset[str]] = []
    for change in changes:
        if isinstance(change, AddMeeting):
            new = mission_edits.accept_request(
                session, mission.key, change.first, change.second, change.priority
            )
            (added if new else accepted).append(change.pair)
    return AppliedChanges(
        cancelled_requests=tuple(cancelled),
        added_requests=tuple(added),
        accepted_requests=tuple(accepted),
        left=tuple(left),
        kept_in_audience=tuple(kept),
        table_changes=tuple(tables),
    )


def remove_participant(session: Session, mission_key: str | None, email: str) -> Removal:
    """Take `email` out of a mission without re-scheduling anyone else.

    Their scheduled meetings become `cancelled` in place (held ones stay: they happened),
    their requests `cancelled`; the freed time is for `repair` to use. Raises
    `repo.MissionNotFound` or `ChangeRefused`.
    """
    snapshot = repo.load_mission(session, mission_key)
    change = DropParticipant(email)
    check_changes(snapshot, [change])
    key = snapshot.mission.key
    outcome = mission_edits.leave_mission(session, key, email)
    requests = mission_edits.cancel_requests_of(session, key, email)
    kept = [m for m in snapshot.meetings if m.status is not MeetingStatus.CANCELLED]
    theirs = tuple(m for m in kept if m.involves(email) and m.status is MeetingStatus.SCHEDULED)
    stored = repo.replace_meetings(session, key, [m for m in kept if m not in theirs])
    return Removal(
        mission=snapshot.mission,
        email=email,
        cancelled_meetings=theirs,
        cancelled_requests=requests,
        audiences_left=outcome.audiences_left,
        audiences_kept=outcome.audiences_kept,
        stored=stored,
    )
