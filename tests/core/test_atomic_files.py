"""Files replaced whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from rencontre.core.atomic_files import replace_file, write_bytes_atomically


def test_a_new_file_is_written_with_the_umask_mode(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        write_bytes_atomically(tmp_path / "out.csv", b"a,b\n")
    finally:
        os.umask(previous)
    assert (tmp_path / "out.csv").read_bytes() == b"a,b\n"
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o604)
    write_bytes_atomically(target, b"new")
    assert (target.read_bytes(), stat.S_IMODE(target.stat().st_mode)) == (b"new", 0o604)


def test_a_write_failing_half_way_leaves_the_previous_file_and_no_temporary(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"previous\n")

    def half_then_fail(out: BinaryIO) -> None:
        out.write(b"half of the new")
        out.flush()
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    with pytest.raises(UnicodeEncodeError):
        replace_file(target, half_then_fail)
    assert target.read_bytes() == b"previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_target_that_is_a_directory_is_refused_and_no_temporary_is_left(
    tmp_path: Path,
) -> None:
    (tmp_path / "out.csv").mkdir()
    with pytest.raises(IsADirectoryError):
        write_bytes_atomically(tmp_path / "out.csv", b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
