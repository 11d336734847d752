"""`/me/outcomes`: a participant records what came of each of her meetings.

The page lists her meetings in the mission of her link, each with a form (held or not,
interest 1 to 5, next step, note) posting to `/me/meetings/{id}/outcome`. The rules are in
`rencontre.services.meeting_outcomes` and `rencontre.core.meeting_outcome`. A saved outcome
answers 303 back to the page, at that meeting; a bad value shows the page again (400) with
the reason beside its field and what she typed kept, nothing saved. A meeting that is not
hers answers 404, as if it did not exist; one cancelled or not started yet, 409.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from rencontre.core.enums import Attendance, Language, NextStep
from rencontre.core.meeting import Meeting
from rencontre.core.meeting_outcome import (
    INTEREST_MAX,
    INTEREST_MIN,
    NOTE_MAX_CHARS,
    InvalidOutcome,
    read_answer,
)
from rencontre.documents.i18n import N_, words_for
from rencontre.services import meeting_outcomes as service
from rencontre.services.accounts import Visitor, same_secret
from rencontre.services.meeting_outcomes import OutcomeRefused, Refusal
from rencontre.web.agendas import PersonInMission, person_in_mission
from rencontre.web.auth.routes import FORM_EXPIRED
from rencontre.web.auth.visitors import ParticipantVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import PageRefused, message_page
from rencontre.web.i18n import page_language
from rencontre.web.pages import render

router = APIRouter(include_in_schema=False)

OUTCOMES_PAGE = "/me/outcomes"
NO_LONGER_LISTED = N_("This mission no longer has an agenda for you.")
NOT_YOURS = N_("There is no such meeting among yours.")
REFUSALS = {
    Refusal.CANCELLED: N_("This meeting was cancelled: it has no outcome to record."),
    Refusal.NOT_STARTED: N_("You can record the outcome of a meeting once it has started."),
}
SAVED = N_("Your outcome of the meeting with %(name)s has been saved.")
CHECK_FIELDS = N_("Nothing was saved: please correct what is marked below.")
#: What a page says beside a field the rules refuse.
FIELD_MESSAGES = {
    "attendance": N_("Say whether the meeting took place."),
    "interest": N_("Choose your interest, from 1 to 5."),
    "next_step": N_("Choose a next step from the list."),
    "note": N_("The note is too long: %(count)s characters at most."),
}
NO_INTEREST_IF_NOT_HELD = N_("A meeting that did not take place has no interest: leave it empty.")
INTEREST_LABELS = {
    1: N_("1 – no interest"),
    2: N_("2 – a little"),
    3: N_("3 – some"),
    4: N_("4 – strong"),
    5: N_("5 – very strong"),
}
NEXT_STEP_LABELS = {
    NextStep.NONE: N_("No next step"),
    NextStep.CALL: N_("A call"),
    NextStep.VISIT: N_("A visit"),
    NextStep.NDA: N_("A non-disclosure agreement"),
    NextStep.PILOT: N_("A pilot project"),
    NextStep.SUPPLY_AGREEMENT: N_("A supply agreement"),
    NextStep.DISTRIBUTION_AGREEMENT: N_("A distribution agreement"),
    NextStep.RD_PROJECT: N_("An R&D project"),
    NextStep.INVESTMENT: N_("An investment"),
}

FormText = Annotated[str, Form()]


@dataclass(frozen=True)
class Typed:
    """What she sent for one meeting, shown again with the reasons when it is refused."""

    meeting_id: int
    attendance: str
    interest: str
    next_step: str
    note: str
    errors: dict[str, str]


def _found(request: Request, visitor: Visitor) -> PersonInMission:
    assert visitor.participant_id is not None and visitor.mission_id is not None
    with web_context(request).transaction() as session:
        found = person_in_mission(
            session, participant_id=visitor.participant_id, mission_id=visitor.mission_id
        )
    if found is None:
        raise PageRefused(404, NO_LONGER_LISTED)
    return found


def when_text(meeting: Meeting, timezone: str, language: Language) -> str:
    """When a meeting starts, in the mission's zone: "10 juin 2025, 10:00"."""
    words = words_for(language)
    local = meeting.start.astimezone(ZoneInfo(timezone))
    return f"{words.short_day(local.date())}, {words.time(local)}"


