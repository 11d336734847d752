"""Changes on the day from the desk: what the repair would move, then applying it.

`propose_changes` runs the repair (`services.mission_repair`, what `rencontre repair` does)
as a dry run: fewest moves, nothing stored. `apply_changes_on_the_day` runs it again for
real, after the organiser confirmed, writes the audit entry in the same transaction, and
prepares for everyone the repair touches their updated agenda by e-mail, with a sentence
per change in their language (`send_letters` sends them once committed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from rencontre.core.meeting import Meeting
from rencontre.documents import schedule_messages as say
from rencontre.documents.i18n import Words
from rencontre.documents.schedule_mails import (
    ADDED_LINE,
    CANCELLED_LINE,
    MOVED_LINE,
    NOT_PLACED_LINE,
    PLACE,
)
from rencontre.services import accounts, audit_log
from rencontre.services.mission_changes import (
    AddMeeting,
    CancelMeeting,
    DropParticipant,
    MissionChange,
    SetTables,
)
from rencontre.services.mission_documents import mission_agendas
from rencontre.services.mission_repair import (
    MeetingChange,
    MeetingChangeKind,
    RepairReport,
    repair_mission,
)
from rencontre.services.schedule_publishing import Letter

#: Seconds the repair may search (the CLI's default is the same order).
REPAIR_TIME_LIMIT_S = 10.0


def propose_changes(
    session: Session, mission: str, changes: Sequence[MissionChange], *, workers: int | None = None
) -> RepairReport:
    """What the repair would do with `changes`; nothing is stored.

    Raises what `repair_mission` raises (`ChangeRefused`, `RepairRefused`, …).
    """
    return repair_mission(
        session, mission, changes, dry_run=True, time_limit=REPAIR_TIME_LIMIT_S, workers=workers
    )


def apply_changes_on_the_day(
    session: Session,
    mission: str,
    changes: Sequence[MissionChange],
    *,
    by: str,
    now: datetime,
    link_url: Callable[[str], str],
    workers: int | None = None,
) -> tuple[RepairReport, tuple[Letter, ...]]:
    """Apply `changes` and repair the schedule; the letters to everyone affected."""
    report = repair_mission(
        session, mission, changes, dry_run=False, time_limit=REPAIR_TIME_LIMIT_S, workers=workers
    )
    audit_log.record(
        session,
        mission=mission,
        actor=by,
        action="schedule.repaired",
        message=say.CHANGES_APPLIED,
        values={"changes": "; ".join(change_text(c) for c in changes),
                "moved": report.moved_count},
        now=now,
    )  # fmt: skip
    agendas = mission_agendas(session, mission)
    letters = []
    for email in report.affected_people():
        person = agendas.people.get(email)
        if person is None:
            continue
        agenda = agendas.of(person)
        sentences = tuple(
            change_sentence(c, email, report, agenda.words, agenda.mission.timezone)
            for c in report.changes_of(email)
        )
        link = ""
        if email in agendas.mission.participants:
            issued = accounts.issue_link(
                session, participant=email, mission=mission, days=None, now=now
            )
            link = link_url(issued.token)
        letters.append(Letter(agenda, link, sentences))
    return report, tuple(letters)


def change_text(change: MissionChange) -> str:
    """The change as the audit log keeps it (e-mails, venue keys: as the command line)."""
    if isinstance(change, CancelMeeting):
        return f"cancel {change.first}, {change.second}"
    if isinstance(change, DropParticipant):
        return f"drop {change.email}"
    if isinstance(change, SetTables):
        since = f" from {change.start:%Y-%m-%d %H:%M}" if change.start is not None else ""
        return f"{change.venue}: {change.tables} tables{since}"
    assert isinstance(change, AddMeeting)
    return f"add {change.first}, {change.second}"


def change_sentence(
    change: MeetingChange, email: str, report: RepairReport, words: Words, timezone: str
) -> str:
    """One line of the e-mail to `email`: what happens to her meeting, in her language."""
    partner_email = change.partner_of(email)
    partner = report.people.get(partner_email)
    name = partner.full_name if partner is not None else partner_email
    if change.kind is MeetingChangeKind.MOVED and change.after is not None:
        return words.gettext(MOVED_LINE, partner=name, when=_when(change.after, words, timezone),
                             place=_place(change.after, report, words))  # fmt: skip
    if change.kind is MeetingChangeKind.ADDED and change.after is not None:
        return words.gettext(ADDED_LINE, partner=name, when=_when(change.after, words, timezone),
                             place=_place(change.after, report, words))  # fmt: skip
    if change.kind is MeetingChangeKind.CANCELLED and change.before is not None:
        when = _when(change.before, words, timezone)
        return words.gettext(CANCELLED_LINE, partner=name, when=when)
    return words.gettext(NOT_PLACED_LINE, partner=name)


def _when(meeting: Meeting, words: Words, timezone: str) -> str:
    zone = ZoneInfo(timezone)
    start, end = meeting.start.astimezone(zone), meeting.end.astimezone(zone)
    return f"{words.short_day(start.date())} {words.span(start, end)}"


def _place(meeting: Meeting, report: RepairReport, words: Words) -> str:
    venue = next((v.name for v in report.mission.venues if v.key == meeting.venue), meeting.venue)
    return words.gettext(PLACE, venue=venue, table=meeting.table)
