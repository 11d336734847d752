"""Rows in and out of CSV, XLSX and JSON files, before any meaning is given to them.

Row numbers are what a person sees: in CSV and XLSX files the header is row 1 and the first
record row 2 (a blank line still counts as a row); in JSON files row N is the N-th object.
A workbook is read sheet by sheet (`read_sheets`); `read_table` reads its first sheet.

Every file is read within `InputLimits` (`rencontre.core.input_limits`): its size is checked
before it is read (a workbook's unzipped size too, from its zip directory, before its XML is
parsed), and the reading stops at the first row past the limit.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from defusedxml import DefusedXmlException
from openpyxl import Workbook, load_workbook

from rencontre.core.atomic_files import replace_file
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.input_limits import FileTooLarge, InputLimits
from rencontre.core.spreadsheet_cells import escape_formula, unescape_formula
from rencontre.exchange.cells import LIST_SEPARATOR
from rencontre.exchange.text_encodings import UTF_8, decode_csv, decode_utf8

Cell = str | int | float | bool | list[str] | None


@dataclass(frozen=True)
class Row:
    number: int
    cells: Mapping[str, object]


@dataclass(frozen=True)
class Table:
    """The header (empty for JSON) and the rows of one file, and the encoding of its text
    (`rencontre.exchange.text_encodings`: Windows-1252 for some CSV files, else UTF-8)."""

    file: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    encoding: str = UTF_8


def read_table(path: Path, limits: InputLimits = InputLimits()) -> Table:
    """The rows of a `.csv`, `.xlsx` or `.json` file; InvalidInput when it cannot be read,
    or when it is past `limits`."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, limits)
    if suffix == ".xlsx":
        return _read_xlsx(path, limits)
    if suffix == ".json":
        return _read_json(path, limits)
    raise _refuse(path.name, None, f"unknown file type {path.suffix!r} (use .csv, .xlsx or .json)")


def _read_bytes(path: Path, limits: InputLimits) -> bytes:
    try:
        return limits.read_bytes(path)
    except FileTooLarge as error:
        raise _refuse(path.name, None, error.reason) from None


def _read_csv(path: Path, limits: InputLimits) -> Table:
    decoded = decode_csv(path.name, _read_bytes(path, limits))
    text = decoded.text
    first_line = text.split("\n", 1)[0]
    # French and Dutch spreadsheets write `;`-separated CSV; headers never contain either.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: tuple[str, ...] = ()
    rows: list[Row] = []
    try:
        for number, record in enumerate(reader, start=1):
            if number == 1:
                header = tuple(name.strip() for name in record)
                continue
            if not any(value.strip() for value in record):
                continue
            if len(rows) == limits.max_rows:
                raise _refuse(path.name, None, limits.rows_reason())
            if len(record) > len(header):
                extra = f"{len(record)} values for {len(header)} columns"
                raise _refuse(path.name, number, f"{extra}; is a value missing its quotes?")
            cells = [unescape_formula(value) for value in record]
            rows.append(Row(number, _cells(header, cells, "")))
    except csv.Error as error:  # a cell past csv's field size limit: a quote left open
        line = reader.line_num
        raise _refuse(path.name, line, f"line {line}: {error}; is a quote left open?") from None
    return Table(path.name, header, tuple(rows), decoded.encoding)


def _cells(header: tuple[str, ...], record: Sequence[object], missing: object) -> dict[str, object]:
    """A row's cells by column; a short row has `missing` in its last columns.

    Every column of the header is a key, so that a row tells which columns its file has.
    """
    padded = [*record, *[missing] * (len(header) - len(record))]
    return dict(zip(header, padded, strict=False))


@dataclass(frozen=True)
class Sheet:
    """One worksheet of a workbook: its title and its cells, row by row."""

    title: str
    values: tuple[tuple[object, ...], ...]

    @property
    def is_empty(self) -> bool:
        return all(_blank(value) for record in self.values for value in record)

    def table(self, label: str) -> Table:
        """The sheet's rows under the name `label` (what problems will call it)."""
        return sheet_table(label, self.values)


def read_sheets(path: Path, limits: InputLimits = InputLimits()) -> list[Sheet]:
    """Every worksheet of the workbook at `path`, in order; InvalidInput if it is none, or
    past `limits` (its rows: of all its sheets together).

    Cells hold what the workbook stores: text, numbers, booleans, and dates and date-times
    for cells formatted as such (without a time zone: Excel has none). Text written with an
    apostrophe before a formula-like start (`rencontre.core.spreadsheet_cells`) comes back
    without it. XML that declares entities (as XML bombs do) is refused unread: openpyxl
    parses with defusedxml when it is installed, and it is a dependency. So is a workbook
    whose content unzips past the limit (as zip bombs do), from the sizes its zip directory
    declares: Python's zip reader never unzips an entry past its declared size.
    """
    try:
        limits.check_size(path)
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(entry.file_size for entry in archive.infolist())
    except FileTooLarge as error:
        raise _refuse(path.name, None, error.reason) from None
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _refuse(path.name, None, _unreadable_workbook(error)) from None
    if unzipped > limits.max_unzipped_bytes:
        raise _refuse(path.name, None, limits.unzipped_reason(unzipped))
    try:
        # Workbooks from other tools carry styles openpyxl warns about; they do not matter here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as error:
        raise _refuse(path.name, None, _unreadable_workbook(error)) from None
    try:
        sheets = []
        records = 0
        for sheet in workbook.worksheets:
            values: list[tuple[object, ...]] = []
            for record in sheet.iter_rows(values_only=True):
                if all(_blank(value) for value in record):
                    values.append(())  # kept, empty, for the row numbers after it
                    continue
                if values:  # the first row is the header
                    records += 1
                    if records > limits.max_rows:
                        raise _refuse(path.name, None, limits.rows_reason())
                values.append(_unescaped(record))
            sheets.append(Sheet(sheet.title, tuple(values)))
        return sheets
    except (ValueError, SyntaxError) as error:  # read-only sheets are parsed as they are read
        raise _refuse(path.name, None, _unreadable_workbook(error)) from None
    finally:
        workbook.close()


