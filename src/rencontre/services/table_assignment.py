"""Give each scheduled meeting a table, keeping people at the same table when they can.

Moving between tables costs time and confuses people; a participant with several
consecutive meetings at one venue should stay seated. Slot by slot in time order, meetings
are matched to tables so that as many people as possible keep the table they had in the
previous slot of the same session: an optimal assignment (OR-Tools' linear sum
assignment), where greedy choices lose seats whenever two people of one meeting come from
different tables.

A meeting may also come with a preferred table: the one it already has in a published
schedule, when it stays in its slot. Keeping a published table outweighs keeping people
seated, since the two people already know where to go and re-printed agendas confuse.
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
    preferred_tables: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """Return meeting index -> 1-based table number.

    `meetings` are participant pairs, `slot_of_meeting` maps a meeting index to its 0-based
    slot; slots not in the mapping are unscheduled. `preferred_tables` (meeting index ->
    1-based table) are kept whenever the slot has that table, before any seat is kept.
    Raises ValueError when a slot holds more meetings than it has tables, which a validated
    schedule never does.
    """
    preferred = preferred_tables or {}
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
        kept = [preferred.get(m) for m in held]
        for meeting, table in zip(held, _match_tables(wanted, kept, capacity), strict=True):
            table_of[meeting] = table
        seat_of_person = {p: table_of[m] for m in held for p in meetings[m]}
        previous_slot = slot
    return table_of


def _match_tables(
    wanted: list[list[int | None]], preferred: list[int | None], capacity: int
) -> list[int]:
    """1-based tables for each meeting: most preferred tables kept, then most seats kept.

    Ties give earlier meetings lower table numbers, so a slot's tables fill from the first.
    """
    assignment = SimpleLinearSumAssignment()
    # One kept seat must outweigh any spread of table numbers (at most capacity² in all).
    keep_bonus = (capacity + 1) ** 3
    # One kept preferred table must outweigh every seat of the slot (two per meeting).
    preferred_bonus = (2 * capacity + 1) * keep_bonus
    # Rows past len(wanted) are empty places so the matching is square.
    for row in range(capacity):
        for table in range(1, capacity + 1):
            if row < len(wanted):
                kept = sum(t == table for t in wanted[row])
                cost = -keep_bonus * kept + table * (capacity - row)
                if preferred[row] == table:
                    cost -= preferred_bonus
            else:
                cost = 0
            assignment.add_arc_with_cost(row, table - 1, cost)
    if assignment.solve() != assignment.OPTIMAL:
        raise RuntimeError("table assignment failed")  # cannot happen on a square matrix
    return [assignment.right_mate(row) + 1 for row in range(len(wanted))]
