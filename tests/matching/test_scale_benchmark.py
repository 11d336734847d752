"""The scale benchmark's smoke size: recommend() through shortlists on synthetic organisations."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).parents[2] / "benchmarks/matching"


@pytest.fixture(scope="module")
def scale_bench() -> Iterator[ModuleType]:
    """benchmarks/matching/scale_bench.py, which imports its neighbours by their bare names."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        yield importlib.import_module("scale_bench")
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_smoke_size_recommends_with_reasons_and_measures_recall(scale_bench: ModuleType) -> None:
    # measure_recommend asserts that every recommendation has a reason.
    result = scale_bench.measure_recommend(2_000, "shortlist", 20)
    assert 0.0 < result["recall"] <= 1.0
    assert result["seconds"] > 0 and result["exact_s_per_row"] > 0
