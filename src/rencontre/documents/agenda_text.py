"""An agenda as plain text (to read or paste in an e-mail) and as CSV (for spreadsheets).

The text is in the reader's language. The CSV is for programs as much as for people: its
column names and the values of `kind`, `status` and `language` are fixed codes in every
language; only the meeting titles are in the reader's language.
"""

from __future__ import annotations

import csv
import io

from rencontre.core.spreadsheet_cells import escape_row
from rencontre.documents.agenda import Agenda, AgendaEntry


def render_text(agenda: Agenda) -> str:
    """A plain-text agenda grouped by day; a cancelled meeting is listed, marked cancelled."""
    words, person = agenda.words, agenda.person
    lines = [
        words.gettext(
            "Agenda of %(name)s (%(organisation)s) <%(email)s>",
            name=person.full_name,
            organisation=person.organisation,
            email=person.email,
        ),
        agenda.mission.title,
        words.gettext("Local time: %(zone)s", zone=words.zone(agenda.mission.timezone)),
    ]
    day = None
    for entry in agenda.entries:
        if entry.start.date() != day:
            day = entry.start.date()
            lines += ["", words.day(entry.start)]
        lines.append(_line(agenda, entry))
    if agenda.empty:
        lines.append("  " + words.gettext("(nothing scheduled)"))
    return "\n".join(lines) + "\n"


def _line(agenda: Agenda, entry: AgendaEntry) -> str:
    words = agenda.words
    parts = [words.span(entry.start, entry.end), entry.title, f"[{entry.place}]"]
    note = entry.language.note(words)
    if note:
        parts.append(note)
    if entry.cancelled:
        parts.append(words.gettext("(cancelled)"))
    return "  " + "  ".join(parts)


CSV_COLUMNS = (
    "start",
    "end",
    "kind",
    "title",
    "venue",
    "table",
    "partner",
    "partner_organisation",
    "partner_email",
    "status",
    "language",
)


def render_csv(agenda: Agenda) -> str:
    """CSV with ISO 8601 times carrying their UTC offset.

    `status` says which meetings are cancelled; `language` holds the ISO 639-1 codes a
    meeting's two people share, separated by spaces, or `interpreter` when they share none
    (empty for a programme item, or when a side's languages are unknown). Text that starts
    like a formula gets an apostrophe before it (`rencontre.core.spreadsheet_cells`).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in agenda.entries:
        writer.writerow(
            escape_row(
                [
                    e.start.isoformat(),
                    e.end.isoformat(),
                    e.kind,
                    e.title,
                    e.venue,
                    "" if e.table is None else e.table,
                    e.partner,
                    e.partner_organisation,
                    e.partner_email,
                    e.status.value,
                    e.language.codes,
                ]
            )
        )
    return out.getvalue()
