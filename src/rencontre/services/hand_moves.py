"""Hand moves on the desk: a meeting to another slot or table, or two meetings swapped.

A move is checked before anything is saved, and a refused move saves nothing. The check
reads only what the move touches (the moved meetings, every live meeting of their people,
whatever sits at the target tables), so it stays quick on an event of thousands of
meetings. The rules are the engine's: a small problem is built from those meetings alone,
with the blocked slots of the people who move, and `scheduling.validator.validate` says
which rule the new places break (person in two meetings, slot blocked). A slot blocked for
a person is then told apart (not available, at a programme item, too far from one), and
the concrete table is checked on the stored meetings (taken, or missing at the venue then).
A locked meeting does not move.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from rencontre.core.enums import MeetingStatus
from rencontre.core.meeting import Meeting
from rencontre.core.mission import B2BSlot, Mission
from rencontre.core.participant import Participant
from rencontre.documents import schedule_messages as say
from rencontre.documents.i18n import Words
from rencontre.scheduling import problem as engine
from rencontre.scheduling.validator import ViolationKind, validate
from rencontre.services import audit_log
from rencontre.services.mission_grid import (
    attended_items,
    blocked_by_item,
    blocked_slots,
    build_grid,
)
from rencontre.services.mission_schedule import NOON_HOUR
from rencontre.services.mission_wording import mission_zone, moment_text
from rencontre.store import desk_meetings as store
from rencontre.store import repositories as repo
from rencontre.store.by_id import StoredMeeting
from rencontre.store.models import MissionRow


class MoveRule(StrEnum):
    """The rule a refused move would break."""

    PERSON_BUSY = "person_busy"
    TABLE_TAKEN = "table_taken"
    NO_SUCH_TABLE = "no_such_table"
    UNAVAILABLE = "unavailable"
    PROGRAMME = "programme"
    TRAVEL_TIME = "travel_time"
    LOCKED = "locked"
    NOT_LIVE = "not_live"
    NO_SUCH_SLOT = "no_such_slot"
    ALREADY_THERE = "already_there"


#: Refusals about the table, shown next to the table field; the others go with the slot.
TABLE_RULES = frozenset({MoveRule.TABLE_TAKEN, MoveRule.NO_SUCH_TABLE})


@dataclass(frozen=True)
class MoveRefusal:
    """Why a move is refused: the rule, and its sentence (a message id and its values)."""

    rule: MoveRule
    message: str
    values: Mapping[str, object] = field(default_factory=dict)

    def text(self, words: Words) -> str:
        return words.gettext(self.message, **self.values)


@dataclass(frozen=True)
class Placement:
    """One stored meeting and where the move puts it."""

    meeting_id: int
    before: Meeting
    after: Meeting


@dataclass(frozen=True)
class MoveCheck:
    """The meetings a move places, and why it is refused (nothing: it may be saved)."""

    placements: tuple[Placement, ...]
    refusals: tuple[MoveRefusal, ...]

    @property
    def accepted(self) -> bool:
        return not self.refusals


class MeetingNotFound(LookupError):
    """No such meeting in this mission."""


@dataclass(frozen=True)
class DeskContext:
    """What every check reads once: the mission, its id and its slots."""

    mission: Mission
    mission_id: int
    slots: tuple[B2BSlot, ...]


def desk_context(session: Session, mission: str) -> DeskContext:
    the_mission = repo.get_mission(session, mission)
    mission_id = mission_id_of(session, mission)
    return DeskContext(the_mission, mission_id, the_mission.slots())


def check_move(
    session: Session, mission: str, meeting_id: int, *, slot: int, table: int, swap: bool = False
) -> MoveCheck:
    """Check moving meeting `meeting_id` to grid slot `slot` (0-based), table `table`.

    With `swap`, a meeting already at that table then trades places with it instead.
    Raises `MeetingNotFound`.
    """
    context = desk_context(session, mission)
    moved = _meeting(session, context, meeting_id)
    if not 0 <= slot < len(context.slots):
        return MoveCheck((), (MoveRefusal(MoveRule.NO_SUCH_SLOT, say.NO_SUCH_SLOT),))
    target = context.slots[slot]
    after = replace(
        moved.meeting, start=target.start, end=target.end, venue=target.venue, table=table
    )
    if swap:
        there = store.meetings_at_table(
            session, context.mission_id, target.venue, table, target.start, target.end
        )
        others = [m for m in there if m.id != meeting_id]
        if len(others) == 1:
            return _check(session, context, _swapped(moved, others[0]))
    return _check(session, context, (Placement(moved.id, moved.meeting, after),))


def check_swap(session: Session, mission: str, meeting_id: int, other_id: int) -> MoveCheck:
    """Check swapping the places (time, venue, table) of two meetings of `mission`."""
    context = desk_context(session, mission)
    first = _meeting(session, context, meeting_id)
    second = _meeting(session, context, other_id)
    return _check(session, context, _swapped(first, second))


def move_meeting(
    session: Session,
    mission: str,
    meeting_id: int,
    *,
    slot: int,
    table: int,
    swap: bool = False,
    by: str,
    now: datetime,
) -> MoveCheck:
    """Check the move (see `check_move`) and save it when accepted, with its audit entry."""
    check = check_move(session, mission, meeting_id, slot=slot, table=table, swap=swap)
    if check.accepted:
        save_move(session, mission, check, by=by, now=now)
    return check


def save_move(session: Session, mission: str, check: MoveCheck, *, by: str, now: datetime) -> None:
    """Store the places of an accepted check, and say so in the audit log."""
    assert check.accepted
    for placement in check.placements:
        after = placement.after
        store.place_meeting(
            session,
            placement.meeting_id,
            start=after.start,
            end=after.end,
            venue=after.venue,
            table=after.table,
        )
    names = _names(session, [e for p in check.placements for e in _pair(p.before)])
    if len(check.placements) == 2:
        one, other = check.placements
        people = (*_pair(one.before), *_pair(other.before))
        keys = ("first", "second", "third", "fourth")
        values = {key: names[email] for key, email in zip(keys, people, strict=True)}
        audit_log.record(
            session,
            mission=mission,
            actor=by,
            action="meeting.swapped",
            message=say.SWAPPED,
            values=values,
            now=now,
        )
        return
    (placement,) = check.placements
    the_mission = repo.get_mission(session, mission)
    requester, requested = _pair(placement.before)
    audit_log.record(
        session,
        mission=mission,
        actor=by,
        action="meeting.moved",
        message=say.MOVED,
        values={
            "first": names[requester],
            "second": names[requested],
            "place": place_text(the_mission, placement.after),
        },
        now=now,
    )


def place_text(mission: Mission, meeting: Meeting) -> str:
    """`Technopole Transalley, table 4, 10 Jun 10:00` (the log keeps it as written)."""
    venue = mission.venue(meeting.venue).name
    when = moment_text(meeting.start, mission_zone(mission))
    return f"{venue}, table {meeting.table}, {when}"


# The check ---------------------------------------------------------------------------------


def _check(session: Session, context: DeskContext, placements: Sequence[Placement]) -> MoveCheck:
    refusals: list[MoveRefusal] = []
    names = _names(session, [e for p in placements for e in _pair(p.before)])
    for placement in placements:
        first, second = (names[e] for e in _pair(placement.before))
        if placement.before.status is not MeetingStatus.SCHEDULED:
            values = {"first": first, "second": second}
            refusals.append(MoveRefusal(MoveRule.NOT_LIVE, say.NOT_LIVE, values))
    locked = store.locked_ids(session, context.mission_id, [p.meeting_id for p in placements])
    for placement in placements:
        if placement.meeting_id in locked:
            first, second = (names[e] for e in _pair(placement.before))
            values = {"first": first, "second": second}
            refusals.append(MoveRefusal(MoveRule.LOCKED, say.LOCKED, values))
    if all(_same_place(p.before, p.after) for p in placements):
        refusals.append(MoveRefusal(MoveRule.ALREADY_THERE, say.ALREADY_THERE))
    if refusals:
        return MoveCheck(tuple(placements), tuple(refusals))
    refusals += _table_refusals(session, context, placements)
    refusals += _rule_refusals(session, context, placements)
    unique = {(r.rule, r.message, tuple(sorted(r.values.items()))): r for r in refusals}
    return MoveCheck(tuple(placements), tuple(unique.values()))


def _table_refusals(
    session: Session, context: DeskContext, placements: Sequence[Placement]
) -> list[MoveRefusal]:
    found = []
    moving = {p.meeting_id for p in placements}
    for placement in placements:
        after = placement.after
        venue = context.mission.venue(after.venue)
        if not 1 <= after.table <= venue.tables_at(after.start):
            values = {"venue": venue.name, "table": after.table}
            found.append(MoveRefusal(MoveRule.NO_SUCH_TABLE, say.NO_SUCH_TABLE, values))
            continue
        there = store.meetings_at_table(
            session, context.mission_id, after.venue, after.table, after.start, after.end
        )
        for other in (m for m in there if m.id not in moving):
            names = _names(session, _pair(other.meeting))
            values = {
                "table": after.table,
                "first": names[other.meeting.requester],
                "second": names[other.meeting.requested],
            }
            found.append(MoveRefusal(MoveRule.TABLE_TAKEN, say.TABLE_TAKEN, values))
    return found


def _rule_refusals(
    session: Session, context: DeskContext, placements: Sequence[Placement]
) -> list[MoveRefusal]:
    """The engine's validator on the meetings of the people who move, at their new places."""
    mission = context.mission
    movers = sorted({e for p in placements for e in _pair(p.before)})
    people = repo.participants_by_email(session, movers)
    new_place = {p.meeting_id: p.after for p in placements}
    theirs = [
        StoredMeeting(m.id, new_place.get(m.id, m.meeting))
        for m in store.live_meetings_of(session, context.mission_id, movers)
    ]
    slot_at = {(s.start, s.venue): s.index for s in context.slots}
    emails = sorted({e for m in theirs for e in _pair(m.meeting)})
    index_of = {email: n for n, email in enumerate(emails)}
    grid = build_grid(mission)
    grid_slots = tuple(
        engine.Slot(
            day=grid.day_of_slot[n],
            session=engine.MORNING_SESSION
            if s.start.astimezone(mission_zone(mission)).hour < NOON_HOUR
            else engine.AFTERNOON_SESSION,
            tables=grid.tables_of_slot[n],
        )
        for n, s in enumerate(grid.slots)
    )
    forbidden = tuple(
        blocked_slots(mission, grid, people[e]) if e in people and e in movers else frozenset()
        for e in emails
    )
    on_grid = [m for m in theirs if (m.meeting.start, m.meeting.venue) in slot_at]
    problem = engine.Problem(
        participant_count=len(emails),
        meetings=tuple(
            engine.Meeting(index_of[m.meeting.requester], index_of[m.meeting.requested])
            for m in on_grid
        ),
        slots=grid_slots,
        forbidden_slots=forbidden,
    )
    slot_of = {n: slot_at[m.meeting.start, m.meeting.venue] for n, m in enumerate(on_grid)}
    moved = {n for n, m in enumerate(on_grid) if m.id in new_place}
    names = _names(session, emails)
    found: list[MoveRefusal] = []
    for violation in validate(problem, slot_of, mode="max"):
        if violation.participant is None or violation.slot is None:
            continue
        email = emails[violation.participant]
        if violation.kind is ViolationKind.PARTICIPANT_DOUBLE_BOOKED:
            at_slot = [n for n, t in slot_of.items() if t == violation.slot]
            mine = [n for n in at_slot if email in _pair(on_grid[n].meeting)]
            if not moved & set(mine):
                continue
            partners = [on_grid[n].meeting.partner_of(email) for n in mine if n not in moved]
            partners = partners or [on_grid[n].meeting.partner_of(email) for n in mine[1:]]
            values = {"person": names[email], "partner": names[partners[0]]}
            found.append(MoveRefusal(MoveRule.PERSON_BUSY, say.PERSON_BUSY, values))
        elif violation.kind is ViolationKind.FORBIDDEN_SLOT and violation.meeting in moved:
            found.append(_blocked(mission, people[email], context.slots[violation.slot], names))
    # Meetings off the grid (placed at a time that is no slot) are checked by their times.
    for placement in placements:
        after = placement.after
        for other in theirs:
            if other.id in new_place or (other.meeting.start, other.meeting.venue) in slot_at:
                continue
            if other.meeting.start < after.end and after.start < other.meeting.end:
                for email in set(_pair(after)) & set(_pair(other.meeting)):
                    partner = names[other.meeting.partner_of(email)]
                    values = {"person": names[email], "partner": partner}
                    found.append(MoveRefusal(MoveRule.PERSON_BUSY, say.PERSON_BUSY, values))
    return found


