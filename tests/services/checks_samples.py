"""A small two-day mission for the check, diagnostic and gap tests.

Lunch in Lille ends at 13:30 and the site visit in Douai, 45 minutes away, starts at 13:45
(for Julien and Anne); on day 2 the talk in Lille ends at 10:00 and the demo in Douai starts
at 10:15 (for everyone, but Anne comes on day 1 only). The B2B sessions are at the hall:
13 Oct 10:00–11:00 and 14 Oct 14:00–14:40, 20-minute slots, 2 tables. Julien (French) and
Piet (Dutch) meet at 10:00 on day 1; Julien's request to Marc is pending; Piet's proposal to
Anne is only a proposal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language, ProgrammeItemKind, RequestStatus
from rencontre.core.meeting import Meeting, MeetingRequest
from rencontre.core.mission import Mission, ProgrammeItem, TravelTime, Venue
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant, TimeWindow
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope

PARIS = ZoneInfo("Europe/Paris")
KEY = "lille-douai-2027"
JULIEN = "julien@dupont.example"
ANNE = "anne@peeters.example"
PIET = "piet@jansen.example"
MARC = "marc@leroy.example"
B2B = ProgrammeItemKind.B2B_SESSION


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the mission: `day` of October 2027, Paris time."""
    return datetime(2027, 10, day, hour, minute, tzinfo=PARIS)


ORGANISATIONS = (
    Organisation("Voltaïque Charge", "FR"),
    Organisation("Wallonie Mobilité", "BE"),
    Organisation("Batterij Lab", "NL"),
    Organisation("Leroy Logistique", "FR"),
)
PEOPLE = (
    Participant(JULIEN, "Julien Dupont", "Voltaïque Charge", languages=(Language.FR,)),
    Participant(
        ANNE, "Anne Peeters", "Wallonie Mobilité", availability=(TimeWindow(at(13, 8), at(13, 18)),)
    ),
    Participant(PIET, "Piet Jansen", "Batterij Lab", languages=(Language.NL,)),
    Participant(MARC, "Marc Leroy", "Leroy Logistique", languages=(Language.FR, Language.EN)),
)
VENUES = (
    Venue("lille", "Grand Palais", city="Lille"),
    Venue("douai", "Douai plant", city="Douai"),
    Venue("hall", "Hall B2B", city="Lille", tables=2),
)
PROGRAMME = (
    ProgrammeItem("b2b-1", "B2B morning", B2B, at(13, 10), at(13, 11), "hall"),
    ProgrammeItem("lunch", "Lunch", ProgrammeItemKind.MEAL, at(13, 12), at(13, 13, 30), "lille"),
    ProgrammeItem(
        "visit",
        "Site visit",
        ProgrammeItemKind.SITE_VISIT,
        at(13, 13, 45),
        at(13, 16),
        "douai",
        audience=(JULIEN, ANNE),
    ),
    ProgrammeItem("talk", "Keynote", ProgrammeItemKind.TALK, at(14, 9), at(14, 10), "lille"),
    ProgrammeItem("demo", "Line demo", ProgrammeItemKind.DEMO, at(14, 10, 15), at(14, 11), "douai"),
    ProgrammeItem("b2b-2", "B2B afternoon", B2B, at(14, 14), at(14, 14, 40), "hall"),
)
REQUESTS = (
    MeetingRequest(
        KEY,
        JULIEN,
        PIET,
        status=RequestStatus.ACCEPTED,
        origin=f"{JULIEN} → {PIET} (stored) + {PIET} → {JULIEN} (meeting_requests.csv, row 2)",
    ),
    MeetingRequest(KEY, JULIEN, MARC, priority=3, status=RequestStatus.PENDING),
    MeetingRequest(KEY, PIET, ANNE, status=RequestStatus.PROPOSED, score=0.7),
)
MEETINGS = (Meeting(KEY, JULIEN, PIET, at(13, 10), at(13, 10, 20), "hall", 1),)


def mission(
    programme: Sequence[ProgrammeItem] = PROGRAMME, venues: Sequence[Venue] = VENUES
) -> Mission:
    """The sample mission, with another programme or other venues when given."""
    return Mission(
        key=KEY,
        title="Lille and Douai",
        start_date=date(2027, 10, 13),
        end_date=date(2027, 10, 14),
        timezone="Europe/Paris",
        venues=tuple(venues),
        travel_times=(TravelTime("lille", "douai", 45),),
        programme=tuple(programme),
        slot_minutes=20,
        participants=tuple(p.email for p in PEOPLE),
    )


def snapshot(
    the_mission: Mission | None = None,
    *,
    requests: Sequence[MeetingRequest] = REQUESTS,
    meetings: Sequence[Meeting] = MEETINGS,
    people: Sequence[Participant] = PEOPLE,
) -> repo.MissionSnapshot:
    """What the store would load for the sample mission (or the one given)."""
    return repo.MissionSnapshot(
        mission=the_mission or mission(),
        participants=tuple(people),
        organisations=ORGANISATIONS,
        requests=tuple(requests),
        meetings=tuple(meetings),
    )


def store(database_url: str, data: repo.MissionSnapshot) -> None:
    """Save the snapshot's organisations, people, mission, requests and meetings."""
    engine = open_database(Settings(database_url=database_url))
    try:
        with session_scope(engine) as session:
            repo.save_dataset(
                session,
                Dataset(
                    organisations=tuple(data.organisations),
                    participants=tuple(data.participants),
                    missions=(data.mission,),
                    meeting_requests=tuple(data.requests),
                    meetings=tuple(data.meetings),
                ),
            )
    finally:
        engine.dispose()
