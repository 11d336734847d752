"""How much of a file a reader takes in: its size, checked before it is read, and its rows.

One place for the limits of every file a person gives (the import's files, whatever the
command line or the web hands to it, and the organisations of `match partners`), so that
a file too big for the machine is refused with its size and the limit instead of filling the
memory first. The defaults fit every real mission with a wide margin: a few thousand
organisations and participants take a few megabytes.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

#: Per file; 1 MB is 1,000,000 bytes, as file managers count them.
DEFAULT_MAX_FILE_MB = 50.0
#: Per file: the records of a CSV or JSON file, of all the sheets of a workbook together.
DEFAULT_MAX_ROWS = 100_000
BYTES_PER_MB = 1_000_000
#: A workbook is a zip: its content may unzip to this many times the file limit. Spreadsheet
#: XML compresses about 5 to 10 times; a zip bomb, thousands of times.
UNZIPPED_PER_FILE_MB = 20


class FileTooLarge(ValueError):
    """A file refused for its size before being read: `reason` says the size and the limit."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True)
class InputLimits:
    """The size and row limits of one reading, and how the reader may raise them.

    `file_mb_option` and `rows_option` name what raises each limit where the reader is
    (`--max-file-mb` on the command line); an error past a limit names it. Empty when the
    reader cannot raise it (a web upload).
    """

    max_file_mb: float = DEFAULT_MAX_FILE_MB
    max_rows: int = DEFAULT_MAX_ROWS
    file_mb_option: str = ""
    rows_option: str = ""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.max_file_mb) and self.max_file_mb > 0):
            raise ValueError(f"max_file_mb must be a positive number, got {self.max_file_mb}")
        if self.max_rows < 1:
            raise ValueError(f"max_rows must be at least 1, got {self.max_rows}")

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * BYTES_PER_MB)

    @property
    def max_unzipped_bytes(self) -> int:
        return self.max_file_bytes * UNZIPPED_PER_FILE_MB

    def check_size(self, path: Path) -> None:
        """Refuse `path` (FileTooLarge) when the file system says it is over the limit."""
        size = os.stat(path).st_size
        if size > self.max_file_bytes:
            raise FileTooLarge(path, self.size_reason(size))

    def read_bytes(self, path: Path) -> bytes:
        """The bytes of `path`, never more than the limit in memory (FileTooLarge past it).

        The size is checked before reading, and the reading stops one byte past the limit
        too, for a file that grows meanwhile or that has no size (a pipe).
        """
        self.check_size(path)
        with open(path, "rb") as file:
            data = file.read(self.max_file_bytes + 1)
        if len(data) > self.max_file_bytes:
            raise FileTooLarge(path, f"over the limit of {_mb(self.max_file_bytes)} per file")
        return data

    def size_reason(self, size_bytes: int) -> str:
        """Why a file of `size_bytes` is refused: "62.3 MB, over the limit of 50 MB per file"."""
        limit = f"over the limit of {_mb(self.max_file_bytes)} per file"
        return f"{_mb(size_bytes)}, {limit}{_raise_with(self.file_mb_option)}"

    def unzipped_reason(self, size_bytes: int) -> str:
        """Why a workbook whose content unzips to `size_bytes` is refused unread."""
        why = f"{UNZIPPED_PER_FILE_MB} times the limit per file"
        if self.file_mb_option:
            why += f"; raise it with {self.file_mb_option}"
        limit = _mb(self.max_unzipped_bytes)
        return f"its content unzips to {_mb(size_bytes)}, over the limit of {limit} ({why})"

    def rows_reason(self) -> str:
        """Why a file is refused at its first row too many: "more than 100,000 rows, …"."""
        return (
            f"more than {self.max_rows:,} rows, the limit per file{_raise_with(self.rows_option)}"
        )


def _mb(size_bytes: int) -> str:
    """`size_bytes` as a person reads it: "2,048 bytes", "3.2 MB", "62 MB"."""
    if size_bytes < BYTES_PER_MB:
        return f"{size_bytes:,} bytes"
    mb = size_bytes / BYTES_PER_MB
    return f"{mb:.1f} MB" if mb < 10 and mb != int(mb) else f"{mb:,.0f} MB"


def _raise_with(option: str) -> str:
    return f" (raise it with {option})" if option else ""