def _blocked(
    mission: Mission, person: Participant, slot: B2BSlot, names: Mapping[str, str]
) -> MoveRefusal:
    """Why `slot` is blocked for `person`: availability, a programme item, or travel."""
    who = names[person.email]
    if not person.is_available(slot.window):
        return MoveRefusal(MoveRule.UNAVAILABLE, say.UNAVAILABLE, {"person": who})
    for item in attended_items(mission, person):
        if blocked_by_item(mission, slot, item):
            if item.window.overlaps(slot.window):
                values: dict[str, object] = {"person": who, "item": item.title}
                return MoveRefusal(MoveRule.PROGRAMME, say.PROGRAMME, values)
            minutes = mission.travel_minutes(item.venue, slot.venue)
            values = {"person": who, "item": item.title, "minutes": minutes}
            return MoveRefusal(MoveRule.TRAVEL_TIME, say.TRAVEL_TIME, values)
    return MoveRefusal(MoveRule.UNAVAILABLE, say.UNAVAILABLE, {"person": who})


def _swapped(first: StoredMeeting, second: StoredMeeting) -> tuple[Placement, Placement]:
    a, b = first.meeting, second.meeting
    return (
        Placement(first.id, a, replace(a, start=b.start, end=b.end, venue=b.venue, table=b.table)),
        Placement(second.id, b, replace(b, start=a.start, end=a.end, venue=a.venue, table=a.table)),
    )


def _meeting(session: Session, context: DeskContext, meeting_id: int) -> StoredMeeting:
    found = store.mission_meeting(session, context.mission_id, meeting_id)
    if found is None:
        raise MeetingNotFound(meeting_id)
    return found


def _same_place(before: Meeting, after: Meeting) -> bool:
    return (before.start, before.venue, before.table) == (after.start, after.venue, after.table)


def _pair(meeting: Meeting) -> tuple[str, str]:
    return (meeting.requester, meeting.requested)


def _names(session: Session, emails: Sequence[str]) -> dict[str, str]:
    people = repo.participants_by_email(session, set(emails))
    return {e: people[e].full_name if e in people else e for e in emails}


def mission_id_of(session: Session, mission: str) -> int:
    """The stored id of mission `mission`; raises `repo.MissionNotFound`."""
    found = session.scalar(select(MissionRow.id).where(MissionRow.key == mission))
    if found is None:
        raise repo.MissionNotFound(mission)
    return found
