"""Who is left out of a mission (`rencontre gaps`), and which meetings need an interpreter.

Decisions:
- a meeting counts when it is not cancelled (scheduled, held or no-show);
- a pair of people has one request: the requests of a pair, in either direction, are
  merged by `core.meeting.merge_requests`, so its status is the strongest of them (a
  decline wins, then a cancellation, an acceptance, a pending request, a proposal);
- what a participant "asked for" is the pairs involving them, as requester or requested,
  whose status is accepted or pending, with another participant of the mission: both may
  take a slot of the grid. A proposal is the matching engine's suggestion, not a wish yet;
  a declined or cancelled pair is off; a request with someone from outside the mission can
  never be met (`rencontre check` reports it);
- a participant with no meeting is listed whatever they asked for (an organiser wants to
  know about everyone who has nothing to do in the B2B sessions); one with at least one
  meeting is listed when a pair they asked for has no meeting;
- an organisation is "asked to meet" when one of its people is the requested side of a
  request of any status but proposed, or the requester side of a merged request (it was
  asked both ways); organisations of the mission are those of its participants;
- interpreters follow the matching engine's rule (`services.interpreters`); meetings that
  need one are grouped by slot (start, end and venue) in time order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import Meeting, MeetingRequest, merge_requests
from rencontre.core.mission import Mission
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.core.wording import counted
from rencontre.services.interpreters import needs_interpreter, spoken_by
from rencontre.services.mission_data import MissionData, live_meetings, people_by_email
from rencontre.services.mission_wording import (
    mission_zone,
    people_text,
    person_text,
    span_text,
    venue_text,
)

#: Request statuses that say a participant wants a meeting (see the module docstring).
ASKED = frozenset({RequestStatus.ACCEPTED, RequestStatus.PENDING})


@dataclass(frozen=True)
class PersonGap:
    """A participant with fewer meetings than they asked for, or none at all."""

    email: str
    meetings: int  # live meetings
    asked: int  # pairs they asked for (accepted or pending)
    not_met: tuple[MeetingRequest, ...]  # those pairs with no meeting, as merged requests


@dataclass(frozen=True)
class OrganisationGap:
    """An organisation of the mission that nobody asked to meet, with its people there."""

    organisation: Organisation
    people: tuple[str, ...]  # e-mails


@dataclass(frozen=True)
class InterpretedMeeting:
    """A meeting whose two people share no language, with what each speaks."""

    meeting: Meeting
    requester_languages: frozenset[str]
    requested_languages: frozenset[str]


@dataclass(frozen=True)
class InterpreterSlot:
    """The meetings of one slot that need an interpreter."""

    start: datetime
    end: datetime
    venue: str  # venue key
    meetings: tuple[InterpretedMeeting, ...]  # by table


@dataclass(frozen=True)
class Gaps:
    """Everything `find_gaps` found, with the mission and people needed to word it."""

    mission: Mission
    participants: tuple[Participant, ...]
    without_meeting: tuple[PersonGap, ...]
    fewer_than_asked: tuple[PersonGap, ...]
    pending_unscheduled: tuple[MeetingRequest, ...]
    accepted_unscheduled: tuple[MeetingRequest, ...]
    organisations_not_asked: tuple[OrganisationGap, ...]
    interpreter_slots: tuple[InterpreterSlot, ...]


def find_gaps(snapshot: MissionData) -> Gaps:
    """Who is left out of the mission (a `MissionSnapshot` from the store)."""
    meetings = live_meetings(snapshot)
    met = {m.pair for m in meetings}
    pairs = pair_requests(snapshot.requests)
    without, fewer = people_gaps(snapshot, pairs, meetings)
    unscheduled = [r for r in pairs if r.pair not in met]
    return Gaps(
        mission=snapshot.mission,
        participants=tuple(snapshot.participants),
        without_meeting=without,
        fewer_than_asked=fewer,
        pending_unscheduled=tuple(r for r in unscheduled if r.status is RequestStatus.PENDING),
        accepted_unscheduled=tuple(r for r in unscheduled if r.status is RequestStatus.ACCEPTED),
        organisations_not_asked=organisations_not_asked(snapshot),
        interpreter_slots=interpreter_slots(snapshot, meetings),
    )


def pair_requests(requests: Sequence[MeetingRequest]) -> list[MeetingRequest]:
    """One request per unordered pair, the pair's requests merged, in the order first stored."""
    by_pair: dict[frozenset[str], list[MeetingRequest]] = {}
    for request in requests:
        by_pair.setdefault(request.pair, []).append(request)
    return [
        reduce(lambda kept, other: merge_requests(kept, other, kept.origin), group)
        for group in by_pair.values()
    ]


def people_gaps(
    snapshot: MissionData, pairs: Sequence[MeetingRequest], meetings: Sequence[Meeting]
) -> tuple[tuple[PersonGap, ...], tuple[PersonGap, ...]]:
    """Participants with no meeting, and those with some but not every one they asked for."""
    people = people_by_email(snapshot)
    met = {m.pair for m in meetings}
    asked = [
        r for r in pairs if r.status in ASKED and r.requester in people and r.requested in people
    ]
    without, fewer = [], []
    for person in snapshot.participants:
        theirs = [r for r in asked if person.email in r.pair]
        gap = PersonGap(
            email=person.email,
            meetings=sum(m.involves(person.email) for m in meetings),
            asked=len(theirs),
            not_met=tuple(r for r in theirs if r.pair not in met),
        )
        if gap.meetings == 0:
            without.append(gap)
        elif gap.not_met:
            fewer.append(gap)
    return tuple(without), tuple(fewer)


