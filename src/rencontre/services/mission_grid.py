"""The B2B grid of a mission as the scheduler sees it: slots, days, tables, blocked slots.

A participant cannot meet in a slot when they are unavailable then, when they attend a
programme item that overlaps it, or when they could not get from that item's venue to the
slot's venue (or back) in time. A slot has the tables its venue has when it starts (a venue's
`table_changes` cut or add tables from a given time on).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from rencontre.core.enums import ProgrammeItemKind
from rencontre.core.mission import B2BSlot, Mission, ProgrammeItem
from rencontre.core.participant import Participant


@dataclass(frozen=True)
class MissionGrid:
    """Slots in time order with the day each falls on and the tables of its venue."""

    slots: tuple[B2BSlot, ...]
    day_of_slot: tuple[int, ...]  # 0-based day within the mission
    session_of_slot: tuple[int, ...]  # 0-based index of the B2B session
    tables_of_slot: tuple[int, ...]


def build_grid(mission: Mission) -> MissionGrid:
    """Lay out every B2B slot of `mission` with its day, session and table count."""
    slots = mission.slots()
    session_keys = [s.key for s in mission.b2b_sessions]
    return MissionGrid(
        slots=slots,
        day_of_slot=tuple((s.start.date() - mission.start_date).days for s in slots),
        session_of_slot=tuple(session_keys.index(s.session) for s in slots),
        tables_of_slot=tuple(mission.venue(s.venue).tables_at(s.start) for s in slots),
    )


def attended_items(mission: Mission, person: Participant) -> tuple[ProgrammeItem, ...]:
    """Programme items other than B2B sessions that `person` attends, in time order.

    An item outside the person's availability is not theirs (`ProgrammeItem.is_attended_by`):
    not in their agenda, not a constraint on their meetings, not in any count.
    """
    return tuple(
        sorted(
            (
                p
                for p in mission.programme
                if p.kind is not ProgrammeItemKind.B2B_SESSION and p.is_attended_by(person)
            ),
            key=lambda p: p.start,
        )
    )


def blocked_by_item(mission: Mission, slot: B2BSlot, item: ProgrammeItem) -> bool:
    """True when attending `item` leaves no time to be at `slot` (overlap or travel)."""
    travel = timedelta(minutes=mission.travel_minutes(item.venue, slot.venue))
    return slot.start < item.end + travel and item.start < slot.end + travel


def blocked_slots(mission: Mission, grid: MissionGrid, participant: Participant) -> frozenset[int]:
    """Indices of the slots in which `participant` cannot have a meeting."""
    items = attended_items(mission, participant)
    return frozenset(
        slot.index
        for slot in grid.slots
        if not participant.is_available(slot.window)
        or any(blocked_by_item(mission, slot, item) for item in items)
    )


def usable_slot_count(
    mission: Mission, grid: MissionGrid, participants: Sequence[Participant]
) -> dict[str, int]:
    """How many slots each participant could meet in (for diagnostics and demo checks)."""
    total = len(grid.slots)
    return {p.email: total - len(blocked_slots(mission, grid, p)) for p in participants}
