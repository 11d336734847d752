from __future__ import annotations

from pathlib import Path

import pytest

from rencontre.scheduling.diagnostics import DiagnosticKind
from rencontre.scheduling.dzn_reader import read_dzn
from rencontre.scheduling.problem import Meeting, Problem, Slot
from rencontre.scheduling.schedule import SolveResult, SolveStatus
from rencontre.scheduling.solver import SolveProgress, solve
from rencontre.scheduling.validator import total_breaks, validate

from .conftest import ProblemFactory

# A star: participant 0 meets 1..3 but 0 cannot attend slot 1, so it has one break at best.
STAR = [(0, 1), (0, 2), (0, 3)]


def test_mode_all_finds_and_proves_the_optimum(make_problem: ProblemFactory) -> None:
    problem = make_problem(STAR, slots=5, forbidden={0: {1}})
    for backend in ("sat", "cpsat"):
        result = solve(problem, mode="all", time_limit_s=20, workers=1, backend=backend)
        assert result.status == SolveStatus.OPTIMAL
        assert result.schedule is not None
        assert (result.total_breaks, result.breaks_bound, result.gap) == (0, 0, 0.0)
        assert validate(problem, result.schedule.slot_of) == []


def test_mode_all_with_a_forced_break(make_problem: ProblemFactory) -> None:
    problem = make_problem(STAR, slots=4, forbidden={0: {1}})
    for workers in (1, 2):
        result = solve(problem, mode="all", time_limit_s=20, workers=workers)
        assert (result.status, result.total_breaks, result.breaks_bound) == (
            SolveStatus.OPTIMAL,
            1,
            1,
        )


def test_infeasible_fairness_is_reported(make_problem: ProblemFactory) -> None:
    problem = make_problem(STAR, participants=5, slots=4, forbidden={0: {1}})
    result = solve(problem, mode="all", fairness=0, time_limit_s=20, workers=1)
    assert (result.status, result.schedule) == (SolveStatus.INFEASIBLE, None)
    assert [d.kind for d in result.diagnostics] == [DiagnosticKind.NO_SCHEDULE_WITHIN_FAIRNESS]


def test_precheck_reasons_come_back_as_data(make_problem: ProblemFactory) -> None:
    problem = make_problem(STAR, slots=2)
    result = solve(problem, mode="all", time_limit_s=5, workers=1)
    assert result.status == SolveStatus.INFEASIBLE
    assert [d.message for d in result.diagnostics] == [
        "participant 1 has 3 meetings but only 2 usable slots"
    ]


def test_mode_max_places_the_heaviest_meetings_first(make_problem: ProblemFactory) -> None:
    meetings = [Meeting(0, 1, weight=1), Meeting(0, 2, weight=3), Meeting(0, 3, weight=2)]
    problem = make_problem([], participants=4, slots=2, meetings=meetings)
    result = solve(problem, mode="max", time_limit_s=20, workers=1)
    assert result.status == SolveStatus.OPTIMAL
    assert result.schedule is not None
    assert (sorted(result.schedule.slot_of), result.placed_weight) == ([1, 2], 5)
    assert result.total_breaks == 0


def test_progress_callback_is_called(make_problem: ProblemFactory) -> None:
    seen: list[SolveProgress] = []
    solve(make_problem(STAR), mode="all", time_limit_s=10, workers=1, progress_callback=seen.append)
    assert [p.phase for p in seen] == ["sat"]


def test_real_instance_reaches_published_optimum(instances_dir: Path) -> None:
    problem = read_dzn(instances_dir / "tic-12.original.dzn")
    result = solve(problem, mode="all", fairness=2, time_limit_s=60, workers=2)
    assert (result.status, result.total_breaks) == (SolveStatus.OPTIMAL, 0)
    assert result.schedule is not None
    assert total_breaks(problem, result.schedule.slot_of) == 0
    assert validate(problem, result.schedule.slot_of, fairness=2) == []


def test_real_infeasible_instance(instances_dir: Path) -> None:
    problem = read_dzn(instances_dir / "tic-13crafc.original.dzn")
    result = solve(problem, mode="all", fairness=0, time_limit_s=60, workers=2)
    assert result.status == SolveStatus.INFEASIBLE


def test_solve_sends_large_events_in_mode_max_to_neighbourhood_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rencontre.scheduling import large_event, solver

    calls: list[int] = []
    real = large_event.solve_large_event

    def recording(problem: Problem, **options: object) -> SolveResult:
        calls.append(len(problem.meetings))
        return real(problem, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(large_event, "solve_large_event", recording)
    monkeypatch.setattr(solver, "LARGE_EVENT_MEETINGS", 3)
    problem = Problem(
        participant_count=4,
        meetings=(Meeting(0, 1), Meeting(2, 3), Meeting(0, 2)),
        slots=(Slot(0, 0, 2), Slot(0, 0, 2)),
    )
    result = solver.solve(problem, mode="max", time_limit_s=5, workers=1)
    assert calls == [3]
    assert result.placed_count == 3
    assert result.total_breaks == 0
    # With a fairness bound the general search runs instead.
    solver.solve(problem, mode="max", fairness=1, time_limit_s=5, workers=1)
    assert calls == [3]