def _unescaped(record: Sequence[object]) -> tuple[object, ...]:
    return tuple(unescape_formula(v) if isinstance(v, str) else v for v in record)


def _unreadable_workbook(error: BaseException) -> str:
    """Why a workbook cannot be read, in one line, from openpyxl's error or what caused it.

    openpyxl wraps the XML parser's error in a ValueError of several lines naming the
    file's full path: the cause says what is wrong, without the path.
    """
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return (
                "not read: its XML declares entities, as XML bombs do "
                "(save it again from a spreadsheet program)"
            )
        if isinstance(cause, SyntaxError):  # xml.etree's ParseError
            return f"not an XLSX workbook (invalid XML: {cause})"
        cause = cause.__cause__ or cause.__context__
    first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
    return f"not an XLSX workbook ({first_line})"


def _read_xlsx(path: Path, limits: InputLimits) -> Table:
    sheets = read_sheets(path, limits)
    return sheets[0].table(path.name) if sheets else Table(path.name, (), ())


def _blank(value: object) -> bool:
    return value is None or str(value).strip() == ""


def sheet_table(label: str, values: Sequence[Sequence[object]]) -> Table:
    """A table from a sheet's cells: the first row is the header, blank rows are skipped."""
    if not values:
        return Table(label, (), ())
    header = tuple("" if name is None else str(name).strip() for name in values[0])
    while header and not header[-1]:
        header = header[:-1]
    rows = []
    for number, record in enumerate(values[1:], start=2):
        if all(_blank(value) for value in record):
            continue
        rows.append(Row(number, _cells(header, record, None)))
    return Table(label, header, tuple(rows))


def _read_json(path: Path, limits: InputLimits) -> Table:
    try:
        document = json.loads(decode_utf8(path.name, _read_bytes(path, limits)))
    except json.JSONDecodeError as error:
        raise _refuse(path.name, error.lineno, f"not valid JSON: {error.msg}") from None
    if not isinstance(document, list):
        raise _refuse(path.name, None, "expected a JSON list of objects")
    if len(document) > limits.max_rows:  # parsed whole, but no bigger than the size limit
        raise _refuse(path.name, None, limits.rows_reason())
    rows = []
    for number, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            raise _refuse(path.name, number, "expected an object")
        rows.append(Row(number, item))
    return Table(path.name, (), tuple(rows))


def _refuse(file: str, row: int | None, reason: str) -> InvalidInput:
    return InvalidInput([Problem(file, row, None, reason)])


# Writing ---------------------------------------------------------------------------------


def write_csv(
    path: Path,
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Cell]],
    *,
    excel: bool = False,
) -> None:
    """Comma-separated UTF-8 with a header line and CRLF line ends; lists joined with `|`.

    With `excel`, the file is what French and Dutch Excel open as it is: `;`-separated,
    UTF-8 with a byte-order mark (without one Excel reads the bytes as Windows-1252 and
    garbles accents), decimal commas in numbers with a fraction.
    """

    def write(out: BinaryIO) -> None:
        file = io.TextIOWrapper(out, encoding="utf-8-sig" if excel else "utf-8", newline="")
        writer = csv.writer(file, delimiter=";" if excel else ",", lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            cells = [_flat(row.get(c), as_text=True) for c in columns]
            if excel:
                cells = [
                    _decimal_comma(row.get(c), cell) for c, cell in zip(columns, cells, strict=True)
                ]
            writer.writerow(cells)
        file.detach()  # flushes; `out` stays open for `replace_file` to close

    replace_file(path, write)


def write_xlsx(
    path: Path, sheet: str, columns: Sequence[str], rows: Sequence[Mapping[str, Cell]]
) -> None:
    """One worksheet with a header row; numbers stay numbers, lists are joined with `|`."""
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    worksheet.append(list(columns))
    for row in rows:
        worksheet.append([_flat(row.get(c), as_text=False) for c in columns])
        for cell in worksheet[worksheet.max_row]:
            # Text that starts with "=" is text here, never a formula to evaluate.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    replace_file(path, workbook.save)


def write_json(path: Path, items: Sequence[Mapping[str, object]]) -> None:
    """A JSON list of objects, indented, non-ASCII kept readable."""
    text = json.dumps(list(items), ensure_ascii=False, indent=2)
    replace_file(path, lambda out: out.write((text + "\n").encode("utf-8")))


def _decimal_comma(value: Cell, text: str | int | float | None) -> str | int | float | None:
    """A number with a fraction written with a decimal comma, as Excel in French and Dutch
    reads it (a point would make it text, or a date); the import reads both."""
    if isinstance(value, float) and isinstance(text, str):
        return text.replace(".", ",")
    return text


def _flat(value: Cell, *, as_text: bool) -> str | int | float | None:
    """A cell as written: text that starts like a formula escaped (CSV) or kept text (XLSX)."""
    if value is None:
        return "" if as_text else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return escape_formula(value, typed=not as_text)
    if isinstance(value, list):
        return escape_formula(LIST_SEPARATOR.join(value), typed=not as_text)
    if isinstance(value, int | float) and as_text:
        return str(value)
    return value
