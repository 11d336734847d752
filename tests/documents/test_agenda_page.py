"""Printable agendas: the page's data, its HTML, and PDFs read back with pdftotext."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rencontre.core.enums import Language, MeetingStatus, ProgrammeItemKind
from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission, ProgrammeItem, Venue
from rencontre.core.participant import Participant
from rencontre.documents.agenda import Agenda, person_agenda
from rencontre.documents.agenda_page import (
    agenda_page,
    render_agenda_booklet,
    render_agenda_html,
    render_agenda_pdf,
)

PARIS = ZoneInfo("Europe/Paris")
DAY = date(2026, 10, 13)  # a Tuesday


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 10, 13, hour, minute, tzinfo=PARIS)


MISSION = Mission(
    key="m",
    title="Mission Transalley",
    start_date=DAY,
    end_date=DAY,
    venues=(Venue("hall", "Salle Escaut", "1 rue des Cités", "Famars", tables=30),),
    programme=(
        ProgrammeItem(
            "talk",
            "Ouverture",
            ProgrammeItemKind.TALK,
            at(9),
            at(10),
            "hall",
            description="Discours d'accueil.",
        ),
        ProgrammeItem("b2b", "B2B", ProgrammeItemKind.B2B_SESSION, at(10), at(18), "hall"),
    ),  # fmt: skip
)
CLAIRE = Participant(
    "claire@borne.example", "Claire Vasseur", "Borne & Co", languages=(Language.FR,)
)
JEROEN = Participant("jeroen@laadnet.example", "Jeroen de Vries", "Laadnet",
                     languages=(Language.NL,))  # fmt: skip
MARIE = Participant("marie@volt.example", "Marie Lefort", "Volt SA",
                    languages=(Language.FR, Language.EN))  # fmt: skip
PIETER = Participant("pieter@bat.example", "Pieter Jansen", "Bat BV",
                     languages=(Language.NL, Language.EN))  # fmt: skip
PEOPLE = {p.email: p for p in (CLAIRE, JEROEN, MARIE, PIETER)}


def meeting(first: Participant, second: Participant, start: datetime, table: int) -> Meeting:
    return Meeting("m", first.email, second.email, start, start + timedelta(minutes=20), "hall",
                   table)  # fmt: skip


MEETINGS = [
    meeting(CLAIRE, JEROEN, at(10), 1),  # no common language
    meeting(MARIE, CLAIRE, at(10, 20), 2),  # French
    meeting(PIETER, JEROEN, at(10, 40), 3),  # Dutch
    replace(meeting(MARIE, JEROEN, at(11), 4), status=MeetingStatus.CANCELLED),
]


def agenda_of(person: Participant, language: Language | None = None) -> Agenda:
    return person_agenda(MISSION, person, MEETINGS, PEOPLE, language=language)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The text of a PDF as pdftotext reads it (pages separated by form feeds)."""
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    found = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                           text=True, check=True)  # fmt: skip
    return found.stdout


