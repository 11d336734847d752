"""Files the commands write: checked before the work, written whole, with the usual mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rencontre.cli.files import CannotWrite, check_directory, check_file, write_atomically


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_gets_the_mode_of_the_umask(tmp_path: Path, umask: None) -> None:
    path = tmp_path / "out.tsv"
    write_atomically(path, b"1\t2\n", "--output")
    assert path.read_bytes() == b"1\t2\n"
    assert mode_of(path) == 0o644
    os.umask(0o027)
    other = tmp_path / "other.tsv"
    write_atomically(other, b"", "--output")
    assert mode_of(other) == 0o640


def test_replaced_file_keeps_its_mode(tmp_path: Path, umask: None) -> None:
    path = tmp_path / "out.tsv"
    path.write_bytes(b"old\n")
    path.chmod(0o664)
    write_atomically(path, b"new\n", "--output")
    assert (path.read_bytes(), mode_of(path)) == (b"new\n", 0o664)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tsv"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [("nodir/x.tsv", "no directory {tmp}/nodir"), (".", "it is a directory")],
)
def test_file_that_cannot_be_written_is_named_with_the_reason(
    tmp_path: Path, name: str, reason: str
) -> None:
    path = tmp_path / name
    with pytest.raises(CannotWrite) as caught:
        check_file(path, "--output")
    assert str(caught.value) == f"--output {path}: cannot write ({reason.format(tmp=tmp_path)})"
    assert sorted(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "reason"), [("afile", "it is not a directory"), ("afile/sub", "not a directory")]
)
def test_directory_that_cannot_be_made_is_named_with_the_reason(
    tmp_path: Path, name: str, reason: str
) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(CannotWrite) as caught:
        check_directory(tmp_path / name, "--cache-dir")
    assert str(caught.value) == f"--cache-dir {tmp_path / name}: cannot write ({reason})"


def test_missing_directory_is_created(tmp_path: Path) -> None:
    check_directory(tmp_path / "a" / "b", "--cache-dir")
    assert (tmp_path / "a" / "b").is_dir()
    assert list((tmp_path / "a" / "b").iterdir()) == []
