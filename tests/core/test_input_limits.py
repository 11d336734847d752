"""The size and row limits of the files people give, and how their refusals read."""

from __future__ import annotations

from pathlib import Path

import pytest

from rencontre.core.input_limits import (
    DEFAULT_MAX_FILE_MB,
    DEFAULT_MAX_ROWS,
    FileTooLarge,
    InputLimits,
)


def test_the_defaults_are_50_mb_and_100_000_rows() -> None:
    limits = InputLimits()
    assert (limits.max_file_mb, limits.max_rows) == (DEFAULT_MAX_FILE_MB, DEFAULT_MAX_ROWS)
    assert (limits.max_file_bytes, limits.max_unzipped_bytes) == (50_000_000, 1_000_000_000)


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "organisations.csv"
    path.write_bytes(b"x" * 1000)
    assert InputLimits(max_file_mb=0.001).read_bytes(path) == b"x" * 1000


def test_a_file_past_the_limit_is_refused_with_its_size_and_the_option(tmp_path: Path) -> None:
    path = tmp_path / "organisations.csv"
    path.write_bytes(b"x" * 1001)
    limits = InputLimits(max_file_mb=0.001, file_mb_option="--max-file-mb")
    with pytest.raises(FileTooLarge) as refused:
        limits.read_bytes(path)
    reason = "1,001 bytes, over the limit of 1,000 bytes per file (raise it with --max-file-mb)"
    assert refused.value.reason == reason
    assert str(refused.value) == f"{path}: {reason}"


@pytest.mark.parametrize(
    ("size_bytes", "written"),
    [(62_345_678, "62 MB"), (3_250_000, "3.2 MB"), (5_000_000, "5 MB"), (999_999, "999,999 bytes")],
)
def test_sizes_read_as_people_write_them(size_bytes: int, written: str) -> None:
    assert InputLimits().size_reason(size_bytes) == f"{written}, over the limit of 50 MB per file"


def test_the_rows_reason_names_the_limit_and_the_option() -> None:
    limits = InputLimits(max_rows=100_000, rows_option="--max-rows")
    assert limits.rows_reason() == (
        "more than 100,000 rows, the limit per file (raise it with --max-rows)"
    )


@pytest.mark.parametrize("limits", [{"max_file_mb": 0}, {"max_file_mb": float("nan")},
                                    {"max_rows": 0}])  # fmt: skip
def test_limits_that_would_refuse_everything_are_refused(limits: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        InputLimits(**limits)  # type: ignore[arg-type]
