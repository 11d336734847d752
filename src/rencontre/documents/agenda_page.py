"""A printable agenda: the plain data of one person's page, its HTML and its PDF.

The page shows the mission, the person, then one table per day: time, what, where, with
whom and in which language (or that an interpreter is needed). A cancelled meeting stays
listed, struck through and marked, as in the text agenda.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from rencontre.documents.agenda import Agenda, AgendaEntry
from rencontre.documents.html import render_html
from rencontre.documents.pdf import Progress, pdf_booklet, pdf_fitted


@dataclass(frozen=True)
class AgendaRow:
    """One line of a day's table, every text ready to show."""

    time: str
    what: str
    detail: str  # a programme item's description
    where: str  # the venue's name
    table: str  # "Table 4" for a meeting
    partner: str
    partner_organisation: str
    language: str
    interpreter: bool
    meeting: bool
    cancelled: bool


@dataclass(frozen=True)
class AgendaDay:
    heading: str
    rows: tuple[AgendaRow, ...]


@dataclass(frozen=True)
class AgendaPage:
    """What the agenda templates show; no database object, no formatting left to do."""

    lang: str
    mission_title: str
    name: str
    organisation: str
    email: str
    zone: str
    days: tuple[AgendaDay, ...]
    empty: bool


def agenda_page(agenda: Agenda) -> AgendaPage:
    """The page data of `agenda`, in its language."""
    words = agenda.words
    days: list[AgendaDay] = []
    current: list[AgendaRow] = []
    heading = ""
    for entry in agenda.entries:
        day = words.day(entry.start)
        if day != heading and current:
            days.append(AgendaDay(heading, tuple(current)))
            current = []
        heading = day
        current.append(_row(agenda, entry))
    if current:
        days.append(AgendaDay(heading, tuple(current)))
    person = agenda.person
    return AgendaPage(
        lang=str(agenda.language),
        mission_title=agenda.mission.title,
        name=person.full_name,
        organisation=person.organisation,
        email=person.email,
        zone=words.zone(agenda.mission.timezone),
        days=tuple(days),
        empty=agenda.empty,
    )


def _row(agenda: Agenda, entry: AgendaEntry) -> AgendaRow:
    words = agenda.words
    return AgendaRow(
        time=words.span(entry.start, entry.end),
        what=words.gettext("B2B meeting") if entry.is_meeting else entry.title,
        detail="" if entry.is_meeting else entry.description,
        where=entry.venue,
        table="" if entry.table is None else words.gettext("Table %(table)s", table=entry.table),
        partner=entry.partner,
        partner_organisation=entry.partner_organisation,
        language=entry.language.text(words),
        interpreter=entry.language.interpreter,
        meeting=entry.is_meeting,
        cancelled=entry.cancelled,
    )


#: How tightly a page is laid out, loosest first: `compact` leaves out the programme items'
#: descriptions and uses a smaller type, `tight` smaller still.
DENSITIES = ("normal", "compact", "tight")


def render_agenda_html(agenda: Agenda, *, density: str = "normal") -> str:
    """A standalone HTML page of `agenda` (styles inline), as printed."""
    if density not in DENSITIES:
        raise ValueError(f"density {density!r} is not one of {DENSITIES}")
    return render_html("agenda.html", agenda.language, page=agenda_page(agenda), density=density)


def _layouts(agenda: Agenda) -> list[Callable[[], str]]:
    return [partial(render_agenda_html, agenda, density=density) for density in DENSITIES]


def render_agenda_pdf(agenda: Agenda) -> bytes:
    """The agenda as a PDF in its language, on one A4 page when the tightest layout allows."""
    return pdf_fitted(_layouts(agenda))


def render_agenda_booklet(agendas: Sequence[Agenda], *, progress: Progress | None = None) -> bytes:
    """Every agenda in one PDF, each starting on a new page, in the given order."""
    return pdf_booklet([_layouts(agenda) for agenda in agendas], progress=progress)
