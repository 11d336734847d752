"""What the API sends: its own shapes, separate from the domain types they come from."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from rencontre.core.enums import MeetingStatus
from rencontre.documents.agenda import Agenda, AgendaEntry


class InvalidParameter(BaseModel):
    location: list[str | int] = Field(description='Where: ["query", "lang"].')
    message: str


class Problem(BaseModel):
    """An error, as RFC 9457 describes it (`application/problem+json`)."""

    type: str = "about:blank"
    title: str = Field(description="The HTTP status phrase.")
    status: int
    detail: str
    errors: list[InvalidParameter] | None = Field(
        default=None, description="For a 422: each parameter that is not valid."
    )


class PersonPublic(BaseModel):
    id: int = Field(description="The participant's id in the store.")
    name: str
    organisation: str
    email: str


class MissionPublic(BaseModel):
    key: str
    title: str
    timezone: str = Field(description="IANA zone of every time of the mission.")
    start_date: date
    end_date: date


class PartnerPublic(BaseModel):
    name: str
    organisation: str
    email: str | None = Field(
        default=None,
        description="Given to organisers only; a participant never gets another's address.",
    )


class AgendaEntryPublic(BaseModel):
    uid: str = Field(description="The event's iCalendar UID, stable across changes.")
    sequence: int = Field(description="iCalendar SEQUENCE: grows when the event changes.")
    kind: str = Field(description="`meeting`, or the kind of programme item.")
    title: str
    start: datetime = Field(description="In the mission's time zone.")
    end: datetime
    status: str = Field(description="`scheduled`, or `cancelled` for a meeting called off.")
    venue: str
    location: str
    table: int | None = None
    description: str = ""
    partner: PartnerPublic | None = Field(default=None, description="For a meeting.")
    languages: list[str] = Field(
        default_factory=list,
        description="For a meeting: the languages both people speak (ISO 639-1), best first.",
    )
    interpreter_needed: bool = False


class AgendaPublic(BaseModel):
    participant: PersonPublic
    mission: MissionPublic
    language: str = Field(description="The language the texts are written in.")
    entries: list[AgendaEntryPublic]


def agenda_public(agenda: Agenda, participant_id: int, *, partner_emails: bool) -> AgendaPublic:
    """`agenda` for the wire; partners' e-mails only when `partner_emails`."""
    mission, person = agenda.mission, agenda.person
    return AgendaPublic(
        participant=PersonPublic(
            id=participant_id,
            name=person.full_name,
            organisation=person.organisation,
            email=person.email,
        ),
        mission=MissionPublic(
            key=mission.key,
            title=mission.title,
            timezone=mission.timezone,
            start_date=mission.start_date,
            end_date=mission.end_date,
        ),
        language=str(agenda.language),
        entries=[_entry(e, partner_emails=partner_emails) for e in agenda.entries],
    )


def _entry(entry: AgendaEntry, *, partner_emails: bool) -> AgendaEntryPublic:
    partner = None
    if entry.is_meeting:
        partner = PartnerPublic(
            name=entry.partner,
            organisation=entry.partner_organisation,
            email=entry.partner_email if partner_emails else None,
        )
    return AgendaEntryPublic(
        uid=entry.uid,
        sequence=entry.sequence,
        kind=entry.kind,
        title=entry.title,
        start=entry.start,
        end=entry.end,
        status=str(entry.status if entry.is_meeting else MeetingStatus.SCHEDULED),
        venue=entry.venue,
        location=entry.location,
        table=entry.table,
        description=entry.description,
        partner=partner,
        languages=list(entry.language.shared),
        interpreter_needed=entry.language.interpreter,
    )
