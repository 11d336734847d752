"""What the API sends: its own shapes, separate from the domain types they come from."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

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


# Missions, people, organisations, requests and meetings ----------------------------------


class MissionSummary(BaseModel):
    key: str
    title: str
    description: str
    timezone: str = Field(description="IANA zone of every time of the mission.")
    start_date: date
    end_date: date
    languages: list[str] = Field(description="The mission's working languages, in order.")
    requests_close_at: datetime | None = Field(
        description="When participants can no longer send or answer requests; null: open."
    )
    requests_open: bool
    role: str = Field(description="`organiser` or `participant`: as whom you read it.")


class OpportunityPublic(BaseModel):
    """An offer or a need an organisation published (Enterprise Europe Network types)."""

    reference: str
    type: str = Field(description="`business_offer`, `technology_request`, …")
    title: str
    description: str
    language: str
    partnership_types: list[str]
    target_countries: list[str]
    segments: list[str] = Field(description="Value-chain taxonomy codes.")
    expires_on: date | None


class DescriptionPublic(BaseModel):
    language: str
    text: str


class OrganisationPublic(BaseModel):
    """The public part of an organisation."""

    id: int = Field(description="The organisation's id in the store.")
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2.")
    kind: str
    region: str
    city: str
    size_band: str | None
    website: str
    descriptions: list[DescriptionPublic]
    segments: list[str] = Field(description="Value-chain taxonomy codes.")
    offers: list[OpportunityPublic]
    needs: list[OpportunityPublic]


class OrganisationRef(BaseModel):
    id: int | None = Field(description="The organisation's id; null if it is not stored.")
    name: str


class ParticipantPublic(BaseModel):
    """The public part of a participant, with their organisation's; never another
    participant's e-mail for a participant."""

    id: int = Field(description="The participant's id in the store.")
    name: str
    organisation: OrganisationRef
    country: str
    languages: list[str]
    descriptions: list[DescriptionPublic] = Field(description="The organisation's.")
    segments: list[str] = Field(description="The organisation's value-chain segments.")
    offers: list[OpportunityPublic] = Field(description="The organisation's.")
    needs: list[OpportunityPublic] = Field(description="The organisation's.")
    email: str | None = Field(
        default=None, description="For the mission's organisers, and for the person herself."
    )


class PersonRefPublic(BaseModel):
    id: int = Field(description="The participant's id in the store.")
    name: str
    organisation: str
    email: str | None = Field(default=None, description="For organisers only.")


class MeetingRequestPublic(BaseModel):
    id: int = Field(description="The request's id in the store.")
    mission: str
    requester: PersonRefPublic
    requested: PersonRefPublic
    priority: int = Field(description="1 (low) to 3 (high).")
    status: str = Field(description="`pending`, `accepted`, `declined`, `cancelled`, `proposed`.")
    message: str = Field(description="The requester's message.")
    reply: str = Field(description="The requested person's messages, one a line.")
    score: float | None = Field(
        default=None, description="For organisers: the matching score of a proposal."
    )
    origin: str | None = Field(
        default=None, description="For organisers: where a merged request came from."
    )


class MeetingRequestCreate(BaseModel):
    """A participant's request to meet another participant of her mission."""

    model_config = ConfigDict(extra="forbid")

    requested: int = Field(description="The id of the participant to meet.")
    message: str = Field(default="", max_length=2000)
    priority: int = Field(default=2, ge=1, le=3, description="1 (low) to 3 (high).")


class MeetingRequestAnswer(BaseModel):
    """An answer's optional message, kept as the request's reply."""

    model_config = ConfigDict(extra="forbid")

    message: str = Field(default="", max_length=2000)


class MeetingRequestSent(BaseModel):
    merged: bool = Field(
        description="The other person had asked to meet you: both are now one request, in "
        "their direction, which you can accept."
    )
    request: MeetingRequestPublic


class MeetingPublic(BaseModel):
    id: int = Field(description="The meeting's id in the store.")
    mission: str
    uid: str = Field(description="The event's iCalendar UID, stable across changes.")
    sequence: int = Field(description="iCalendar SEQUENCE: grows when the meeting changes.")
    status: str = Field(description="`scheduled`, `held`, `cancelled` or `no_show`.")
    start: datetime = Field(description="In the mission's time zone.")
    end: datetime
    venue: str = Field(description="The venue's name.")
    location: str = Field(description="The venue's address and city.")
    table: int
    requester: PersonRefPublic
    requested: PersonRefPublic
