"""Turn a stored mission into a scheduling problem, and a schedule back into meetings.

Decisions, written here because the issue is silent on them:
- a B2B session that starts before noon is a morning session for the engine, otherwise an
  afternoon one; slots of one day form one sequence, so the gap between a day's sessions
  counts as a break (as in the reference benchmark), while the night is free;
- B2B sessions must not overlap in time (one person cannot be at two venues at once, and
  the engine's slots are a single time line): overlapping sessions are refused;
- only ACCEPTED requests are scheduled; their priority (1-3) is the meeting's weight.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import Meeting, MeetingRequest
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.scheduling import problem as engine
from rencontre.services.mission_grid import MissionGrid, blocked_slots, build_grid
from rencontre.services.table_assignment import SlotPlace, assign_tables

NOON_HOUR = 12


class MissionNotSchedulable(ValueError):
    """The mission's data cannot be turned into a scheduling problem; the message says why."""


@dataclass(frozen=True)
class MissionProblem:
    """The engine's problem plus the maps back to people and requests."""

    mission: Mission
    grid: MissionGrid
    problem: engine.Problem
    emails: tuple[str, ...]  # engine participant index -> e-mail
    requests: tuple[MeetingRequest, ...]  # engine meeting index -> request


def build_problem(
    mission: Mission,
    participants: Sequence[Participant],
    requests: Sequence[MeetingRequest],
) -> MissionProblem:
    """The scheduling problem of `mission` for its accepted `requests`."""
    _refuse_overlapping_sessions(mission)
    grid = build_grid(mission)
    if not grid.slots:
        raise MissionNotSchedulable(f"mission {mission.key!r} has no B2B session with slots")
    people = {p.email: p for p in participants}
    accepted = tuple(r for r in requests if r.status is RequestStatus.ACCEPTED)
    for request in accepted:
        for email in (request.requester, request.requested):
            if email not in people:
                raise MissionNotSchedulable(
                    f"accepted request {request.requester} -> {request.requested}: "
                    f"{email} is not a participant of mission {mission.key!r}"
                )
    emails = tuple(sorted({e for r in accepted for e in (r.requester, r.requested)}))
    index_of = {email: n for n, email in enumerate(emails)}
    slots = tuple(
        engine.Slot(
            day=grid.day_of_slot[n],
            session=(
                engine.MORNING_SESSION
                if slot.start.astimezone(ZoneInfo(mission.timezone)).hour < NOON_HOUR
                else engine.AFTERNOON_SESSION
            ),
            tables=grid.tables_of_slot[n],
        )
        for n, slot in enumerate(grid.slots)
    )
    meetings = tuple(
        engine.Meeting(
            first=index_of[r.requester], second=index_of[r.requested], weight=max(1, r.priority)
        )
        for r in accepted
    )
    problem = engine.Problem(
        participant_count=len(emails),
        meetings=meetings,
        slots=slots,
        forbidden_slots=tuple(blocked_slots(mission, grid, people[e]) for e in emails),
        participant_names=tuple(f"{people[e].full_name} <{e}>" for e in emails),
    )
    return MissionProblem(mission, grid, problem, emails, accepted)


def meetings_from_schedule(
    mission_problem: MissionProblem, slot_of: Mapping[int, int]
) -> list[Meeting]:
    """Core meetings for a validated schedule (engine meeting -> slot), tables assigned."""
    grid = mission_problem.grid
    pairs = [(r.requester, r.requested) for r in mission_problem.requests]
    places = [
        SlotPlace(session=grid.session_of_slot[n], tables=grid.tables_of_slot[n])
        for n in range(len(grid.slots))
    ]
    table_of = assign_tables(pairs, slot_of, places)
    result = []
    for meeting, slot_index in sorted(slot_of.items(), key=lambda kv: (kv[1], kv[0])):
        request = mission_problem.requests[meeting]
        slot = grid.slots[slot_index]
        result.append(
            Meeting(
                mission=mission_problem.mission.key,
                requester=request.requester,
                requested=request.requested,
                start=slot.start,
                end=slot.end,
                venue=slot.venue,
                table=table_of[meeting],
            )
        )
    return result


def _refuse_overlapping_sessions(mission: Mission) -> None:
    sessions = mission.b2b_sessions
    for before, after in zip(sessions, sessions[1:], strict=False):
        if after.start < before.end:
            raise MissionNotSchedulable(
                f"B2B sessions {before.key!r} and {after.key!r} overlap in time; "
                "run parallel sessions as one session at one venue or shift one of them"
            )
