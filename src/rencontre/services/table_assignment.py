"""Give each scheduled meeting a table, keeping people at the same table when they can.

Moving between tables costs time and confuses people; a participant with several
consecutive meetings at one venue should stay seated. Greedy per slot in time order: a
meeting first tries the table one of its participants used in the previous slot of the same
session, then the lowest free table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SlotPlace:
    """Where tables come from: the slot's session (tables are reused only within one)."""

    session: int
    tables: int


def assign_tables(
    meetings: Sequence[tuple[str, str]],
    slot_of_meeting: Mapping[int, int],
    places: Sequence[SlotPlace],
) -> dict[int, int]:
    """Return meeting index -> 1-based table number.

    `meetings` are participant pairs, `slot_of_meeting` maps a meeting index to its 0-based
    slot; slots not in the mapping are unscheduled. Raises ValueError when a slot holds more
    meetings than it has tables, which a validated schedule never does.
    """
    by_slot: dict[int, list[int]] = {}
    for meeting, slot in slot_of_meeting.items():
        by_slot.setdefault(slot, []).append(meeting)
    table_of: dict[int, int] = {}
    seat_of_person: dict[str, int] = {}  # table used in the previous slot of the same session
    previous_slot: int | None = None
    for slot in sorted(by_slot):
        contiguous = previous_slot == slot - 1 and places[slot].session == places[slot - 1].session
        last_seat = seat_of_person if contiguous else {}
        taken: set[int] = set()
        pending: list[int] = []
        for meeting in sorted(by_slot[slot]):
            a, b = meetings[meeting]
            wanted = [last_seat[p] for p in (a, b) if p in last_seat]
            free = [t for t in wanted if t not in taken]
            if free:
                table_of[meeting] = free[0]
                taken.add(free[0])
            else:
                pending.append(meeting)
        capacity = places[slot].tables
        free_tables = (t for t in range(1, capacity + 1) if t not in taken)
        for meeting in pending:
            table = next(free_tables, None)
            if table is None:
                raise ValueError(f"slot {slot} holds more meetings than its {capacity} tables")
            table_of[meeting] = table
            taken.add(table)
        seat_of_person = {}
        for meeting in by_slot[slot]:
            for person in meetings[meeting]:
                seat_of_person[person] = table_of[meeting]
        previous_slot = slot
    return table_of
