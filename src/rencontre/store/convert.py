"""Conversions between core dataclasses and ORM rows, in both directions.

Rows that refer to other rows (a participant's organisation, a request's participants) are
built with a `RowIndex`, which resolves names, e-mails and keys to rows and reports the ones
that do not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from rencontre.core.enums import (
    Language,
    MeetingStatus,
    OpportunityType,
    OrganisationKind,
    OutcomeKind,
    PartnershipType,
    ProgrammeItemKind,
    RequestStatus,
    SizeBand,
)
from rencontre.core.errors import Problem
from rencontre.core.meeting import Meeting, MeetingRequest, Outcome
from rencontre.core.mission import Mission, ProgrammeItem, TableChange, TravelTime, Venue
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import LocalizedText, Organisation
from rencontre.core.participant import Participant, TimeWindow
from rencontre.store.models import (
    AvailabilityWindowRow,
    MeetingRequestRow,
    MeetingRow,
    MissionParticipantRow,
    MissionRow,
    OpportunityCountryRow,
    OpportunityPartnershipRow,
    OpportunityRow,
    OpportunitySegmentRow,
    OrganisationDescriptionRow,
    OrganisationNaceRow,
    OrganisationRow,
    OrganisationSegmentRow,
    OutcomeRow,
    ParticipantLanguageRow,
    ParticipantRow,
    ProgrammeAudienceRow,
    ProgrammeItemRow,
    TravelTimeRow,
    VenueRow,
    VenueTableChangeRow,
)

Row = TypeVar("Row")


@dataclass
class RowIndex:
    """Rows by their natural key, for resolving references; collects the ones that are missing."""

    organisations: dict[str, OrganisationRow] = field(default_factory=dict)
    participants: dict[str, ParticipantRow] = field(default_factory=dict)
    missions: dict[str, MissionRow] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def organisation(self, name: str, *, kind: str) -> OrganisationRow | None:
        return self._find(self.organisations, name, kind, "organisation")

    def participant(self, email: str, *, kind: str, field_name: str) -> ParticipantRow | None:
        return self._find(self.participants, email, kind, field_name, noun="participant")

    def mission(self, key: str, *, kind: str) -> MissionRow | None:
        return self._find(self.missions, key, kind, "mission")

    def _find(
        self, rows: dict[str, Row], key: str, kind: str, field_name: str, noun: str = ""
    ) -> Row | None:
        row = rows.get(key)
        if row is None:
            what = noun or field_name
            self.problems.append(Problem(kind, None, field_name, f"unknown {what} {key!r}"))
        return row


def _positioned(make: Callable[[int, str], Row], values: Iterable[str]) -> list[Row]:
    return [make(position, value) for position, value in enumerate(values)]


# Organisations ---------------------------------------------------------------------------


def organisation_to_row(organisation: Organisation) -> OrganisationRow:
    o = organisation
    return OrganisationRow(
        name=o.name,
        country=o.country,
        kind=o.kind.value,
        legal_name=o.legal_name,
        region=o.region,
        city=o.city,
        size_band=None if o.size_band is None else o.size_band.value,
        website=o.website,
        fictional=o.fictional,
        source=o.source,
        descriptions=[
            OrganisationDescriptionRow(position=i, language=d.language.value, text=d.text)
            for i, d in enumerate(o.descriptions)
        ],
        segments=_positioned(lambda i, c: OrganisationSegmentRow(position=i, code=c), o.segments),
        nace_codes=_positioned(lambda i, c: OrganisationNaceRow(position=i, code=c), o.nace_codes),
    )


def organisation_from_row(row: OrganisationRow) -> Organisation:
    return Organisation(
        name=row.name,
        country=row.country,
        kind=OrganisationKind(row.kind),
        legal_name=row.legal_name,
        region=row.region,
        city=row.city,
        size_band=None if row.size_band is None else SizeBand(row.size_band),
        website=row.website,
        descriptions=tuple(LocalizedText(Language(d.language), d.text) for d in row.descriptions),
        segments=tuple(s.code for s in row.segments),
        nace_codes=tuple(n.code for n in row.nace_codes),
        fictional=row.fictional,
        source=row.source,
    )


# Participants ----------------------------------------------------------------------------


def participant_to_row(participant: Participant, index: RowIndex) -> ParticipantRow:
    p = participant
    row = ParticipantRow(
        email=p.email,
        full_name=p.full_name,
        role=p.role,
        languages=_positioned(
            lambda i, lang: ParticipantLanguageRow(position=i, language=lang), p.languages
        ),
        availability=[
            AvailabilityWindowRow(position=i, start=w.start, end=w.end)
            for i, w in enumerate(p.availability)
        ],
    )
    organisation = index.organisation(p.organisation, kind="participants")
    if organisation is not None:
        row.organisation = organisation
    return row


def participant_from_row(row: ParticipantRow) -> Participant:
    return Participant(
        email=row.email,
        full_name=row.full_name,
        organisation=row.organisation.name,
        role=row.role,
        languages=tuple(Language(lang.language) for lang in row.languages),
        availability=tuple(TimeWindow(w.start, w.end) for w in row.availability),
    )


# Opportunities ---------------------------------------------------------------------------


def opportunity_to_row(opportunity: Opportunity, index: RowIndex) -> OpportunityRow:
    o = opportunity
    row = OpportunityRow(
        reference=o.reference,
        type=o.type.value,
        title=o.title,
        description=o.description,
        language=o.language.value,
        expires_on=o.expires_on,
        partnership_types=_positioned(
            lambda i, t: OpportunityPartnershipRow(position=i, partnership_type=t),
            o.partnership_types,
        ),
        target_countries=_positioned(
            lambda i, c: OpportunityCountryRow(position=i, country=c), o.target_countries
        ),
        segments=_positioned(lambda i, c: OpportunitySegmentRow(position=i, code=c), o.segments),
    )
    organisation = index.organisation(o.organisation, kind="opportunities")
    if organisation is not None:
        row.organisation = organisation
    return row


def opportunity_from_row(row: OpportunityRow) -> Opportunity:
    return Opportunity(
        reference=row.reference,
        organisation=row.organisation.name,
        type=OpportunityType(row.type),
        title=row.title,
        description=row.description,
        language=Language(row.language),
        partnership_types=tuple(PartnershipType(p.partnership_type) for p in row.partnership_types),
        target_countries=tuple(c.country for c in row.target_countries),
        segments=tuple(s.code for s in row.segments),
        expires_on=row.expires_on,
    )


# Missions --------------------------------------------------------------------------------


def mission_to_row(mission: Mission, index: RowIndex) -> MissionRow:
    m = mission
    venues = {v.key: venue_to_row(i, v) for i, v in enumerate(m.venues)}
    row = MissionRow(
        key=m.key,
        title=m.title,
        start_date=m.start_date,
        end_date=m.end_date,
        timezone=m.timezone,
        description=m.description,
        slot_minutes=m.slot_minutes,
        languages=",".join(language.value for language in m.languages),
        requests_close_at=m.requests_close_at,
        venues=list(venues.values()),
    )
    kind = f"missions ({m.key})"

    def venue(key: str, field_name: str) -> VenueRow | None:
        found = venues.get(key)
        if found is None:
            index.problems.append(Problem(kind, None, field_name, f"unknown venue {key!r}"))
        return found

    for position, travel in enumerate(m.travel_times):
        origin = venue(travel.from_venue, "travel_times.from_venue")
        destination = venue(travel.to_venue, "travel_times.to_venue")
        if origin is not None and destination is not None:
            row.travel_times.append(
                TravelTimeRow(
                    position=position,
                    from_venue=origin,
                    to_venue=destination,
                    minutes=travel.minutes,
                )
            )
    for position, item in enumerate(m.programme):
        item_row = ProgrammeItemRow(
            position=position,
            key=item.key,
            title=item.title,
            kind=item.kind.value,
            start=item.start,
            end=item.end,
            description=item.description,
            sequence=item.sequence,
        )
        item_venue = venue(item.venue, "programme.venue")
        if item_venue is not None:
            item_row.venue = item_venue
        for i, email in enumerate(item.audience):
            person = index.participant(email, kind=kind, field_name="programme.audience")
            if person is not None:
                item_row.audience.append(ProgrammeAudienceRow(position=i, participant=person))
        row.programme.append(item_row)
    for position, email in enumerate(m.participants):
        person = index.participant(email, kind=kind, field_name="participants")
        if person is not None:
            row.participants.append(MissionParticipantRow(position=position, participant=person))
    return row


def mission_from_row(row: MissionRow) -> Mission:
    return Mission(
        key=row.key,
        title=row.title,
        start_date=row.start_date,
        end_date=row.end_date,
        timezone=row.timezone,
        description=row.description,
        venues=tuple(venue_from_row(v) for v in row.venues),
        travel_times=tuple(
            TravelTime(t.from_venue.key, t.to_venue.key, t.minutes) for t in row.travel_times
        ),
        programme=tuple(
            ProgrammeItem(
                key=p.key,
                title=p.title,
                kind=ProgrammeItemKind(p.kind),
                start=p.start,
                end=p.end,
                venue=p.venue.key,
                audience=tuple(a.participant.email for a in p.audience),
                description=p.description,
                sequence=p.sequence,
            )
            for p in row.programme
        ),
        slot_minutes=row.slot_minutes,
        participants=tuple(p.participant.email for p in row.participants),
        languages=tuple(Language(code) for code in row.languages.split(",") if code),
        requests_close_at=row.requests_close_at,
    )


def venue_to_row(position: int, venue: Venue) -> VenueRow:
    v = venue
    return VenueRow(
        position=position,
        key=v.key,
        name=v.name,
        address=v.address,
        city=v.city,
        tables=v.tables,
        table_changes=[
            VenueTableChangeRow(position=i, start=c.start, tables=c.tables)
            for i, c in enumerate(v.table_changes)
        ],
    )


def venue_from_row(row: VenueRow) -> Venue:
    return Venue(
        key=row.key,
        name=row.name,
        address=row.address,
        city=row.city,
        tables=row.tables,
        table_changes=tuple(TableChange(c.start, c.tables) for c in row.table_changes),
    )


# Requests, meetings, outcomes ------------------------------------------------------------


def _link_pair(
    row: MeetingRequestRow | MeetingRow | OutcomeRow,
    mission: str,
    requester: str,
    requested: str,
    index: RowIndex,
    kind: str,
) -> MissionRow | None:
    mission_row = index.mission(mission, kind=kind)
    requester_row = index.participant(requester, kind=kind, field_name="requester")
    requested_row = index.participant(requested, kind=kind, field_name="requested")
    if mission_row is not None:
        row.mission = mission_row
    if requester_row is not None:
        row.requester = requester_row
    if requested_row is not None:
        row.requested = requested_row
    return mission_row


def request_to_row(request: MeetingRequest, index: RowIndex) -> MeetingRequestRow:
    r = request
    row = MeetingRequestRow(
        priority=r.priority,
        message=r.message,
        status=r.status.value,
        score=r.score,
        reverse_message=r.reverse_message,
        origin=r.origin,
    )
    _link_pair(row, r.mission, r.requester, r.requested, index, "meeting_requests")
    return row


def request_from_row(row: MeetingRequestRow) -> MeetingRequest:
    return MeetingRequest(
        mission=row.mission.key,
        requester=row.requester.email,
        requested=row.requested.email,
        priority=row.priority,
        message=row.message,
        status=RequestStatus(row.status),
        score=row.score,
        reverse_message=row.reverse_message,
        origin=row.origin,
    )


def meeting_to_row(meeting: Meeting, index: RowIndex) -> MeetingRow:
    m = meeting
    row = MeetingRow(
        start=m.start,
        end=m.end,
        table_number=m.table,
        status=m.status.value,
        sequence=m.sequence,
    )
    mission_row = _link_pair(row, m.mission, m.requester, m.requested, index, "meetings")
    if mission_row is not None:
        venue = next((v for v in mission_row.venues if v.key == m.venue), None)
        if venue is None:
            reason = f"unknown venue {m.venue!r} in mission {m.mission!r}"
            index.problems.append(Problem("meetings", None, "venue", reason))
        else:
            row.venue = venue
    return row


def meeting_from_row(row: MeetingRow) -> Meeting:
    return Meeting(
        mission=row.mission.key,
        requester=row.requester.email,
        requested=row.requested.email,
        start=row.start,
        end=row.end,
        venue=row.venue.key,
        table=row.table_number,
        status=MeetingStatus(row.status),
        sequence=row.sequence,
    )


def outcome_to_row(outcome: Outcome, index: RowIndex) -> OutcomeRow:
    o = outcome
    row = OutcomeRow(
        kind=o.kind.value,
        recorded_on=o.recorded_on,
        notes=o.notes,
        value_eur=o.value_eur,
        recorded_at=o.recorded_at,
    )
    _link_pair(row, o.mission, o.requester, o.requested, index, "outcomes")
    return row


def outcome_from_row(row: OutcomeRow) -> Outcome:
    return Outcome(
        mission=row.mission.key,
        requester=row.requester.email,
        requested=row.requested.email,
        kind=OutcomeKind(row.kind),
        recorded_on=row.recorded_on,
        notes=row.notes,
        value_eur=row.value_eur,
        recorded_at=row.recorded_at,
    )