def organisations_not_asked(snapshot: MissionData) -> tuple[OrganisationGap, ...]:
    """Organisations none of whose people anyone asked to meet (see the module docstring)."""
    organisation_of = {p.email: p.organisation for p in snapshot.participants}
    asked: set[str] = set()
    for request in snapshot.requests:
        if request.status is RequestStatus.PROPOSED:
            continue
        asked.add(organisation_of.get(request.requested, ""))
        if request.is_merged:
            asked.add(organisation_of.get(request.requester, ""))
    return tuple(
        OrganisationGap(
            organisation,
            tuple(p.email for p in snapshot.participants if p.organisation == organisation.name),
        )
        for organisation in snapshot.organisations
        if organisation.name not in asked
    )


def interpreter_slots(
    snapshot: MissionData, meetings: Iterable[Meeting]
) -> tuple[InterpreterSlot, ...]:
    """Live meetings whose two people share no language, grouped by slot in time order."""
    people = people_by_email(snapshot)
    country = {o.name: o.country for o in snapshot.organisations}

    def speaks(email: str) -> frozenset[str]:
        person = people[email]
        return spoken_by(person, country.get(person.organisation, ""))

    by_slot: dict[tuple[datetime, datetime, str], list[InterpretedMeeting]] = {}
    for meeting in meetings:
        if meeting.requester not in people or meeting.requested not in people:
            continue
        first, second = speaks(meeting.requester), speaks(meeting.requested)
        if needs_interpreter(first, second):
            slot = (meeting.start, meeting.end, meeting.venue)
            by_slot.setdefault(slot, []).append(InterpretedMeeting(meeting, first, second))
    return tuple(
        InterpreterSlot(start, end, venue, tuple(sorted(found, key=lambda i: i.meeting.table)))
        for (start, end, venue), found in sorted(by_slot.items(), key=lambda kv: kv[0][:2])
    )


def format_gaps(gaps: Gaps) -> list[str]:
    """The gaps as printed lines: one heading with its count per section, then one line each."""
    people = {p.email: p for p in gaps.participants}
    zone = mission_zone(gaps.mission)
    lines = [f"Mission {gaps.mission.key}: who is left out"]
    lines.append(f"Without any meeting: {counted(len(gaps.without_meeting), 'participant')}")
    lines += [f"  - {_person_gap(g, people)}" for g in gaps.without_meeting]
    lines.append(
        f"Fewer meetings than asked for: {counted(len(gaps.fewer_than_asked), 'participant')}"
    )
    lines += [f"  - {_person_gap(g, people)}" for g in gaps.fewer_than_asked]
    for title, requests in (
        ("Pending requests, not scheduled", gaps.pending_unscheduled),
        ("Accepted requests, not scheduled", gaps.accepted_unscheduled),
    ):
        lines.append(f"{title}: {counted(len(requests), 'request')}")
        lines += [f"  - {_request(r, people)}" for r in requests]
    lines.append(
        "Organisations nobody asked to meet: "
        f"{counted(len(gaps.organisations_not_asked), 'organisation')}"
    )
    lines += [
        f"  - {g.organisation.name} ({g.organisation.country}): {people_text(g.people, people)}"
        for g in gaps.organisations_not_asked
    ]
    meeting_count = sum(len(s.meetings) for s in gaps.interpreter_slots)
    lines.append(
        f"Meetings that need an interpreter: {counted(meeting_count, 'meeting')} in "
        f"{counted(len(gaps.interpreter_slots), 'slot')}"
    )
    for slot in gaps.interpreter_slots:
        lines.append(
            f"  - {span_text(slot.start, slot.end, zone)} at {venue_text(gaps.mission, slot.venue)}"
        )
        lines += [f"      {_interpreted(i, people)}" for i in slot.meetings]
    return lines


def _person_gap(gap: PersonGap, people: dict[str, Participant]) -> str:
    who = person_text(gap.email, people)
    if gap.asked == 0:
        return f"{who}: asked for no meeting"
    if gap.meetings == 0:
        # Every pair is unmet: how many of each status says what the organiser can do.
        statuses = Counter(r.status.value for r in gap.not_met)
        kinds = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
        return f"{who}: asked for {counted(gap.asked, 'meeting')} ({kinds})"
    scheduled = gap.asked - len(gap.not_met)
    not_met = ", ".join(
        f"{person_text(next(iter(r.pair - {gap.email})), people)} ({r.status.value})"
        for r in gap.not_met
    )
    return (
        f"{who}: {scheduled} of {counted(gap.asked, 'meeting')} asked for scheduled; "
        f"not scheduled: with {not_met}"
    )


def _request(request: MeetingRequest, people: dict[str, Participant]) -> str:
    return (
        f"{person_text(request.requester, people)} → {person_text(request.requested, people)}, "
        f"priority {request.priority}"
    )


def _interpreted(found: InterpretedMeeting, people: dict[str, Participant]) -> str:
    meeting = found.meeting
    return (
        f"table {meeting.table}: {person_text(meeting.requester, people)} "
        f"({_languages(found.requester_languages)}) with "
        f"{person_text(meeting.requested, people)} ({_languages(found.requested_languages)})"
    )


def _languages(languages: frozenset[str]) -> str:
    return "/".join(sorted(languages))
