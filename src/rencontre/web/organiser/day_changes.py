"""Changes on the day, from the desk: cancel a meeting or a participant, lose tables, add a
late meeting; see what the repair would move, then apply it.

`GET …/changes` is the form. `POST …/changes` runs the repair as a dry run and shows what
would move, cancelled or added, with a confirmation form carrying the same change; only
`POST …/changes/apply` stores it, and then everyone affected is e-mailed their updated
agenda (the .ics updates their calendar) once the answer is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from rencontre.core.enums import MeetingStatus
from rencontre.documents.i18n import N_
from rencontre.mail.settings import MailSettings
from rencontre.services.day_changes import apply_changes_on_the_day, propose_changes
from rencontre.services.hand_moves import mission_id_of
from rencontre.services.mission_changes import (
    AddMeeting,
    CancelMeeting,
    ChangeRefused,
    DropParticipant,
    MissionChange,
    SetTables,
)
from rencontre.services.mission_repair import RepairRefused, RepairReport
from rencontre.services.mission_schedule import MissionNotSchedulable
from rencontre.services.schedule_publishing import Letter, send_letters
from rencontre.store import by_id, desk_meetings
from rencontre.store import repositories as repo
from rencontre.web.context import Clock, web_context
from rencontre.web.i18n import page_language
from rencontre.web.organiser.desk import DeskMission, check_form
from rencontre.web.pages import render

router = APIRouter(prefix="/organiser/missions/{key}", include_in_schema=False)

KINDS = ("cancel_meeting", "drop_participant", "lose_tables", "add_meeting")
CHOOSE = N_("Choose one.")
NOT_A_NUMBER = N_("Give a whole number, 0 or more.")
NOT_A_TIME = N_("Give a date and time, or leave it empty.")
SAME_PERSON = N_("Choose two different people.")


@dataclass(frozen=True)
class ChangeForm:
    """The form as posted, every field as text."""

    kind: str = ""
    meeting: str = ""
    participant: str = ""
    first: str = ""
    second: str = ""
    venue: str = ""
    tables: str = ""
    since: str = ""


Field = Annotated[str, Form()]


@router.get("/changes")
def changes_form(request: Request, mission: DeskMission, applied: int | None = None) -> Response:
    """Organiser: the form for a change on the day."""
    return _page(request, mission, ChangeForm(), applied=applied)


@router.post("/changes")
def preview(
    request: Request,
    mission: DeskMission,
    kind: Field = "",
    meeting: Field = "",
    participant: Field = "",
    first: Field = "",
    second: Field = "",
    venue: Field = "",
    tables: Field = "",
    since: Field = "",
    csrf_token: Field = "",
) -> Response:
    """Organiser: what the repair would do with this change; nothing is stored."""
    check_form(mission.organiser, csrf_token)
    form = ChangeForm(kind, meeting, participant, first, second, venue, tables, since)
    with web_context(request).transaction() as session:
        change, errors = _change(session, mission.key, form)
        if change is None:
            return _page(request, mission, form, errors=errors, status=422)
        try:
            report = propose_changes(session, mission.key, [change])
        except (ChangeRefused, RepairRefused, MissionNotSchedulable) as refused:
            return _page(request, mission, form, refused=str(refused), status=422)
    return _page(request, mission, form, report=report)


@router.post("/changes/apply")
def apply(
    request: Request,
    mission: DeskMission,
    background: BackgroundTasks,
    kind: Field = "",
    meeting: Field = "",
    participant: Field = "",
    first: Field = "",
    second: Field = "",
    venue: Field = "",
    tables: Field = "",
    since: Field = "",
    csrf_token: Field = "",
) -> Response:
    """Organiser: apply the confirmed change and e-mail everyone affected their agenda."""
    check_form(mission.organiser, csrf_token)
    form = ChangeForm(kind, meeting, participant, first, second, venue, tables, since)
    context = web_context(request)
    try:
        with context.transaction() as session:
            change, errors = _change(session, mission.key, form)
            if change is None:
                return _page(request, mission, form, errors=errors, status=422)
            report, letters = apply_changes_on_the_day(
                session, mission.key, [change], by=mission.email, now=context.now(),
                link_url=context.web.link_url,
            )  # fmt: skip
    except (ChangeRefused, RepairRefused, MissionNotSchedulable) as refused:
        return _page(request, mission, form, refused=str(refused), status=422)
    background.add_task(_send, letters, context.now)
    target = f"/organiser/missions/{mission.key}/changes?applied={len(report.changes)}"
    return RedirectResponse(target, status_code=303)


def _send(letters: tuple[Letter, ...], now: Clock) -> None:
    send_letters(MailSettings.from_environ(), letters, now=now)


def _change(
    session: Session, mission: str, form: ChangeForm
) -> tuple[MissionChange | None, dict[str, str]]:
    """The change the form asks for, or the fields at fault."""
    if form.kind == "cancel_meeting":
        found = None
        if form.meeting.isdigit():
            found = desk_meetings.mission_meeting(
                session, mission_id_of(session, mission), int(form.meeting)
            )
        if found is None:
            return None, {"meeting": CHOOSE}
        return CancelMeeting(found.meeting.requester, found.meeting.requested), {}
    if form.kind == "drop_participant":
        if not form.participant:
            return None, {"participant": CHOOSE}
        return DropParticipant(form.participant), {}
    if form.kind == "add_meeting":
        errors = {name: CHOOSE for name in ("first", "second") if not getattr(form, name)}
        if not errors and form.first == form.second:
            errors["second"] = SAME_PERSON
        if errors:
            return None, errors
        return AddMeeting(form.first, form.second), {}
    if form.kind == "lose_tables":
        errors = {}
        if not form.venue:
            errors["venue"] = CHOOSE
        if not form.tables.strip().isdigit():
            errors["tables"] = NOT_A_NUMBER
        start = None
        if form.since.strip():
            try:
                start = datetime.fromisoformat(form.since.strip())
            except ValueError:
                errors["since"] = NOT_A_TIME
        if errors:
            return None, errors
        return SetTables(form.venue, int(form.tables), start), {}
    return None, {"kind": CHOOSE}


def _page(
    request: Request,
    mission: DeskMission,
    form: ChangeForm,
    *,
    errors: dict[str, str] | None = None,
    refused: str = "",
    report: RepairReport | None = None,
    applied: int | None = None,
    status: int = 200,
) -> Response:
    with web_context(request).transaction() as session:
        the_mission = repo.get_mission(session, mission.key)
        participants = repo.participants_of_mission(session, the_mission)
        stored = by_id.mission_meetings(session, mission.key)
    people = {p.email: p.full_name for p in participants}
    live = [m for m in stored if m.meeting.status is MeetingStatus.SCHEDULED]
    return render(
        request,
        "organiser/changes.html",
        page_language(request),
        status=status,
        mission=the_mission,
        form=form,
        kinds=KINDS,
        meetings=sorted(live, key=lambda m: (m.meeting.start, m.meeting.table)),
        people=people,
        participants=participants,
        errors=errors or {},
        refused=refused,
        report=report,
        applied=applied,
        local=lambda moment: moment.astimezone(ZoneInfo(the_mission.timezone)),
    )
