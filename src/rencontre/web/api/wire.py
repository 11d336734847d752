"""The services' views turned into the API's shapes (`rencontre.web.api.schemas`).

Every e-mail address passes through one argument here (`emails`, `with_email`), so that
which caller gets addresses is decided by the route, in one visible place.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.services.api_access import MissionAccess
from rencontre.services.mission_profiles import OrganisationProfile, PersonProfile
from rencontre.services.visible_meetings import MeetingView
from rencontre.services.visible_requests import PersonRef, RequestView
from rencontre.web.api.schemas import (
    DescriptionPublic,
    MeetingPublic,
    MeetingRequestPublic,
    MissionSummary,
    OpportunityPublic,
    OrganisationPublic,
    OrganisationRef,
    ParticipantPublic,
    PersonRefPublic,
)


def mission_summary(access: MissionAccess, *, requests_open: bool) -> MissionSummary:
    mission = access.mission
    return MissionSummary(
        key=mission.key,
        title=mission.title,
        description=mission.description,
        timezone=mission.timezone,
        start_date=mission.start_date,
        end_date=mission.end_date,
        languages=[str(language) for language in mission.languages],
        requests_close_at=mission.requests_close_at,
        requests_open=requests_open,
        role="organiser" if access.organiser else "participant",
    )


def opportunity_public(opportunity: Opportunity) -> OpportunityPublic:
    o = opportunity
    return OpportunityPublic(
        reference=o.reference,
        type=str(o.type),
        title=o.title,
        description=o.description,
        language=str(o.language),
        partnership_types=[str(t) for t in o.partnership_types],
        target_countries=list(o.target_countries),
        segments=list(o.segments),
        expires_on=o.expires_on,
    )


def _descriptions(organisation: Organisation | None) -> list[DescriptionPublic]:
    texts = organisation.descriptions if organisation else ()
    return [DescriptionPublic(language=str(t.language), text=t.text) for t in texts]


def organisation_public(profile: OrganisationProfile) -> OrganisationPublic:
    organisation = profile.organisation
    return OrganisationPublic(
        id=profile.id,
        name=organisation.name,
        country=organisation.country,
        kind=str(organisation.kind),
        region=organisation.region,
        city=organisation.city,
        size_band=None if organisation.size_band is None else str(organisation.size_band),
        website=organisation.website,
        descriptions=_descriptions(organisation),
        segments=list(organisation.segments),
        offers=[opportunity_public(o) for o in profile.offers],
        needs=[opportunity_public(o) for o in profile.needs],
    )


def participant_public(profile: PersonProfile, *, with_email: bool) -> ParticipantPublic:
    person, found = profile.person, profile.organisation
    organisation = found.organisation if found else None
    return ParticipantPublic(
        id=profile.id,
        name=person.full_name,
        organisation=OrganisationRef(id=found.id if found else None, name=person.organisation),
        country=organisation.country if organisation else "",
        languages=[str(language) for language in person.languages],
        descriptions=_descriptions(organisation),
        segments=list(organisation.segments) if organisation else [],
        offers=[opportunity_public(o) for o in found.offers] if found else [],
        needs=[opportunity_public(o) for o in found.needs] if found else [],
        email=person.email if with_email else None,
    )


def person_ref(ref: PersonRef, *, emails: bool) -> PersonRefPublic:
    person = ref.person
    return PersonRefPublic(
        id=ref.id,
        name=person.full_name,
        organisation=person.organisation,
        email=person.email if emails else None,
    )


def request_public(view: RequestView, *, organiser: bool) -> MeetingRequestPublic:
    """A request; its origin names people by e-mail, so it goes to organisers only."""
    request = view.request
    return MeetingRequestPublic(
        id=view.id,
        mission=request.mission,
        requester=person_ref(view.requester, emails=organiser),
        requested=person_ref(view.requested, emails=organiser),
        priority=request.priority,
        status=str(request.status),
        message=request.message,
        reply=request.reverse_message,
        score=request.score if organiser else None,
        origin=request.origin if organiser else None,
    )


def meeting_public(view: MeetingView, access: MissionAccess) -> MeetingPublic:
    meeting, venue = view.meeting, view.venue
    zone = ZoneInfo(access.mission.timezone)
    location = ", ".join(part for part in (venue.address, venue.city) if part) if venue else ""
    return MeetingPublic(
        id=view.id,
        mission=meeting.mission,
        uid=meeting.uid,
        sequence=meeting.sequence,
        status=str(meeting.status),
        start=meeting.start.astimezone(zone),
        end=meeting.end.astimezone(zone),
        venue=venue.name if venue else meeting.venue,
        location=location,
        table=meeting.table,
        requester=person_ref(view.requester, emails=access.organiser),
        requested=person_ref(view.requested, emails=access.organiser),
    )
