"""Text files users give: UTF-8 with or without a byte-order mark, or an error saying where."""

from __future__ import annotations

from pathlib import Path


class NotUtf8Error(ValueError):
    """A text file with a byte that is not UTF-8, located: file, 1-based line and the byte."""

    def __init__(self, path: Path, line: int, byte: int) -> None:
        self.path, self.line, self.byte = path, line, byte
        super().__init__(f"{path}:{line}: not UTF-8 (byte 0x{byte:02x})")


def read_utf8(path: Path) -> str:
    """The text of `path`, UTF-8 with or without BOM; NotUtf8Error locates the first bad byte.

    Lines are counted at "\\n", as `str.split("\\n")` numbers them.
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise NotUtf8Error(path, line, data[error.start]) from None
