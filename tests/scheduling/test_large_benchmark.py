"""The large-event benchmark's smoke path: a tiny generated event, solved in mode max."""

from __future__ import annotations

from types import ModuleType


def test_smoke_event_is_fully_placed_and_valid(large_benchmark: ModuleType) -> None:
    large = large_benchmark
    event = large.generate_event(large.SMOKE, slack=0.1, seed=1)
    assert len(event.problem.meetings) == len(event.reference)
    row = large.run_event(event, time_limit_s=5.0, workers=1)
    assert (row["all_placed"], row["valid"]) == (True, True)
