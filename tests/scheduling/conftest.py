"""Tiny hand-made problems for the scheduling tests, and the path of the real instances."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from rencontre.scheduling.problem import Meeting, Problem, Slot
from rencontre.shared_data import shared_dir

INSTANCES = shared_dir() / "data/b2b-jair2022/instances"

ProblemFactory = Callable[..., Problem]
LARGE_BENCHMARK = Path(__file__).parents[2] / "benchmarks/scheduling/large.py"


@pytest.fixture(scope="session")
def large_benchmark() -> ModuleType:
    """`benchmarks/scheduling/large.py` (not a package), for its event generator."""
    spec = importlib.util.spec_from_file_location("large_benchmark", LARGE_BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["large_benchmark"] = module
    spec.loader.exec_module(module)
    return module


def build_problem(
    pairs: list[tuple[int, int]],
    *,
    participants: int | None = None,
    slots: int = 4,
    tables: int = 2,
    morning_slots: int | None = None,
    forbidden: dict[int, set[int]] | None = None,
    meetings: list[Meeting] | None = None,
) -> Problem:
    """One day of `slots` slots (the first `morning_slots` in the morning), `tables` each."""
    count = participants or 1 + max((max(pair) for pair in pairs), default=0)
    morning = slots if morning_slots is None else morning_slots
    return Problem(
        participant_count=count,
        meetings=tuple(meetings or [Meeting(a, b) for a, b in pairs]),
        slots=tuple(
            Slot(day=0, session=0 if t < morning else 1, tables=tables) for t in range(slots)
        ),
        forbidden_slots=tuple(frozenset((forbidden or {}).get(p, set())) for p in range(count)),
    )


@pytest.fixture
def make_problem() -> ProblemFactory:
    return build_problem


@pytest.fixture
def instances_dir() -> Path:
    if not INSTANCES.is_dir():
        pytest.fail(f"benchmark instances not found at {INSTANCES}")
    return INSTANCES
