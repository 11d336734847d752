from __future__ import annotations

from rencontre.scheduling.problem import Meeting
from rencontre.scheduling.repair import (
    Move,
    MoveKind,
    add_meeting,
    cancel_participant,
    repair,
    set_tables,
)

from .conftest import ProblemFactory


def test_cancel_keeps_everyone_else_in_place(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (0, 2), (3, 4)], slots=3)
    previous = {0: 0, 1: 1, 2: 0}
    outcome = repair(cancel_participant(problem, 1), previous, mode="all", workers=1)
    assert outcome.result.schedule is not None
    assert dict(outcome.result.schedule.slot_of) == {0: 1, 1: 0}
    assert outcome.moves == (Move(MoveKind.DROPPED, 0, 0, None),)
    assert outcome.moved_count == 1


def test_lost_table_moves_one_meeting(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (2, 3)], slots=2, tables=2)
    outcome = repair(set_tables(problem, 0, 1), {0: 0, 1: 0}, mode="all", workers=1)
    assert outcome.moved_count == 1
    assert [m.kind for m in outcome.moves] == [MoveKind.MOVED]


def test_added_meeting_fits_without_moving_others(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1)], participants=3, slots=3)
    outcome = repair(add_meeting(problem, Meeting(0, 2)), {0: 1}, mode="max", workers=1)
    assert outcome.moved_count == 0
    assert [(m.kind, m.meeting, m.old_slot) for m in outcome.moves] == [(MoveKind.ADDED, 1, None)]
    assert outcome.result.total_breaks == 0
