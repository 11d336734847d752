"""Turn a stored mission into a scheduling problem, and a schedule back into meetings.

Decisions, written here because the specification is silent on them:
- a B2B session that starts before noon is a morning session for the engine, otherwise an
  afternoon one; slots of one day form one sequence, so the gap between a day's sessions
  counts as a break (as in the reference benchmark), while the night is free;
- B2B sessions must not overlap in time (one person cannot be at two venues at once, and
  the engine's slots are a single time line): overlapping sessions are refused;
- two people meet at most once: the requests of one unordered pair (in either direction)
  make one engine meeting, weighted by the highest priority among them; a pair is scheduled
  when its requests, merged (`core.meeting.merge_requests`), are accepted, so a decline or a
  cancellation of either direction wins over an acceptance and drops the pair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from rencontre.core.enums import MeetingStatus, RequestStatus
from rencontre.core.meeting import Meeting, MeetingRequest, merge_requests
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.scheduling import problem as engine
from rencontre.services.mission_grid import MissionGrid, blocked_slots, build_grid
from rencontre.services.table_assignment import SlotPlace, assign_tables

NOON_HOUR = 12
#: Statuses that, on any request of a pair, keep the pair from being scheduled.
REFUSING = (RequestStatus.DECLINED, RequestStatus.CANCELLED)


class MissionNotSchedulable(ValueError):
    """The mission's data cannot be turned into a scheduling problem; the message says why."""


@dataclass(frozen=True)
class MergedPair:
    """A pair scheduled once although it was asked for several times (or merged on import)."""

    request: MeetingRequest  # the pair's requests merged: the one the meeting comes from
    requests: tuple[MeetingRequest, ...]  # as stored, in the order stored


@dataclass(frozen=True)
class DroppedPair:
    """A pair with an accepted request that is not scheduled: another request refuses it."""

    accepted: MeetingRequest
    refusing: MeetingRequest  # declined or cancelled, the one that wins

    @property
    def status(self) -> RequestStatus:
        return self.refusing.status


@dataclass(frozen=True)
class MissionProblem:
    """The engine's problem plus the maps back to people and requests."""

    mission: Mission
    grid: MissionGrid
    problem: engine.Problem
    emails: tuple[str, ...]  # engine participant index -> e-mail
    requests: tuple[MeetingRequest, ...]  # engine meeting index -> the pair's merged request
    merged: tuple[MergedPair, ...] = ()
    dropped: tuple[DroppedPair, ...] = ()

    def meeting_of_pair(self) -> dict[frozenset[str], int]:
        """Unordered pair of e-mails -> engine meeting index."""
        return {request.pair: n for n, request in enumerate(self.requests)}


def build_problem(
    mission: Mission,
    participants: Sequence[Participant],
    requests: Sequence[MeetingRequest],
) -> MissionProblem:
    """The scheduling problem of `mission`: one meeting per pair whose requests are accepted."""
    _refuse_overlapping_sessions(mission)
    grid = build_grid(mission)
    if not grid.slots:
        raise MissionNotSchedulable(f"mission {mission.key!r} has no B2B session with slots")
    people = {p.email: p for p in participants}
    accepted, merged, dropped = group_requests(requests)
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
    return MissionProblem(mission, grid, problem, emails, accepted, merged, dropped)


def group_requests(
    requests: Sequence[MeetingRequest],
) -> tuple[tuple[MeetingRequest, ...], tuple[MergedPair, ...], tuple[DroppedPair, ...]]:
    """The pairs to schedule (one merged request each), the merged and the dropped pairs.

    Pairs keep the order of their first stored request, so the engine sees the same order
    from one run to the next.
    """
    by_pair: dict[frozenset[str], list[MeetingRequest]] = {}
    for request in requests:
        by_pair.setdefault(request.pair, []).append(request)
    accepted: list[MeetingRequest] = []
    merged: list[MergedPair] = []
    dropped: list[DroppedPair] = []
    for pair_requests in by_pair.values():
        combined = pair_requests[0]
        for other in pair_requests[1:]:
            combined = merge_requests(combined, other, _origin(pair_requests))
        if combined.status is RequestStatus.ACCEPTED:
            accepted.append(combined)
            if len(pair_requests) > 1 or combined.is_merged:
                merged.append(MergedPair(combined, tuple(pair_requests)))
        elif combined.status in REFUSING:
            yes = next((r for r in pair_requests if r.status is RequestStatus.ACCEPTED), None)
            if yes is not None:
                refusing = next(r for r in pair_requests if r.status is combined.status)
                dropped.append(DroppedPair(yes, refusing))
    return tuple(accepted), tuple(merged), tuple(dropped)


def _origin(requests: Sequence[MeetingRequest]) -> str:
    return " + ".join(f"{r.requester} → {r.requested} ({r.status.value})" for r in requests)


def slot_index_of(grid: MissionGrid, meeting: Meeting) -> int | None:
    """The grid slot a stored meeting sits in (same start and venue), or None."""
    for slot in grid.slots:
        if slot.start == meeting.start and slot.venue == meeting.venue:
            return slot.index
    return None


def meetings_from_schedule(
    mission_problem: MissionProblem,
    slot_of: Mapping[int, int],
    stored: Sequence[Meeting] = (),
) -> list[Meeting]:
    """Core meetings for a validated schedule (engine meeting -> slot), tables assigned.

    A meeting whose pair already has a live meeting in `stored` at the same slot keeps that
    meeting's table when the slot still has it.
    """
    grid = mission_problem.grid
    pairs = [(r.requester, r.requested) for r in mission_problem.requests]
    places = [
        SlotPlace(session=grid.session_of_slot[n], tables=grid.tables_of_slot[n])
        for n in range(len(grid.slots))
    ]
    meeting_of_pair = mission_problem.meeting_of_pair()
    preferred: dict[int, int] = {}
    for old in stored:
        index = meeting_of_pair.get(old.pair)
        if old.status is MeetingStatus.SCHEDULED and index is not None and index in slot_of:
            if slot_index_of(grid, old) == slot_of[index]:
                preferred[index] = old.table
    table_of = assign_tables(pairs, slot_of, places, preferred)
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
