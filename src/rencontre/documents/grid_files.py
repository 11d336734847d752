"""The master grid as CSV (one row per slot and table), XLSX (a sheet per venue) and PDF.

CSV is for programs as much as for people: fixed column names, ISO dates, times of day in
the mission's time zone, language as ISO 639-1 codes (`interpreter` when the two share none).
XLSX and PDF are for people, in the language asked for: a cell holds both people (name and
organisation) and the language they share, or that they need an interpreter.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from rencontre.core.mission import Mission
from rencontre.core.spreadsheet_cells import escape_row
from rencontre.documents.grid import GridMeeting, GridRow, VenueGrid
from rencontre.documents.html import render_html
from rencontre.documents.i18n import Words
from rencontre.documents.pdf import pdf_from_html

CSV_COLUMNS = (
    "venue",
    "date",
    "start",
    "end",
    "table",
    "person_a",
    "organisation_a",
    "person_b",
    "organisation_b",
    "language",
)


def _tables(row: GridRow) -> Iterator[tuple[int, GridMeeting | None]]:
    """The tables of a slot: those the venue has then, and any other holding a meeting."""
    for table, cell in enumerate(row.cells, start=1):
        if table <= row.tables or cell is not None:
            yield table, cell


def grid_csv(grids: Sequence[VenueGrid]) -> str:
    """Every table of every slot, free ones with empty people, venue by venue in time order.

    Text that starts like a formula gets an apostrophe before it
    (`rencontre.core.spreadsheet_cells`).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for grid in grids:
        for day in grid.days:
            for row in day.rows:
                for table, cell in _tables(row):
                    people: list[str] = []
                    if cell is not None:
                        people = [
                            cell.first.name,
                            cell.first.organisation,
                            cell.second.name,
                            cell.second.organisation,
                            cell.language.codes,
                        ]
                    writer.writerow(
                        escape_row(
                            [
                                grid.name,
                                day.day.isoformat(),
                                f"{row.start:%H:%M}",
                                f"{row.end:%H:%M}",
                                table,
                                *(people or [""] * 5),
                            ]
                        )
                    )
    return out.getvalue()


def cell_text(cell: GridMeeting, words: Words) -> str:
    """Both people and their language, one per line, as a spreadsheet cell shows them."""
    lines = [
        f"{cell.first.name} ({cell.first.organisation})",
        f"{cell.second.name} ({cell.second.organisation})",
        cell.language.text(words),
    ]
    return "\n".join(line for line in lines if line)


# Sheet names: at most 31 characters, none of : \ / ? * [ ].
_SHEET_FORBIDDEN = re.compile(r"[:\\/?*\[\]]")
_HEADER = Font(bold=True)
_NO_TABLE = PatternFill("solid", fgColor="D0D5DA")
_INTERPRETER = PatternFill("solid", fgColor="FCE4CC")


def _sheet_names(grids: Sequence[VenueGrid]) -> list[str]:
    """One distinct, valid sheet name per venue, from its name."""
    names: list[str] = []
    for grid in grids:
        base = _SHEET_FORBIDDEN.sub(" ", grid.name).strip()[:31] or grid.key[:31] or "venue"
        name, n = base, 2
        while name.lower() in (existing.lower() for existing in names):
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        names.append(name)
    return names


