"""A whole mission's documents for its organisers: everyone's agenda and the master grid.

`rencontre agenda --all`, `rencontre grid` and the organiser's desk build them here, from
the same stored mission, so that a file downloaded from the desk is the file the command
writes.

Laying out a PDF agenda takes a third of a second of one core (WeasyPrint), and a mission has
a hundred people or more: `agenda_pdfs` lays them out in worker processes, one per core, in a
`spawn` pool (the web server has threads, which `fork` would copy in any state).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from rencontre.core.enums import Language
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.documents.agenda import Agenda, person_agenda
from rencontre.documents.agenda_page import render_agenda_pdf
from rencontre.documents.file_names import IndexEntry, file_stem, index_csv
from rencontre.documents.grid import VenueGrid, master_grid
from rencontre.documents.meeting_languages import LanguageRule
from rencontre.services.agenda_people import agenda_holders, organisation_countries
from rencontre.store import repositories as repo

#: The list of the files of an archive of agendas: file, name, e-mail, organisation, language.
INDEX_FILE = "index.csv"
#: Below this many agendas, starting worker processes costs more than it saves.
PARALLEL_FROM = 8

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class MissionAgendas:
    """Everyone's agenda in a stored mission, each in its reader's language (or the one forced).

    The people with an agenda are the mission's participants and anyone else who still has a
    meeting in it (cancelled, say, after leaving the mission): their agenda is how their
    calendar learns that those meetings are off.
    """

    snapshot: repo.MissionSnapshot
    people: dict[str, Participant]
    countries: dict[str, str]
    language: Language | None = None

    @property
    def mission(self) -> Mission:
        return self.snapshot.mission

    def of(self, person: Participant) -> Agenda:
        return person_agenda(
            self.mission,
            person,
            self.snapshot.meetings,
            self.people,
            language=self.language,
            countries=self.countries,
            with_programme=person.email in self.mission.participants,
        )

    def everyone(self) -> list[Agenda]:
        return [self.of(person) for person in self.people.values()]


def mission_agendas(
    session: Session, mission: str | None, language: Language | None = None
) -> MissionAgendas:
    """The agendas of `mission` (default: the latest), as stored now."""
    snapshot = repo.load_mission(session, mission)
    people = agenda_holders(session, snapshot)
    return MissionAgendas(snapshot, people, organisation_countries(session, people), language)


def mission_master_grid(
    session: Session, mission: str | None
) -> tuple[Mission, tuple[VenueGrid, ...]]:
    """The master grid of `mission` (default: the latest): per venue, slots × tables."""
    agendas = mission_agendas(session, mission)
    rule = LanguageRule(agendas.countries, [str(code) for code in agendas.mission.languages])
    grids = master_grid(agendas.mission, agendas.snapshot.meetings, agendas.people, rule)
    return agendas.mission, tuple(grids)


def agenda_pdfs(
    agendas: MissionAgendas,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Iterator[tuple[Participant, Agenda, bytes]]:
    """Each person's agenda as a PDF, in the order of `agendas.people`.

    `workers` processes lay them out (default: one per core).
    """
    people = list(agendas.people.values())
    every = [agendas.of(person) for person in people]
    total = len(every)
    if progress is not None:
        progress(0, total)
    workers = workers or os.cpu_count() or 1
    if workers == 1 or total < PARALLEL_FROM:
        rendered: Iterator[bytes] = map(render_agenda_pdf, every)
        for done, (person, agenda, pdf) in enumerate(
            zip(people, every, rendered, strict=True), start=1
        ):
            if progress is not None:
                progress(done, total)
            yield person, agenda, pdf
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, total), mp_context=context) as pool:
        chunk = max(1, total // (workers * 4))
        results = pool.map(render_agenda_pdf, every, chunksize=chunk)
        for done, (person, agenda, pdf) in enumerate(
            zip(people, every, results, strict=True), start=1
        ):
            if progress is not None:
                progress(done, total)
            yield person, agenda, pdf


def index_entry(name: str, person: Participant, agenda: Agenda) -> IndexEntry:
    """The line of `index.csv` for the file `name` holding `person`'s agenda."""
    return IndexEntry(
        name, person.full_name, person.email, person.organisation, str(agenda.language)
    )


def agendas_zip(
    agendas: MissionAgendas,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> bytes:
    """Everyone's PDF agenda, `<e-mail>.pdf` each, and `index.csv`, in one ZIP archive."""
    stamp = (now or datetime.now(UTC)).timetuple()[:6]
    index: list[IndexEntry] = []
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for person, agenda, pdf in agenda_pdfs(agendas, workers=workers, progress=progress):
            name = f"{file_stem(person.email)}.pdf"
            archive.writestr(zipfile.ZipInfo(name, stamp), pdf, zipfile.ZIP_DEFLATED)
            index.append(index_entry(name, person, agenda))
        archive.writestr(
            zipfile.ZipInfo(INDEX_FILE, stamp),
            index_csv(index).encode("utf-8"),
            zipfile.ZIP_DEFLATED,
        )
    return out.getvalue()
