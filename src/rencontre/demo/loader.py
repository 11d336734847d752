"""Read the demo data files shipped in the package into core domain objects."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from rencontre.core.dataset import Dataset
from rencontre.core.enums import (
    Language,
    OpportunityType,
    OrganisationKind,
    PartnershipType,
    ProgrammeItemKind,
    RequestStatus,
    SizeBand,
)
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.meeting import MeetingRequest
from rencontre.core.mission import Mission, ProgrammeItem, TravelTime, Venue
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import LocalizedText, Organisation
from rencontre.core.participant import Participant, TimeWindow

DEMO_MISSION_KEY = "nl-hdf-2027"

T = TypeVar("T")


def read_data(name: str) -> Any:
    """The decoded JSON file `name` of `rencontre/demo/data/`."""
    text = resources.files("rencontre.demo").joinpath("data", name).read_text("utf-8")
    return json.loads(text)


def _rows(name: str, key: str, build: Callable[[dict[str, Any]], T]) -> tuple[T, ...]:
    """Build one object per row; a bad row is refused with its file and 1-based row number."""
    result: list[T] = []
    for index, row in enumerate(read_data(name)[key], start=1):
        try:
            result.append(build(row))
        except (KeyError, ValueError, TypeError) as error:
            raise InvalidInput([Problem(name, index, None, repr(error))]) from error
    return tuple(result)


def _organisation(row: dict[str, Any]) -> Organisation:
    return Organisation(
        name=row["name"],
        country=row["country"],
        kind=OrganisationKind(row["kind"]),
        region=row["region"],
        city=row["city"],
        size_band=SizeBand(row["size_band"]) if row["size_band"] else None,
        website=row["website"],
        descriptions=tuple(
            LocalizedText(Language(lang), text) for lang, text in row["descriptions"].items()
        ),
        segments=tuple(row["segments"]),
        nace_codes=tuple(row["nace_codes"]),
        fictional=row["fictional"],
        source=row["source"],
    )


def _opportunity(row: dict[str, Any]) -> Opportunity:
    return Opportunity(
        reference=row["reference"],
        organisation=row["organisation"],
        type=OpportunityType(row["type"]),
        title=row["title"],
        description=row["description"],
        language=Language(row["language"]),
        partnership_types=tuple(PartnershipType(p) for p in row["partnership_types"]),
        target_countries=tuple(row["target_countries"]),
        segments=tuple(row["segments"]),
        expires_on=date.fromisoformat(row["expires_on"]) if row["expires_on"] else None,
    )


def _local(value: str, zone: ZoneInfo) -> datetime:
    # Files hold wall-clock times of the mission's time zone, as organisers write them.
    return datetime.fromisoformat(value).replace(tzinfo=zone)


def participant_from_dict(row: dict[str, Any], zone: ZoneInfo) -> Participant:
    """A participant from its JSON row; availability times are wall-clock times in `zone`."""
    return Participant(
        email=row["email"],
        full_name=row["full_name"],
        organisation=row["organisation"],
        role=row["role"],
        languages=tuple(Language(lang) for lang in row["languages"]),
        availability=tuple(
            TimeWindow(_local(w["start"], zone), _local(w["end"], zone))
            for w in row["availability"]
        ),
    )


def mission_from_dict(raw: dict[str, Any]) -> Mission:
    """A mission from the decoded mission.json."""
    zone = ZoneInfo(raw["timezone"])
    return Mission(
        key=raw["key"],
        title=raw["title"],
        start_date=date.fromisoformat(raw["start_date"]),
        end_date=date.fromisoformat(raw["end_date"]),
        timezone=raw["timezone"],
        description=raw["description"],
        venues=tuple(
            Venue(v["key"], v["name"], v["address"], v["city"], v["tables"]) for v in raw["venues"]
        ),
        travel_times=tuple(
            TravelTime(t["from_venue"], t["to_venue"], t["minutes"]) for t in raw["travel_times"]
        ),
        programme=tuple(
            ProgrammeItem(
                key=p["key"],
                title=p["title"],
                kind=ProgrammeItemKind(p["kind"]),
                start=_local(p["start"], zone),
                end=_local(p["end"], zone),
                venue=p["venue"],
                audience=tuple(p["audience"]),
                description=p["description"],
            )
            for p in raw["programme"]
        ),
        slot_minutes=raw["slot_minutes"],
        participants=tuple(raw["participants"]),
    )


def _request(row: dict[str, Any]) -> MeetingRequest:
    return MeetingRequest(
        mission=row["mission"],
        requester=row["requester"],
        requested=row["requested"],
        priority=row["priority"],
        message=row["message"],
        status=RequestStatus(row["status"]),
    )


@cache
def load_demo() -> Dataset:
    """The demo mission with its organisations, people, opportunities and meeting requests."""
    try:
        mission = mission_from_dict(read_data("mission.json"))
    except (KeyError, ValueError, TypeError) as error:
        raise InvalidInput([Problem("mission.json", None, None, repr(error))]) from error
    zone = ZoneInfo(mission.timezone)
    return Dataset(
        organisations=_rows("organisations.json", "organisations", _organisation),
        participants=_rows(
            "participants.json", "participants", lambda row: participant_from_dict(row, zone)
        ),
        opportunities=_rows("opportunities.json", "opportunities", _opportunity),
        missions=(mission,),
        meeting_requests=_rows("meeting_requests.json", "meeting_requests", _request),
    )