def grid_xlsx(grids: Sequence[VenueGrid], words: Words) -> bytes:
    """One sheet per venue: the venue on top, then a row per slot and a column per table.

    Grey cells are tables the venue does not have in that slot; orange ones need an
    interpreter.
    """
    workbook = Workbook()
    first = workbook.active
    if first is not None:
        workbook.remove(first)
    for grid, name in zip(grids, _sheet_names(grids), strict=True):
        sheet = workbook.create_sheet(name)
        sheet.append([grid.name])
        sheet.append([grid.location])
        sheet.append([])
        header = [words.gettext("Date"), words.gettext("Time")]
        header += [words.gettext("Table %(table)s", table=t) for t in range(1, grid.tables + 1)]
        sheet.append(header)
        sheet["A1"].font = Font(bold=True, size=13)
        for cell in sheet[4]:
            cell.font = _HEADER
        for day in grid.days:
            for row in day.rows:
                values = [words.short_day(row.start), words.span(row.start, row.end)]
                values += ["" if c is None else cell_text(c, words) for c in row.cells]
                sheet.append(values)
                _style_row(sheet[sheet.max_row], row)
        sheet.freeze_panes = "C5"
        sheet.column_dimensions["A"].width = 18
        sheet.column_dimensions["B"].width = 13
        for column in range(3, grid.tables + 3):
            sheet.column_dimensions[get_column_letter(column)].width = 30
    if not grids:
        # A workbook needs a sheet: one that says there is nothing to show.
        workbook.create_sheet(words.gettext("Master grid")[:31]).append(
            [words.gettext("No B2B session and no meeting.")]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _style_row(cells: Sequence[Any], row: GridRow) -> None:
    for cell in cells:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Text is text here, never a formula to evaluate.
        if isinstance(cell.value, str) and cell.value:
            cell.data_type = "s"
    for table, meeting in enumerate(row.cells, start=1):
        cell = cells[table + 1]
        if table > row.tables and meeting is None:
            cell.fill = _NO_TABLE
        elif meeting is not None and meeting.language.interpreter:
            cell.fill = _INTERPRETER


# Tables side by side on one landscape A4 page; a venue with more is split in sections.
TABLES_PER_SECTION = 7


@dataclass(frozen=True)
class GridSectionCell:
    """One table in one slot, as the PDF shows it."""

    exists: bool  # the venue has this table in this slot
    first: str = ""
    first_organisation: str = ""
    second: str = ""
    second_organisation: str = ""
    language: str = ""
    interpreter: bool = False


@dataclass(frozen=True)
class GridSectionRow:
    time: str
    cells: tuple[GridSectionCell, ...]


@dataclass(frozen=True)
class GridSection:
    """One venue, one day, some of its tables: what fits across a landscape page."""

    venue: str
    location: str
    day: str
    tables: tuple[int, ...]
    rows: tuple[GridSectionRow, ...]


def table_groups(tables: int) -> list[tuple[int, ...]]:
    """Tables 1..`tables` in near-equal groups of at most TABLES_PER_SECTION."""
    count = max(1, -(-tables // TABLES_PER_SECTION))
    size, extra = divmod(tables, count)
    groups, start = [], 1
    for k in range(count):
        width = size + (1 if k < extra else 0)
        groups.append(tuple(range(start, start + width)))
        start += width
    return groups


def grid_sections(grids: Sequence[VenueGrid], words: Words) -> tuple[GridSection, ...]:
    """The PDF's sections: per venue and day, tables split to fit the page width."""
    return tuple(
        GridSection(
            venue=grid.name,
            location=grid.location,
            day=words.day(day.day),
            tables=tables,
            rows=tuple(
                GridSectionRow(
                    words.span(row.start, row.end),
                    tuple(_section_cell(row, table, words) for table in tables),
                )
                for row in day.rows
            ),
        )
        for grid in grids
        for day in grid.days
        for tables in table_groups(grid.tables)
    )


def _section_cell(row: GridRow, table: int, words: Words) -> GridSectionCell:
    cell = row.cells[table - 1]
    if cell is None:
        return GridSectionCell(exists=table <= row.tables)
    return GridSectionCell(
        exists=True,
        first=cell.first.name,
        first_organisation=cell.first.organisation,
        second=cell.second.name,
        second_organisation=cell.second.organisation,
        language=cell.language.text(words),
        interpreter=cell.language.interpreter,
    )


def grid_html(mission: Mission, grids: Sequence[VenueGrid], words: Words) -> str:
    """The master grid as a standalone HTML page (landscape A4 when printed)."""
    return render_html(
        "grid.html",
        words.language,
        mission_title=mission.title,
        zone=words.zone(mission.timezone),
        sections=grid_sections(grids, words),
        lang=str(words.language),
    )


def grid_pdf(mission: Mission, grids: Sequence[VenueGrid], words: Words) -> bytes:
    """The master grid as a landscape A4 PDF: a section per venue and day."""
    return pdf_from_html(grid_html(mission, grids, words))
