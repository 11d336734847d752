"""`--max-file-mb` and `--max-rows`: the limits of the files a command reads, raised by hand.

Shared by `rencontre import` and `rencontre match partners`, so that both say the same and a
refusal names the option that raises the limit it hit.
"""

from __future__ import annotations

import math
from typing import Annotated

import typer

from rencontre.core.input_limits import UNZIPPED_PER_FILE_MB, InputLimits

FILE_MB_OPTION = "--max-file-mb"
ROWS_OPTION = "--max-rows"


def _positive_mb(value: float) -> float:
    if not (math.isfinite(value) and value > 0):
        raise typer.BadParameter(f"must be a positive number, got {value}")
    return value


MaxFileMbOption = Annotated[
    float,
    typer.Option(
        FILE_MB_OPTION,
        help="Refuse, unread, a file larger than this many megabytes (1 MB = 1,000,000 "
        f"bytes; a workbook may also unzip to {UNZIPPED_PER_FILE_MB} times this at most).",
        callback=_positive_mb,
    ),
]
MaxRowsOption = Annotated[
    int,
    typer.Option(
        ROWS_OPTION,
        min=1,
        help="Refuse a file of more rows than this (a workbook: all its sheets together); "
        "reading stops there.",
    ),
]


def input_limits(max_file_mb: float, max_rows: int) -> InputLimits:
    """The limits given on the command line, naming their options in refusals."""
    return InputLimits(max_file_mb, max_rows, FILE_MB_OPTION, ROWS_OPTION)