def pages_of(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    (pages,) = re.findall(r"^Pages:\s+(\d+)$", info.stdout, flags=re.MULTILINE)
    return int(pages)


def words_in(text: str, *words: str) -> list[str]:
    """Which of `words` occur in `text` as whole words, whatever their case."""
    # A text may be wrapped over lines in a narrow column: any space matches any white space.
    patterns = {w: r"\s+".join(map(re.escape, w.split())) for w in words}
    return [w for w, p in patterns.items() if re.search(rf"(?<!\w){p}(?!\w)", text, re.I)]


ENGLISH = ("Agenda of", "Local time", "Time", "What", "Where", "With", "Language", "Tuesday",
           "October", "Cancelled", "Interpreter", "B2B meeting", "French", "Dutch")  # fmt: skip
FRENCH = ("Heure", "Programme", "Lieu", "Avec", "Langue", "Mardi", "octobre", "Annulé",
          "Interprète", "Rendez-vous", "table", "français", "néerlandais")  # fmt: skip


def test_page_data_is_plain_text_in_the_reader_language() -> None:
    page = agenda_page(agenda_of(CLAIRE))
    assert (page.lang, page.name, page.zone) == ("fr", "Claire Vasseur", "Paris")
    (day,) = page.days
    assert day.heading == "Mardi 13 octobre 2026"
    assert [(r.time, r.what, r.partner, r.language, r.interpreter) for r in day.rows] == [
        ("09:00–10:00", "Ouverture", "", "", False),
        ("10:00–10:20", "Rendez-vous B2B", "Jeroen de Vries", "Interprète nécessaire", True),
        ("10:20–10:40", "Rendez-vous B2B", "Marie Lefort", "français", False),
    ]
    assert [(r.where, r.table, r.detail) for r in day.rows] == [
        ("Salle Escaut", "", "Discours d'accueil."),
        ("Salle Escaut", "Table 1", ""),
        ("Salle Escaut", "Table 2", ""),
    ]


def test_french_only_reader_gets_a_pdf_with_no_english_heading(tmp_path: Path) -> None:
    text = pdf_text(render_agenda_pdf(agenda_of(CLAIRE)), tmp_path)
    assert words_in(text, *ENGLISH) == []
    assert words_in(text, "Mardi 13 octobre 2026", "Heure", "Avec", "Langue", "Table 1") == [
        "Mardi 13 octobre 2026", "Heure", "Avec", "Langue", "Table 1"
    ]  # fmt: skip
    assert words_in(text, "Interprète nécessaire", "Jeroen de Vries", "français") == [
        "Interprète nécessaire", "Jeroen de Vries", "français"
    ]  # fmt: skip


def test_dutch_only_reader_gets_a_pdf_with_no_french_heading(tmp_path: Path) -> None:
    text = pdf_text(render_agenda_pdf(agenda_of(JEROEN)), tmp_path)
    assert words_in(text, *FRENCH) == []
    # "Ouverture" is the programme item's title: data, kept as given.
    assert words_in(text, "Dinsdag 13 oktober 2026", "Tijd", "Met", "Taal", "Tolk nodig",
                    "Nederlands", "Geannuleerd", "Tafel 4", "Ouverture") == [
        "Dinsdag 13 oktober 2026", "Tijd", "Met", "Taal", "Tolk nodig", "Nederlands",
        "Geannuleerd", "Tafel 4", "Ouverture"
    ]  # fmt: skip
    assert words_in(text, *ENGLISH, "Table") == []


def test_lang_forces_the_language_of_the_page(tmp_path: Path) -> None:
    text = pdf_text(render_agenda_pdf(agenda_of(JEROEN, Language.EN)), tmp_path)
    assert words_in(text, "Tuesday, 13 October 2026", "Interpreter needed", "Time", "With") == [
        "Tuesday, 13 October 2026", "Interpreter needed", "Time", "With"
    ]  # fmt: skip
    assert words_in(text, "Dinsdag", "Tolk") == []


def test_a_cancelled_meeting_is_struck_and_marked_in_the_html() -> None:
    html = render_agenda_html(agenda_of(JEROEN))
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl">')
    (row,) = re.findall(r'<tr class="meeting cancelled">.*?</tr>', html, flags=re.DOTALL)
    assert "Marie Lefort" in row
    assert '<span class="mark">Geannuleerd</span>' in row


def test_html_escapes_the_data() -> None:
    odd = replace(CLAIRE, full_name="Claire <b>Vasseur</b>", organisation="Borne & Co")
    html = render_agenda_html(person_agenda(MISSION, odd, [], PEOPLE))
    assert "Claire &lt;b&gt;Vasseur&lt;/b&gt;" in html
    assert "Borne &amp; Co" in html
    assert "<b>Vasseur" not in html


def busy(person: Participant, count: int) -> tuple[list[Meeting], dict[str, Participant]]:
    """`count` meetings of `person` back to back, each with someone new, and everyone."""
    others = [
        Participant(f"p{k}@x.example", f"Partenaire Numéro {k}", f"Entreprise longue numéro {k}",
                    languages=(Language.FR,))
        for k in range(count)
    ]  # fmt: skip
    meetings = [meeting(person, other, at(10) + timedelta(minutes=20 * k), 1 + k)
                for k, other in enumerate(others)]  # fmt: skip
    return meetings, {**PEOPLE, **{p.email: p for p in others}}


def test_a_full_day_still_fits_on_one_page(tmp_path: Path) -> None:
    meetings, people = busy(MARIE, 24)
    agenda = person_agenda(MISSION, MARIE, meetings, people)
    assert len(agenda.entries) == 25
    assert pages_of(render_agenda_pdf(agenda), tmp_path) == 1


@pytest.mark.parametrize("count", [1, 3])
def test_the_booklet_has_one_page_per_person(tmp_path: Path, count: int) -> None:
    people = [CLAIRE, JEROEN, MARIE][:count]
    reports: list[tuple[int, int]] = []

    def report(done: int, total: int) -> None:
        reports.append((done, total))

    pdf = render_agenda_booklet([agenda_of(p) for p in people], progress=report)
    assert pages_of(pdf, tmp_path) == count
    pages = pdf_text(pdf, tmp_path).split("\f")
    assert [page for page in pages if page.strip()] == pages[:count]
    # Each page is one person's: the mission's title, then their name.
    heads = [[line for line in page.splitlines() if line.strip()][:2] for page in pages[:count]]
    assert heads == [[MISSION.title.upper(), p.full_name] for p in people]
    assert reports == [(done, count) for done in range(count + 1)]
