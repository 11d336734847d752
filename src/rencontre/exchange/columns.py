"""The columns of each kind of file, and core objects written as rows of those columns.

Flat kinds (one object per row) and their columns, in file order; required ones marked *:

- organisations: name*, country*, kind, legal_name, region, city, size_band, website,
  description_fr, description_nl, description_en, segments, nace_codes, fictional, source
- participants: email*, full_name*, organisation*, role, languages, availability
- opportunities: reference*, organisation*, type*, title*, description, language,
  partnership_types, target_countries, segments, expires_on
- meeting_requests: mission*, requester*, requested*, priority, message, status, score,
  reverse_message, origin
- meetings: mission*, requester*, requested*, start*, end*, venue*, table*, status, sequence
- outcomes: mission*, requester*, requested*, kind*, recorded_on*, notes, value_eur,
  recorded_at
- meeting_outcomes: mission*, participant*, partner*, attendance*, interest, next_step, note,
  recorded_at* (one side's outcome of its meeting: `rencontre.core.meeting_outcome`)

List cells hold `|`-separated items (JSON files use arrays); availability windows are
`start/end` ISO 8601 pairs; date-times are written in their mission's time zone with their UTC
offset (a participant's availability in their missions' zone: `rencontre.exchange.zones`).
Missions are nested and only exchanged as `missions.json` (see `rencontre.exchange.missions`).

A request's `reverse_message` and `origin` are filled when two requests of one pair (A → B
and B → A) were merged into one: the other person's message, and where each direction came
from. A meeting's `sequence` is its iCalendar SEQUENCE (how many times it changed), kept so
that calendars fed from a restored database still take the next change as an update.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language
from rencontre.core.meeting import Meeting, MeetingRequest, Outcome
from rencontre.core.meeting_outcome import MeetingOutcome
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.exchange.cells import INTERVAL_SEPARATOR
from rencontre.exchange.tables import Cell
from rencontre.exchange.zones import TimeZones

DESCRIPTION_COLUMNS = {language: f"description_{language.value}" for language in Language}

COLUMNS: dict[str, tuple[str, ...]] = {
    "organisations": (
        "name", "country", "kind", "legal_name", "region", "city", "size_band", "website",
        *DESCRIPTION_COLUMNS.values(), "segments", "nace_codes", "fictional", "source",
    ),
    "participants": ("email", "full_name", "organisation", "role", "languages", "availability"),
    "opportunities": (
        "reference", "organisation", "type", "title", "description", "language",
        "partnership_types", "target_countries", "segments", "expires_on",
    ),
    "meeting_requests": (
        "mission", "requester", "requested", "priority", "message", "status", "score",
        "reverse_message", "origin",
    ),
    "meetings": (
        "mission", "requester", "requested", "start", "end", "venue", "table", "status",
        "sequence",
    ),
    "outcomes": (
        "mission", "requester", "requested", "kind", "recorded_on", "notes", "value_eur",
        "recorded_at",
    ),
    "meeting_outcomes": (
        "mission", "participant", "partner", "attendance", "interest", "next_step", "note",
        "recorded_at",
    ),
}  # fmt: skip

REQUIRED: dict[str, frozenset[str]] = {
    "organisations": frozenset({"name", "country"}),
    "participants": frozenset({"email", "full_name", "organisation"}),
    "opportunities": frozenset({"reference", "organisation", "type", "title"}),
    "meeting_requests": frozenset({"mission", "requester", "requested"}),
    "meetings": frozenset({"mission", "requester", "requested", "start", "end", "venue", "table"}),
    "outcomes": frozenset({"mission", "requester", "requested", "kind", "recorded_on"}),
    "meeting_outcomes": frozenset(
        {"mission", "participant", "partner", "attendance", "recorded_at"}
    ),
}

Rows = list[dict[str, Cell]]


def moment_text(value: datetime, zone: tzinfo = UTC) -> str:
    """ISO 8601 with the UTC offset, in `zone` (a mission's own time zone where it has one)."""
    return value.astimezone(zone).isoformat()


def mission_zones(dataset: Dataset) -> dict[str, tzinfo]:
    return {m.key: ZoneInfo(m.timezone) for m in dataset.missions}


def organisation_row(o: Organisation) -> dict[str, Cell]:
    return {
        "name": o.name,
        "country": o.country,
        "kind": o.kind.value,
        "legal_name": o.legal_name,
        "region": o.region,
        "city": o.city,
        "size_band": None if o.size_band is None else o.size_band.value,
        "website": o.website,
        **{column: o.description(language) for language, column in DESCRIPTION_COLUMNS.items()},
        "segments": list(o.segments),
        "nace_codes": list(o.nace_codes),
        "fictional": o.fictional,
        "source": o.source,
    }


def participant_row(p: Participant, zone: tzinfo = UTC) -> dict[str, Cell]:
    windows = [
        moment_text(w.start, zone) + INTERVAL_SEPARATOR + moment_text(w.end, zone)
        for w in p.availability
    ]
    return {
        "email": p.email,
        "full_name": p.full_name,
        "organisation": p.organisation,
        "role": p.role,
        "languages": [language.value for language in p.languages],
        "availability": windows,
    }


def opportunity_row(o: Opportunity) -> dict[str, Cell]:
    return {
        "reference": o.reference,
        "organisation": o.organisation,
        "type": o.type.value,
        "title": o.title,
        "description": o.description,
        "language": o.language.value,
        "partnership_types": [t.value for t in o.partnership_types],
        "target_countries": list(o.target_countries),
        "segments": list(o.segments),
        "expires_on": None if o.expires_on is None else o.expires_on.isoformat(),
    }


def request_row(r: MeetingRequest) -> dict[str, Cell]:
    return {
        "mission": r.mission,
        "requester": r.requester,
        "requested": r.requested,
        "priority": r.priority,
        "message": r.message,
        "status": r.status.value,
        "score": r.score,
        "reverse_message": r.reverse_message,
        "origin": r.origin,
    }


def meeting_row(m: Meeting, zone: tzinfo) -> dict[str, Cell]:
    return {
        "mission": m.mission,
        "requester": m.requester,
        "requested": m.requested,
        "start": moment_text(m.start, zone),
        "end": moment_text(m.end, zone),
        "venue": m.venue,
        "table": m.table,
        "status": m.status.value,
        "sequence": m.sequence,
    }


def outcome_row(o: Outcome, zone: tzinfo) -> dict[str, Cell]:
    return {
        "mission": o.mission,
        "requester": o.requester,
        "requested": o.requested,
        "kind": o.kind.value,
        "recorded_on": o.recorded_on.isoformat(),
        "notes": o.notes,
        "value_eur": o.value_eur,
        "recorded_at": None if o.recorded_at is None else moment_text(o.recorded_at, zone),
    }


def meeting_outcome_row(o: MeetingOutcome, zone: tzinfo) -> dict[str, Cell]:
    return {
        "mission": o.mission,
        "participant": o.participant,
        "partner": o.partner,
        "attendance": o.answer.attendance.value,
        "interest": o.answer.interest,
        "next_step": o.answer.next_step.value,
        "note": o.answer.note,
        "recorded_at": moment_text(o.recorded_at, zone),
    }


def flat_rows(dataset: Dataset) -> dict[str, Rows]:
    """The rows of every flat kind of file for `dataset`, in the dataset's order."""
    zones = mission_zones(dataset)
    people = TimeZones.of(dataset.missions)

    def person_zone(email: str) -> tzinfo:
        # Where a person's missions are in several zones, any zone is right: the offset says.
        name = people.for_person(email).name
        return UTC if name is None else ZoneInfo(name)

    return {
        "organisations": [organisation_row(o) for o in dataset.organisations],
        "participants": [participant_row(p, person_zone(p.email)) for p in dataset.participants],
        "opportunities": [opportunity_row(o) for o in dataset.opportunities],
        "meeting_requests": [request_row(r) for r in dataset.meeting_requests],
        "meetings": [meeting_row(m, zones.get(m.mission, UTC)) for m in dataset.meetings],
        "outcomes": [outcome_row(o, zones.get(o.mission, UTC)) for o in dataset.outcomes],
        "meeting_outcomes": [
            meeting_outcome_row(o, zones.get(o.mission, UTC)) for o in dataset.meeting_outcomes
        ],
    }
