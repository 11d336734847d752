"""Each rule of the CP-SAT model on a tiny instance: penalised / not penalised, infeasible / not."""

from __future__ import annotations

from ortools.sat.python import cp_model

from rencontre.scheduling.cpsat_model import build_model
from rencontre.scheduling.problem import Meeting, Problem, Slot

from .conftest import ProblemFactory


def solve_fixed(
    problem: Problem, slot_of: dict[int, int], *, fairness: int | None = None
) -> list[int] | None:
    """Per-participant breaks the model computes for a forced placement (None: infeasible)."""
    built = build_model(problem, mode="all", fairness=fairness)
    for m, t in slot_of.items():
        if (m, t) not in built.place:
            return None
        built.model.add(built.place[m, t] == 1)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [solver.value(b) for b in built.participant_breaks]


def test_break_counted_when_participant_idles_between_meetings(
    make_problem: ProblemFactory,
) -> None:
    problem = make_problem([(0, 1), (0, 2)], slots=4)
    assert solve_fixed(problem, {0: 0, 1: 2}) == [1, 0, 0]
    assert solve_fixed(problem, {0: 0, 1: 1}) == [0, 0, 0]


def test_lunch_gap_penalised_overnight_gap_not() -> None:
    one_day = tuple(Slot(0, 0 if t < 2 else 1, 2) for t in range(4))
    two_days = tuple(Slot(t // 2, 0, 2) for t in range(4))
    meetings = (Meeting(0, 1), Meeting(0, 2))
    assert solve_fixed(Problem(3, meetings, one_day), {0: 0, 1: 3}) == [1, 0, 0]
    assert solve_fixed(Problem(3, meetings, two_days), {0: 0, 1: 3}) == [0, 0, 0]


def test_participant_cannot_be_in_two_meetings_at_once(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (0, 2)])
    assert solve_fixed(problem, {0: 1, 1: 1}) is None
    assert solve_fixed(problem, {0: 1, 1: 2}) == [0, 0, 0]


def test_tables_per_slot(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (2, 3)], tables=1)
    assert solve_fixed(problem, {0: 0, 1: 0}) is None
    assert solve_fixed(problem, {0: 0, 1: 1}) == [0, 0, 0, 0]


def test_forbidden_slot_has_no_variable(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1)], forbidden={1: {0}})
    assert solve_fixed(problem, {0: 0}) is None
    assert solve_fixed(problem, {0: 1}) == [0, 0]


def test_precedence(make_problem: ProblemFactory) -> None:
    meetings = [Meeting(0, 1), Meeting(2, 3, predecessors=frozenset({0}))]
    problem = make_problem([], participants=4, meetings=meetings)
    assert solve_fixed(problem, {0: 2, 1: 2}) is None
    assert solve_fixed(problem, {0: 1, 1: 2}) == [0, 0, 0, 0]


def test_fairness_bounds_every_participant_when_someone_cannot_break(
    make_problem: ProblemFactory,
) -> None:
    problem = make_problem([(0, 1), (0, 2), (0, 3)], slots=6)
    placement = {0: 0, 1: 2, 2: 4}  # participant 0 has 2 breaks, the others 0
    assert solve_fixed(problem, placement, fairness=1) is None
    assert solve_fixed(problem, placement, fairness=2) == [2, 0, 0, 0]
