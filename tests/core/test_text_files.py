from __future__ import annotations

from pathlib import Path

import pytest

from rencontre.core.text_files import NotUtf8Error, read_utf8


def written(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no BOM", "BOM"])
def test_text_is_read_with_or_without_byte_order_mark(tmp_path: Path, bom: bytes) -> None:
    assert read_utf8(written(tmp_path, bom + "café\nkoffie\n".encode())) == "café\nkoffie\n"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no BOM", "BOM"])
def test_bad_byte_is_the_bad_one_with_or_without_byte_order_mark(
    tmp_path: Path, bom: bytes
) -> None:
    path = written(tmp_path, bom + b"abcdefgh \xe9x\n")
    with pytest.raises(NotUtf8Error) as caught:
        read_utf8(path)
    assert (caught.value.line, caught.value.byte, caught.value.column) == (1, 0xE9, 10)
    assert str(caught.value) == f"{path}:1: not UTF-8 (byte 0xe9 at character 10 of the line)"


def test_column_counts_characters_of_its_own_line(tmp_path: Path) -> None:
    # "été " is 4 characters but 6 bytes: an editor shows the bad byte in column 5.
    path = written(tmp_path, b"\xef\xbb\xbffirst line\n" + "été ".encode() + b"\xff rest\n")
    with pytest.raises(NotUtf8Error) as caught:
        read_utf8(path)
    assert (caught.value.line, caught.value.byte, caught.value.column) == (2, 0xFF, 5)


def test_bad_first_byte_is_column_1(tmp_path: Path) -> None:
    with pytest.raises(NotUtf8Error) as caught:
        read_utf8(written(tmp_path, b"ok\n\n\xe9\n"))
    assert (caught.value.line, caught.value.column) == (3, 1)