def _page(
    request: Request,
    visitor: Visitor,
    found: PersonInMission,
    *,
    status: int = 200,
    typed: Typed | None = None,
    error: str = "",
) -> Response:
    assert visitor.participant_id is not None and visitor.mission_id is not None
    context = web_context(request)
    language = page_language(request, found.language)
    mission = found.snapshot.mission
    with context.transaction() as session:
        meetings = service.my_meetings(
            session,
            mission_id=visitor.mission_id,
            participant_id=visitor.participant_id,
            now=context.now(),
        )
    saved = request.query_params.get("saved", "")
    saved_name = next(
        (m.partner.full_name for m in meetings if str(m.id) == saved and m.partner), ""
    )
    return render(
        request,
        "participant/outcomes.html",
        language,
        status=status,
        mission=mission,
        meetings=meetings,
        when={m.id: when_text(m.meeting, mission.timezone, language) for m in meetings},
        typed=typed,
        error=error,
        confirmation=SAVED if saved_name else "",
        saved_name=saved_name,
        interest_labels=INTEREST_LABELS,
        next_step_labels={step.value: label for step, label in NEXT_STEP_LABELS.items()},
        note_max=NOTE_MAX_CHARS,
        interest_range=range(INTEREST_MIN, INTEREST_MAX + 1),
    )


@router.get("/me/outcomes")
def outcomes_page(request: Request, visitor: ParticipantVisitor) -> Response:
    """Participant: my meetings, each with a form to record what came of it."""
    return _page(request, visitor, _found(request, visitor))


@router.post("/me/meetings/{meeting_id}/outcome")
def record_outcome(
    request: Request,
    visitor: ParticipantVisitor,
    meeting_id: int,
    attendance: FormText = "",
    interest: FormText = "",
    next_step: FormText = "",
    note: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    """Participant: record (or replace) my outcome of one of my meetings."""
    if not same_secret(csrf_token, visitor.csrf_token):
        return message_page(request, 403, FORM_EXPIRED)
    assert visitor.participant_id is not None and visitor.mission_id is not None
    found = _found(request, visitor)
    context = web_context(request)
    typed = Typed(meeting_id, attendance, interest, next_step, note, {})
    try:
        answer = read_answer(
            attendance=attendance, interest=interest, next_step=next_step, note=note
        )
    except InvalidOutcome as invalid:
        answer = None
        errors = {field: FIELD_MESSAGES[field] for field in invalid.fields}
        if "interest" in errors and attendance == Attendance.NO_SHOW.value:
            errors["interest"] = NO_INTEREST_IF_NOT_HELD
        typed = Typed(meeting_id, attendance, interest, next_step, note, errors)
    try:
        with context.transaction() as session:
            if answer is None:
                # The meeting is checked first: someone else's meeting is 404 whatever was sent.
                service.meeting_to_record(
                    session,
                    mission_id=visitor.mission_id,
                    participant_id=visitor.participant_id,
                    meeting_id=meeting_id,
                    now=context.now(),
                )
            else:
                service.record_outcome(
                    session,
                    mission_id=visitor.mission_id,
                    participant_id=visitor.participant_id,
                    meeting_id=meeting_id,
                    answer=answer,
                    now=context.now(),
                )
    except OutcomeRefused as refused:
        if refused.refusal is Refusal.NOT_FOUND:
            raise PageRefused(404, NOT_YOURS) from None
        return _page(request, visitor, found, status=409, error=REFUSALS[refused.refusal])
    if answer is None:
        return _page(request, visitor, found, status=400, typed=typed, error=CHECK_FIELDS)
    return RedirectResponse(
        f"{OUTCOMES_PAGE}?saved={meeting_id}#meeting-{meeting_id}", status_code=303
    )
