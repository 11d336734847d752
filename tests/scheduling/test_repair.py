from __future__ import annotations

from rencontre.scheduling.problem import Meeting
from rencontre.scheduling.repair import (
    Move,
    MoveKind,
    RepairProgress,
    add_meeting,
    cancel_participant,
    drop_meeting,
    repair,
    set_tables,
)
from rencontre.scheduling.schedule import SolveStatus

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


def test_one_move_costs_more_than_any_number_of_breaks(make_problem: ProblemFactory) -> None:
    # Cancelling 0-2 in slot 1 leaves 0 with a break (slots 0 and 2); moving 0-3 from slot 2
    # to slot 1 would close it, but the published meeting stays where it is.
    problem = make_problem([(0, 1), (0, 2), (0, 3)], slots=3)
    outcome = repair(drop_meeting(problem, 1), {0: 0, 1: 1, 2: 2}, mode="all", workers=1)
    assert outcome.result.schedule is not None
    assert dict(outcome.result.schedule.slot_of) == {0: 0, 1: 2}
    assert outcome.result.total_breaks == 1
    assert outcome.moves == (Move(MoveKind.DROPPED, 1, 1, None),)


def test_breaks_decide_where_a_new_meeting_goes(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1)], participants=3, slots=4)
    outcome = repair(add_meeting(problem, Meeting(0, 2)), {0: 1}, mode="max", workers=1)
    assert outcome.result.schedule is not None
    assert outcome.result.schedule.slot_of[1] in (0, 2)
    assert outcome.result.total_breaks == 0


def test_mode_max_places_weight_before_keeping_meetings_in_place(
    make_problem: ProblemFactory,
) -> None:
    # One slot, one table: the heavier new meeting takes the place of the published one.
    problem = make_problem([(0, 1)], participants=4, slots=1, tables=1)
    outcome = repair(add_meeting(problem, Meeting(2, 3, weight=3)), {0: 0}, mode="max", workers=1)
    assert outcome.result.schedule is not None
    assert dict(outcome.result.schedule.slot_of) == {1: 0}
    assert [m.kind for m in outcome.moves] == [MoveKind.DROPPED, MoveKind.ADDED]


def test_mode_all_without_room_is_infeasible_and_returns_no_schedule(
    make_problem: ProblemFactory,
) -> None:
    problem = make_problem([(0, 1), (2, 3)], slots=1, tables=2)
    outcome = repair(set_tables(problem, 0, 1), {0: 0, 1: 0}, mode="all", workers=1)
    assert outcome.result.status is SolveStatus.INFEASIBLE
    assert outcome.result.schedule is None
    assert (outcome.moves, outcome.moved_count) == ((), 0)


def test_progress_reports_each_better_repair(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (2, 3)], slots=2, tables=2)
    seen: list[RepairProgress] = []
    outcome = repair(
        set_tables(problem, 0, 1),
        {0: 0, 1: 0},
        mode="all",
        workers=1,
        progress_callback=seen.append,
    )
    assert seen, "no progress reported"
    assert (seen[-1].moved_count, seen[-1].placed_weight, seen[-1].total_breaks) == (1, 2, 0)
    assert outcome.moved_count == 1
