"""The large-event benchmark's smoke path: a tiny generated event, solved in mode max."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

LARGE = Path(__file__).parents[2] / "benchmarks/scheduling/large.py"


def load_large() -> ModuleType:
    spec = importlib.util.spec_from_file_location("large_benchmark", LARGE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["large_benchmark"] = module
    spec.loader.exec_module(module)
    return module


def test_smoke_event_is_fully_placed_and_valid() -> None:
    large = load_large()
    event = large.generate_event(large.SMOKE, slack=0.1, seed=1)
    assert len(event.problem.meetings) == len(event.reference)
    row = large.run_event(event, time_limit_s=5.0, workers=1)
    assert (row["all_placed"], row["valid"]) == (True, True)
