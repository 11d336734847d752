"""`/api/v1/…/outcomes`: what each side of a meeting recorded after it.

An organiser reads every outcome of a mission she organises (with the people's e-mails); a
participant, through her session, reads and records her own (never her partner's, never
an e-mail address but hers). Recording is a `PUT` on the meeting's outcome: the same call
again replaces it. The rules are those of the page (`rencontre.services.meeting_outcomes`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from rencontre.core.enums import Attendance, NextStep
from rencontre.core.meeting_outcome import (
    INTEREST_MAX,
    INTEREST_MIN,
    NOTE_MAX_CHARS,
    InvalidOutcome,
    read_answer,
)
from rencontre.services import meeting_outcomes as service
from rencontre.services.accounts import organises
from rencontre.services.meeting_outcomes import OutcomeRefused, Refusal
from rencontre.store import accounts as store_accounts
from rencontre.store import outcomes as store
from rencontre.store import repositories as repo
from rencontre.store.outcomes import StoredOutcome
from rencontre.web.api.pagination import Page, Paging, page_of
from rencontre.web.api.routes import problems
from rencontre.web.auth.visitors import ApiVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import ApiProblem

router = APIRouter(prefix="/api/v1", tags=["outcomes"])

ONLY_PARTICIPANTS = "only a participant's session has outcomes of its own"
REFUSED = {
    Refusal.CANCELLED: "this meeting was cancelled: it has no outcome to record",
    Refusal.NOT_STARTED: "an outcome can be recorded once the meeting has started",
}


class OutcomePerson(BaseModel):
    id: int = Field(description="The participant's id in the store.")
    name: str
    organisation: str
    email: str | None = Field(
        default=None, description="For organisers, and a participant's own address."
    )


class OutcomePublic(BaseModel):
    """One side's outcome of one meeting."""

    meeting_id: int = Field(description="The meeting's id in the store.")
    mission: str = Field(description="The mission's key.")
    participant: OutcomePerson = Field(description="Who recorded it.")
    partner: OutcomePerson = Field(description="The other side of the meeting.")
    attendance: Attendance
    interest: int | None = Field(description="1 (none) to 5 (strong); null when not held.")
    next_step: NextStep
    note: str
    recorded_at: datetime


CREATED: dict[str, Any] = {"model": OutcomePublic, "description": "Created"}


class OutcomeWrite(BaseModel):
    """What a participant says of one of her meetings."""

    attendance: str = Field(description="`held` or `no_show`.")
    interest: int | None = Field(
        default=None,
        description=f"{INTEREST_MIN} (none) to {INTEREST_MAX} (strong); "
        "required when held, empty when not.",
    )
    next_step: str = Field(
        default=NextStep.NONE.value,
        description="One of " + ", ".join(step.value for step in NextStep) + ".",
    )
    note: str = Field(default="", description=f"At most {NOTE_MAX_CHARS} characters.")


def _public(
    session: Session, found: list[StoredOutcome], *, emails: bool, own: str | None = None
) -> list[OutcomePublic]:
    ids = repo.participant_ids(session)
    named = {o.outcome.participant for o in found} | {o.outcome.partner for o in found}
    people = store.participants_named(session, named)

    def person(email: str) -> OutcomePerson:
        known = people.get(email)
        return OutcomePerson(
            id=ids.get(email, 0),
            name=known.full_name if known else "",
            organisation=known.organisation if known else "",
            email=email if emails or email == own else None,
        )

    return [
        OutcomePublic(
            meeting_id=s.meeting_id,
            mission=s.outcome.mission,
            participant=person(s.outcome.participant),
            partner=person(s.outcome.partner),
            attendance=s.outcome.answer.attendance,
            interest=s.outcome.answer.interest,
            next_step=s.outcome.answer.next_step,
            note=s.outcome.answer.note,
            recorded_at=s.outcome.recorded_at,
        )
        for s in found
    ]


