"""Hand moves on the desk: one meeting to another slot or table, or swapped, and locks.

`GET …/meetings/{id}/move` is the form (reached from the meeting's cell of the master grid):
a slot of the grid, a table, and whether to swap with the meeting already there. The
service checks the move with the validator before saving anything; a refusal comes back as
the form again (422) with the rule it breaks beside the field. `POST …/lock` and
`…/unlock` pin a meeting where it is, or free it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from rencontre.documents.i18n import N_, Words, words_for
from rencontre.services.hand_moves import (
    TABLE_RULES,
    MeetingNotFound,
    MoveCheck,
    desk_context,
    move_meeting,
)
from rencontre.services.meeting_locks import lock_meeting, unlock_meeting
from rencontre.store import desk_meetings
from rencontre.store import repositories as repo
from rencontre.web.context import web_context
from rencontre.web.errors import PageRefused
from rencontre.web.i18n import page_language
from rencontre.web.organiser.desk import DeskMission, check_form
from rencontre.web.pages import render

router = APIRouter(prefix="/organiser/missions/{key}/meetings", include_in_schema=False)

NO_SUCH_MEETING = N_("There is no such meeting in this mission.")
MeetingId = Annotated[int, Path(description="The meeting's id.")]


@router.get("/{meeting_id}/move")
def move_form(request: Request, mission: DeskMission, meeting_id: MeetingId) -> Response:
    """Organiser: where to move a meeting of her mission."""
    return _form(request, mission, meeting_id)


@router.post("/{meeting_id}/move")
def move(
    request: Request,
    mission: DeskMission,
    meeting_id: MeetingId,
    slot: Annotated[int, Form()] = -1,
    table: Annotated[int, Form()] = 0,
    swap: Annotated[bool, Form()] = False,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Organiser: move (or swap) the meeting when the validator accepts it; nothing else."""
    check_form(mission.organiser, csrf_token)
    context = web_context(request)
    try:
        with context.transaction() as session:
            check = move_meeting(
                session, mission.key, meeting_id, slot=slot, table=table, swap=swap,
                by=mission.email, now=context.now(),
            )  # fmt: skip
    except MeetingNotFound:
        raise PageRefused(404, NO_SUCH_MEETING) from None
    if not check.accepted:
        return _form(request, mission, meeting_id, check=check, slot=slot, table=table, swap=swap)
    return RedirectResponse(f"/organiser/missions/{mission.key}/grid", status_code=303)


@router.post("/{meeting_id}/lock")
def lock(
    request: Request,
    mission: DeskMission,
    meeting_id: MeetingId,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Organiser: pin the meeting where it is; a new scheduling run leaves it there."""
    return _set_lock(request, mission, meeting_id, csrf_token, locked=True)


@router.post("/{meeting_id}/unlock")
def unlock(
    request: Request,
    mission: DeskMission,
    meeting_id: MeetingId,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Organiser: free a locked meeting."""
    return _set_lock(request, mission, meeting_id, csrf_token, locked=False)


def _set_lock(
    request: Request, mission: DeskMission, meeting_id: int, csrf_token: str, *, locked: bool
) -> Response:
    check_form(mission.organiser, csrf_token)
    context = web_context(request)
    change = lock_meeting if locked else unlock_meeting
    try:
        with context.transaction() as session:
            change(session, mission.key, meeting_id, by=mission.email, now=context.now())
    except MeetingNotFound:
        raise PageRefused(404, NO_SUCH_MEETING) from None
    target = f"/organiser/missions/{mission.key}/meetings/{meeting_id}/move"
    return RedirectResponse(target, status_code=303)


def _form(
    request: Request,
    mission: DeskMission,
    meeting_id: int,
    *,
    check: MoveCheck | None = None,
    slot: int | None = None,
    table: int | None = None,
    swap: bool = False,
) -> Response:
    language = page_language(request)
    words = words_for(language)
    with web_context(request).transaction() as session:
        context = desk_context(session, mission.key)
        found = desk_meetings.mission_meeting(session, context.mission_id, meeting_id)
        if found is None:
            raise PageRefused(404, NO_SUCH_MEETING)
        locked = meeting_id in desk_meetings.locked_ids(session, context.mission_id, [meeting_id])
        people = repo.participants_by_email(
            session, [found.meeting.requester, found.meeting.requested]
        )
    the_mission = context.mission
    zone = the_mission.timezone
    meeting = found.meeting
    current = next(
        (s.index for s in context.slots if (s.start, s.venue) == (meeting.start, meeting.venue)),
        None,
    )
    local = ZoneInfo(zone)
    slots = [
        (s.index, f"{the_mission.venue(s.venue).name} · {_when(words, s.start, s.end, local)}")
        for s in context.slots
    ]
    errors: dict[str, list[str]] = {}
    for refusal in check.refusals if check is not None else ():
        field = "table" if refusal.rule in TABLE_RULES else "slot"
        errors.setdefault(field, []).append(refusal.text(words))
    return render(
        request,
        "organiser/meeting_move.html",
        language,
        status=422 if errors else 200,
        mission=the_mission,
        meeting_id=meeting_id,
        meeting=meeting,
        names={e: (p.full_name if (p := people.get(e)) else e) for e in meeting.pair},
        venue=the_mission.venue(meeting.venue).name,
        when=_when(words, meeting.start, meeting.end, local),
        slots=slots,
        chosen_slot=current if slot is None else slot,
        chosen_table=meeting.table if table is None else table,
        swap=swap,
        locked=locked,
        errors=errors,
    )


def _when(words: Words, start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """`10 juin 2025 10:00–10:30`, in the mission's time zone."""
    start, end = start.astimezone(zone), end.astimezone(zone)
    return f"{words.short_day(start.date())} {words.span(start, end)}"
