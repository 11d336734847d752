"""Text files users give: UTF-8 with or without a byte-order mark, or an error saying where."""

from __future__ import annotations

import codecs
from pathlib import Path


class NotUtf8Error(ValueError):
    """A text file with a byte that is not UTF-8, located: file, 1-based line, the byte and its
    1-based column, counted in characters as an editor shows them (a BOM not counted)."""

    def __init__(self, path: Path, line: int, byte: int, column: int) -> None:
        self.path, self.line, self.byte, self.column = path, line, byte, column
        where = f"at character {column} of the line"
        super().__init__(f"{path}:{line}: not UTF-8 (byte 0x{byte:02x} {where})")


def read_utf8(path: Path) -> str:
    """The text of `path`, UTF-8 with or without BOM; NotUtf8Error locates the first bad byte.

    Lines are counted at "\\n", as `str.split("\\n")` numbers them.
    """
    data = path.read_bytes()
    # The BOM is stripped by hand, not by "utf-8-sig": that codec reports the bad byte's offset
    # in the data after the BOM, which named the byte 3 places before the bad one.
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _located(path, body, error.start) from None


def _located(path: Path, body: bytes, start: int) -> NotUtf8Error:
    """The error for the bad byte at `start` of `body` (the file's bytes after any BOM)."""
    line_start = body.rfind(b"\n", 0, start) + 1
    # Everything before the first bad byte decodes, so its characters can be counted.
    column = len(body[line_start:start].decode("utf-8")) + 1
    return NotUtf8Error(path, body.count(b"\n", 0, start) + 1, body[start], column)