def participant_caller(visitor: ApiVisitor) -> tuple[int, int]:
    """The participant's and mission's ids of a participant's session, else 403.

    A dependency, so that an organiser is refused before the body is read.
    """
    if not visitor.is_participant or visitor.participant_id is None or visitor.mission_id is None:
        raise ApiProblem(403, ONLY_PARTICIPANTS)
    return visitor.participant_id, visitor.mission_id


ParticipantCaller = Annotated[tuple[int, int], Depends(participant_caller)]


@router.get(
    "/missions/{key}/outcomes",
    response_model=Page[OutcomePublic],
    responses=problems(401, 404, 422),
    summary="The outcomes recorded in a mission",
)
def list_mission_outcomes(
    request: Request,
    visitor: ApiVisitor,
    key: Annotated[str, Path(description="The mission's key.")],
    paging: Paging,
) -> Page[OutcomePublic]:
    """For an organiser of the mission: both sides' outcomes of every meeting, in meeting
    time order, with e-mails. Anyone else: 404, as if the mission did not exist."""
    with web_context(request).transaction() as session:
        mission_id = store_accounts.mission_ids(session, [key]).get(key)
        if mission_id is None or not organises(session, visitor, mission_id):
            raise ApiProblem(404, f"no mission {key!r} whose outcomes you may read")
        found = service.mission_outcomes(session, mission_id=mission_id)
        return page_of(_public(session, found, emails=True), paging)


@router.get(
    "/me/outcomes",
    response_model=Page[OutcomePublic],
    responses=problems(401, 403, 422),
    summary="My outcomes",
)
def list_my_outcomes(
    request: Request, caller: ParticipantCaller, paging: Paging
) -> Page[OutcomePublic]:
    """For a participant's session: the outcomes she recorded in the mission of her link."""
    participant_id, mission_id = caller
    with web_context(request).transaction() as session:
        found = service.my_outcomes(session, mission_id=mission_id, participant_id=participant_id)
        own = store_accounts.participant_email(session, participant_id)
        return page_of(_public(session, found, emails=False, own=own), paging)


@router.put(
    "/meetings/{meeting_id}/outcome",
    response_model=OutcomePublic,
    status_code=200,
    responses={**problems(401, 403, 404, 409, 422), 201: CREATED},
    summary="Record my outcome of a meeting",
)
def put_my_outcome(
    request: Request,
    caller: ParticipantCaller,
    meeting_id: Annotated[int, Path(description="The meeting's id in the store.")],
    body: OutcomeWrite,
) -> JSONResponse:
    """For a participant's session (with `X-CSRF-Token`): record, or replace, her outcome
    of one of her meetings once it has started. 201 when new, 200 when replaced; a meeting
    not hers answers 404; a cancelled or future one, 409; a bad field, 422 naming it."""
    participant_id, mission_id = caller
    context = web_context(request)
    fields: dict[str, str] = {}
    try:
        answer = read_answer(
            attendance=body.attendance,
            interest=body.interest,
            next_step=body.next_step,
            note=body.note,
        )
    except InvalidOutcome as invalid:
        answer = None
        fields = invalid.fields
    with context.transaction() as session:
        try:
            if answer is None:
                service.meeting_to_record(
                    session,
                    mission_id=mission_id,
                    participant_id=participant_id,
                    meeting_id=meeting_id,
                    now=context.now(),
                )
                raise ApiProblem(422, "the outcome is not valid", fields=fields)
            outcome, new = service.record_outcome(
                session,
                mission_id=mission_id,
                participant_id=participant_id,
                meeting_id=meeting_id,
                answer=answer,
                now=context.now(),
            )
        except OutcomeRefused as refused:
            if refused.refusal is Refusal.NOT_FOUND:
                raise ApiProblem(404, f"no meeting {meeting_id} of yours") from None
            raise ApiProblem(409, REFUSED[refused.refusal]) from None
        stored = StoredOutcome(meeting_id, participant_id, outcome)
        public = _public(session, [stored], emails=False, own=outcome.participant)[0]
    return JSONResponse(jsonable_encoder(public), status_code=201 if new else 200)
