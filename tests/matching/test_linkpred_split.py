"""The link-prediction split of the matching benchmarks is disjoint by pair, not only by query."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).parents[2] / "benchmarks/matching"


@pytest.fixture(scope="module")
def shared_data() -> Iterator[ModuleType]:
    """benchmarks/matching/shared_data.py, which its neighbours import by its bare name."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        yield importlib.import_module("shared_data")
    finally:
        sys.path.remove(str(BENCHMARKS))


def tiny_projects(shared_data: ModuleType) -> object:
    """Dev queries 2 and 4 (even PICs), held-out queries 3 and 5; 6 has no new partner.

    New partnerships: 2–3 (across the split), 2–4 (dev only), 3–5 (held-out only); 2 and 6
    were already partners."""
    organisations = {
        pic: shared_data.Organisation(pic, f"org {pic}", "FR", "PRC") for pic in "23456"
    }
    for a, b in (("2", "3"), ("2", "4"), ("3", "5")):
        organisations[a].new_partners.add(b)
        organisations[b].new_partners.add(a)
    organisations["2"].partners.add("6")
    organisations["6"].partners.add("2")
    return shared_data.LinkPredictionData(organisations, {}, {})


def test_held_out_queries_are_never_training_candidates(shared_data: ModuleType) -> None:
    data = tiny_projects(shared_data)
    assert data.queries(split="dev") == ["2", "4"]
    assert data.queries(split="held-out") == ["3", "5"]
    # Not itself, not its known partner 6, not the held-out queries 3 and 5.
    assert data.training_candidates("2") == {"4"}


def test_held_out_pairs_are_what_the_held_out_split_scores(shared_data: ModuleType) -> None:
    data = tiny_projects(shared_data)
    assert data.held_out_pairs() == {("3", "2"), ("3", "5"), ("5", "3")}


def test_a_training_positive_read_the_other_way_round_is_refused(
    shared_data: ModuleType,
) -> None:
    data = tiny_projects(shared_data)
    with pytest.raises(shared_data.SplitLeakError, match=r"1 training positives .*'2', '3'"):
        shared_data.check_pair_disjoint([("2", "4"), ("2", "3")], data.held_out_pairs())


def test_training_positives_among_candidates_pass_the_check(shared_data: ModuleType) -> None:
    data = tiny_projects(shared_data)
    positives = [
        (query, partner)
        for query in data.queries(split="dev")
        for partner in data.organisations[query].new_partners & data.training_candidates(query)
    ]
    assert sorted(positives) == [("2", "4"), ("4", "2")]
    shared_data.check_pair_disjoint(positives, data.held_out_pairs())
