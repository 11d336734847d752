"""Give each scheduled meeting a table, keeping people at the same table when they can.

Moving between tables costs time and confuses people; a participant with several
consecutive meetings at one venue should stay seated. Slot by slot in time order, meetings
are matched to tables so that as many people as possible keep the table they had in the
previous slot of the same session: an optimal assignment (OR-Tools' linear sum
assignment), where greedy choices lose seats whenever two people of one meeting come from
different tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.graph.python.linear_sum_assignment import SimpleLinearSumAssignment

from rencontre.core.wording import counted


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
    seat_of_person: dict[str, int] = {}  # table used in the previous slot, same session
    previous_slot: int | None = None
    for slot in sorted(by_slot):
        contiguous = previous_slot == slot - 1 and places[slot].session == places[slot - 1].session
        held = sorted(by_slot[slot])
        capacity = places[slot].tables
        if len(held) > capacity:
            tables = counted(capacity, "table")
            raise ValueError(f"slot {slot} holds more meetings than its {tables}")
        last_seat = seat_of_person if contiguous else {}
        wanted = [[last_seat.get(p) for p in meetings[m]] for m in held]
        for meeting, table in zip(held, _match_tables(wanted, capacity), strict=True):
            table_of[meeting] = table
        seat_of_person = {p: table_of[m] for m in held for p in meetings[m]}
        previous_slot = slot
    return table_of


def _match_tables(wanted: list[list[int | None]], capacity: int) -> list[int]:
    """1-based tables for each meeting, maximising people who keep their wanted table.

    Ties give earlier meetings lower table numbers, so a slot's tables fill from the first.
    """
    assignment = SimpleLinearSumAssignment()
    # One kept seat must outweigh any spread of table numbers (at most capacity² in all).
    keep_bonus = (capacity + 1) ** 3
    # Rows past len(wanted) are empty places so the matching is square.
    for row in range(capacity):
        for table in range(1, capacity + 1):
            if row < len(wanted):
                kept = sum(t == table for t in wanted[row])
                cost = -keep_bonus * kept + table * (capacity - row)
            else:
                cost = 0
            assignment.add_arc_with_cost(row, table - 1, cost)
    if assignment.solve() != assignment.OPTIMAL:
        raise RuntimeError("table assignment failed")  # cannot happen on a square matrix
    return [assignment.right_mate(row) + 1 for row in range(len(wanted))]
