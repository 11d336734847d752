"""Rows of the flat kinds of file turned into core objects; bad cells become problems.

Each parser takes the row and the import's `TimeZones`: a row's date-times without a UTC
offset are read in its mission's time zone (a participant's in their missions').
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rencontre.core.enums import (
    Attendance,
    Language,
    MeetingStatus,
    NextStep,
    OpportunityType,
    OrganisationKind,
    OutcomeKind,
    PartnershipType,
    RequestStatus,
    SizeBand,
)
from rencontre.core.meeting import Meeting, MeetingRequest, Outcome
from rencontre.core.meeting_outcome import MeetingOutcome, OutcomeAnswer, answer_problems
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import LocalizedText, Organisation
from rencontre.core.participant import Participant
from rencontre.core.taxonomy import load_taxonomy
from rencontre.core.validation import check_nace
from rencontre.exchange.cells import PLACEHOLDER_MOMENT, RowReader
from rencontre.exchange.columns import DESCRIPTION_COLUMNS
from rencontre.exchange.zones import TimeZones

T = TypeVar("T")


def segment_codes(row: RowReader, name: str) -> tuple[str, ...]:
    """Value-chain segment codes, each known to the taxonomy."""
    taxonomy = load_taxonomy()
    codes = tuple(code.upper() for code in row.items(name))
    for code in codes:
        if not taxonomy.is_known(code):
            row.problem(name, f"unknown value-chain segment {code!r}")
    return codes


def sequence_number(row: RowReader) -> int:
    """An iCalendar SEQUENCE: a whole number from 0 (the default)."""
    sequence = row.integer("sequence", default=0)
    if sequence is not None and sequence < 0:
        row.problem("sequence", f"must be 0 or more, got {sequence}")
    return sequence if sequence is not None and sequence >= 0 else 0


def _each(row: RowReader, name: str, check: Callable[[str], str]) -> tuple[str, ...]:
    result = []
    for item in row.items(name):
        try:
            result.append(check(item))
        except ValueError as error:
            row.problem(name, str(error))
    return tuple(result)


def organisation(row: RowReader, zones: TimeZones) -> Organisation:
    descriptions = tuple(
        LocalizedText(language, text)
        for language, column in DESCRIPTION_COLUMNS.items()
        if (text := row.text(column)).strip()
    )
    return Organisation(
        name=row.key("name", required=True),
        country=row.country("country"),
        kind=row.choice("kind", OrganisationKind, OrganisationKind.COMPANY),
        legal_name=row.text("legal_name"),
        region=row.text("region"),
        city=row.text("city"),
        size_band=row.optional_choice("size_band", SizeBand),
        website=row.key("website"),
        descriptions=descriptions,
        segments=segment_codes(row, "segments"),
        nace_codes=_each(row, "nace_codes", check_nace),
        fictional=row.flag("fictional"),
        source=row.text("source"),
    )


def participant(row: RowReader, zones: TimeZones) -> Participant:
    email = row.email("email")
    row.local_zone = zones.for_person(email)
    return Participant(
        email=email,
        full_name=row.text("full_name", required=True).strip(),
        organisation=row.key("organisation", required=True),
        role=row.text("role"),
        languages=row.choices("languages", Language),
        availability=row.windows("availability"),
    )


def opportunity(row: RowReader, zones: TimeZones) -> Opportunity:
    if not row.key("type"):
        row.problem("type", "required value is missing")
    return Opportunity(
        reference=row.key("reference", required=True),
        organisation=row.key("organisation", required=True),
        type=row.choice("type", OpportunityType, OpportunityType.BUSINESS_OFFER),
        title=row.text("title", required=True),
        description=row.text("description"),
        language=row.choice("language", Language, Language.EN),
        partnership_types=row.choices("partnership_types", PartnershipType),
        target_countries=row.countries("target_countries"),
        segments=segment_codes(row, "segments"),
        expires_on=row.day("expires_on"),
    )


def _pair(row: RowReader, zones: TimeZones) -> tuple[str, str, str]:
    """The row's mission and people; its times are read in the mission's time zone."""
    mission = row.key("mission", required=True)
    row.local_zone = zones.for_mission(mission)
    requester, requested = row.email("requester"), row.email("requested")
    if requester and requester == requested:
        row.problem("requested", "a participant cannot meet themselves")
    return mission, requester, requested


def meeting_request(row: RowReader, zones: TimeZones) -> MeetingRequest:
    mission, requester, requested = _pair(row, zones)
    priority = row.integer("priority", default=2)
    if priority is not None and not 1 <= priority <= 3:
        row.problem("priority", f"priority must be 1, 2 or 3, got {priority}")
    return MeetingRequest(
        mission=mission,
        requester=requester,
        requested=requested,
        priority=2 if priority is None else priority,
        message=row.text("message"),
        status=row.choice("status", RequestStatus, RequestStatus.PENDING),
        score=row.number("score"),
        reverse_message=row.text("reverse_message"),
        origin=row.text("origin"),
    )


def meeting(row: RowReader, zones: TimeZones) -> Meeting:
    """A meeting; with a bad start, end or table it holds placeholders (the row is refused).

    It is returned anyway so that its pair still exists for duplicates and outcomes and its
    other cells are still checked against the mission.
    """
    mission, requester, requested = _pair(row, zones)
    start, end = row.moment("start", required=True), row.moment("end", required=True)
    table = row.integer("table", required=True)
    if start is not None and end is not None and end <= start:
        row.problem("end", "the meeting ends before it starts")
    if table is not None and table < 1:
        row.problem("table", f"tables are numbered from 1, got {table}")
    sequence = sequence_number(row)
    return Meeting(
        mission=mission,
        requester=requester,
        requested=requested,
        start=start or PLACEHOLDER_MOMENT,
        end=end or PLACEHOLDER_MOMENT,
        venue=row.key("venue", required=True),
        table=0 if table is None else table,
        status=row.choice("status", MeetingStatus, MeetingStatus.SCHEDULED),
        sequence=sequence,
    )


def outcome(row: RowReader, zones: TimeZones) -> Outcome:
    """An outcome; without a date it holds a placeholder one (the row is refused)."""
    mission, requester, requested = _pair(row, zones)
    if not row.key("kind"):
        row.problem("kind", "required value is missing")
    recorded_on = row.day("recorded_on", required=True)
    kind = row.choice("kind", OutcomeKind, OutcomeKind.FOLLOW_UP)
    notes = row.text("notes")
    value_eur = row.integer("value_eur")
    if value_eur is not None and value_eur < 0:
        row.problem("value_eur", f"a value in euros cannot be negative, got {value_eur}")
    recorded_at = row.moment("recorded_at")
    return Outcome(
        mission=mission,
        requester=requester,
        requested=requested,
        kind=kind,
        recorded_on=recorded_on or PLACEHOLDER_MOMENT.date(),
        notes=notes,
        value_eur=value_eur,
        recorded_at=recorded_at,
    )


def meeting_outcome(row: RowReader, zones: TimeZones) -> MeetingOutcome:
    """One side's outcome of a meeting; the rules of `rencontre.core.meeting_outcome` apply."""
    mission = row.key("mission", required=True)
    row.local_zone = zones.for_mission(mission)
    participant, partner = row.email("participant"), row.email("partner")
    if participant and participant == partner:
        row.problem("partner", "a participant cannot meet themselves")
    if not row.key("attendance"):
        row.problem("attendance", "required value is missing")
    answer = OutcomeAnswer(
        attendance=row.choice("attendance", Attendance, Attendance.HELD),
        interest=row.integer("interest"),
        next_step=row.choice("next_step", NextStep, NextStep.NONE),
        note=row.text("note").strip(),
    )
    reported = {p.field for p in row.problems}
    for field, reason in answer_problems(answer).items():
        if field not in reported and not (field == "interest" and "attendance" in reported):
            row.problem(field, reason)
    recorded_at = row.moment("recorded_at", required=True)
    return MeetingOutcome(
        mission=mission,
        participant=participant,
        partner=partner,
        answer=answer,
        recorded_at=recorded_at or PLACEHOLDER_MOMENT,
    )


PARSERS: dict[str, Callable[[RowReader, TimeZones], object]] = {
    "organisations": organisation,
    "participants": participant,
    "opportunities": opportunity,
    "meeting_requests": meeting_request,
    "meetings": meeting,
    "outcomes": outcome,
    "meeting_outcomes": meeting_outcome,
}
