"""The documents of a mission on the desk: its master grid, and everyone's agenda at once.

`GET /organiser/missions/{key}/grid` is the grid as a page: per venue and day, a table of
slots × tables, each meeting with both people and their language (or that they need an
interpreter). The same grid downloads as XLSX, CSV and PDF, and every agenda as PDFs in one
ZIP or as one print file, the files `rencontre grid` and `rencontre agenda --all` write
(`rencontre.services.mission_documents`), for the current schedule, published or not. On the
page, each meeting links to its hand move (`web.organiser.meeting_moves`). Only the
mission's organisers reach them (`DeskMission`: anyone else gets 404).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rencontre.core.mission import Mission
from rencontre.documents.agenda_page import render_agenda_booklet
from rencontre.documents.file_names import file_stem
from rencontre.documents.grid import VenueGrid
from rencontre.documents.grid_files import (
    grid_csv,
    grid_pdf,
    grid_sections,
    grid_xlsx,
    table_groups,
)
from rencontre.documents.i18n import words_for
from rencontre.services.mission_documents import agendas_zip, mission_agendas, mission_master_grid
from rencontre.store import desk_meetings
from rencontre.web.context import web_context
from rencontre.web.i18n import page_language
from rencontre.web.organiser.desk import DeskMission
from rencontre.web.pages import file_response, render

router = APIRouter(prefix="/organiser/missions/{key}", include_in_schema=False)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _grid(request: Request, mission: DeskMission) -> tuple[Mission, tuple[VenueGrid, ...]]:
    with web_context(request).transaction() as session:
        return mission_master_grid(session, mission.key)


@router.get("/grid")
def grid_page(request: Request, mission: DeskMission) -> Response:
    """Organiser: the master grid of her mission, as a page; each meeting links to its move."""
    language = page_language(request)
    with web_context(request).transaction() as session:
        the_mission, grids = mission_master_grid(session, mission.key)
        places = desk_meetings.live_meeting_places(session, mission.id)
        locked = desk_meetings.locked_ids(session, mission.id)
    words = words_for(language)
    return render(
        request,
        "organiser/grid.html",
        language,
        mission=the_mission,
        mission_title=the_mission.title,
        zone=words.zone(the_mission.timezone),
        sections=grid_sections(grids, words),
        moves=_meeting_ids(grids, places),
        locked=locked,
    )


def _meeting_ids(
    grids: Sequence[VenueGrid], live: Mapping[tuple[str, datetime, int, frozenset[str]], int]
) -> list[list[list[int | None]]]:
    """Per section, row and cell of `grid_sections`, the id of the meeting shown there."""
    found = []
    for grid in grids:
        for day in grid.days:
            for tables in table_groups(grid.tables):
                rows = []
                for row in day.rows:
                    cells: list[int | None] = []
                    for table in tables:
                        cell = row.cells[table - 1]
                        if cell is None:
                            cells.append(None)
                            continue
                        pair = frozenset((cell.first.email, cell.second.email))
                        cells.append(live.get((grid.key, row.start, table, pair)))
                    rows.append(cells)
                found.append(rows)
    return found


@router.get("/grid.xlsx")
def grid_as_xlsx(request: Request, mission: DeskMission) -> Response:
    """Organiser: the master grid as a workbook, a sheet per venue."""
    the_mission, grids = _grid(request, mission)
    body = grid_xlsx(grids, words_for(page_language(request)))
    return file_response(body, XLSX, f"{file_stem(the_mission.key)}-grid.xlsx")


@router.get("/grid.csv")
def grid_as_csv(request: Request, mission: DeskMission) -> Response:
    """Organiser: the master grid as CSV, one row per slot and table."""
    the_mission, grids = _grid(request, mission)
    body = grid_csv(grids).encode("utf-8")
    return file_response(body, "text/csv; charset=utf-8", f"{file_stem(the_mission.key)}-grid.csv")


@router.get("/grid.pdf")
def grid_as_pdf(request: Request, mission: DeskMission) -> Response:
    """Organiser: the master grid to print (landscape A4)."""
    the_mission, grids = _grid(request, mission)
    body = grid_pdf(the_mission, grids, words_for(page_language(request)))
    return file_response(body, "application/pdf", f"{file_stem(the_mission.key)}-grid.pdf")


@router.get("/agendas.zip")
def agendas_as_zip(request: Request, mission: DeskMission) -> Response:
    """Organiser: every agenda as a PDF in its reader's language, and `index.csv`, in a ZIP."""
    with web_context(request).transaction() as session:
        agendas = mission_agendas(session, mission.key)
    body = agendas_zip(agendas)
    return file_response(body, "application/zip", f"{file_stem(mission.key)}-agendas.zip")


@router.get("/agendas.pdf")
def agendas_as_booklet(request: Request, mission: DeskMission) -> Response:
    """Organiser: every agenda in one PDF to print, each on a new page."""
    with web_context(request).transaction() as session:
        agendas = mission_agendas(session, mission.key)
    body = render_agenda_booklet(agendas.everyone())
    return file_response(body, "application/pdf", f"{file_stem(mission.key)}-agendas.pdf")
