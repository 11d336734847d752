from __future__ import annotations

import numpy as np

from rencontre.matching.arrays import distinct, flat_ranges, runs, sum_rows_by_group


def test_distinct_equals_numpy_unique() -> None:
    values = np.random.default_rng(0).integers(0, 40, 300)
    assert distinct(values).tolist() == np.unique(values).tolist()
    assert distinct(np.zeros(0, dtype=np.int64)).tolist() == []


def test_runs_give_each_value_and_where_it_starts() -> None:
    values, starts = runs(np.array([2, 2, 5, 7, 7, 7]))
    assert values.tolist() == [2, 5, 7]
    assert starts.tolist() == [0, 2, 3]
    assert [len(x) for x in runs(np.zeros(0, dtype=np.int64))] == [0, 0]


def test_flat_ranges_lay_ranges_end_to_end() -> None:
    owner, at = flat_ranges(np.array([5, 0, 9]), np.array([2, 0, 3]))
    assert owner.tolist() == [0, 0, 2, 2, 2]
    assert at.tolist() == [5, 6, 9, 10, 11]


def test_sum_rows_by_group_equals_a_loop_and_leaves_empty_groups_zero() -> None:
    rng = np.random.default_rng(0)
    rows = rng.standard_normal((50, 4)).astype(np.float32)
    groups = rng.integers(0, 7, 50)
    groups[groups == 3] = 4  # group 3 stays empty
    sums = sum_rows_by_group(rows, groups, 8)
    for g in range(8):
        np.testing.assert_allclose(sums[g], rows[groups == g].sum(axis=0), rtol=1e-5, atol=1e-6)
    assert not sums[3].any() and not sums[7].any()
    assert sum_rows_by_group(rows[:0], groups[:0], 2).shape == (2, 4)
