"""Accepting, declining or cancelling meeting requests, one pair at a time or from a file.

A pair of people has one request per mission (mutual requests are merged), so a request is
found from its two people in either order. Changing its status is how the organiser steps in:
`accept` overrides a decline, `decline` and `cancel` take a pair out of the next schedule.
The schedule itself only follows at the next `rencontre schedule`: a change reports the
pair's live meeting, if any, so that the caller can say so.

From a file (CSV or XLSX, columns `requester`, `requested` and optionally `mission`) the
changes are all-or-nothing: every bad row is reported (file, row, field, reason) and then
nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from rencontre.core.enums import MeetingStatus, RequestStatus
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.meeting import STATUS_PRECEDENCE, Meeting, MeetingRequest, pair_key
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.core.validation import normalise_email
from rencontre.exchange.cells import RowReader
from rencontre.exchange.tables import read_table
from rencontre.services.mission_wording import person_label
from rencontre.store import repositories as repo
from rencontre.store.updates import set_pair_status

#: The columns of a file of requests to change; the first two are required.
FILE_COLUMNS = ("requester", "requested", "mission")


class RequestNotFound(LookupError):
    """No such person, or no request between two people, in a mission."""


@dataclass(frozen=True)
class StatusChange:
    """One pair's request before and after a change of status."""

    mission: Mission
    request: MeetingRequest  # as stored now (its stored direction)
    requester: Participant
    requested: Participant
    before: RequestStatus
    #: The pair's meeting that is not cancelled, if the schedule has one.
    meeting: Meeting | None = None

    @property
    def changed(self) -> bool:
        return self.before is not self.request.status

    @property
    def people(self) -> str:
        return f"{person_label(self.requester)} → {person_label(self.requested)}"


class _Missions:
    """Missions loaded once each, the default one on first use."""

    def __init__(self, session: Session, default: str | None) -> None:
        self.session = session
        self.loaded: dict[str | None, repo.MissionSnapshot] = {}
        self.default = default
        if default is not None:
            self.get(default)  # an unknown --mission fails at once, before any row

    def get(self, key: str | None) -> repo.MissionSnapshot:
        key = key or self.default
        if key not in self.loaded:
            self.loaded[key] = repo.load_mission(self.session, key)
        return self.loaded[key]


def change_status(
    session: Session,
    requester: str,
    requested: str,
    status: RequestStatus,
    *,
    mission: str | None = None,
) -> StatusChange:
    """Give the request between two people `status`, in `mission` (default: the latest).

    Raise `MissionNotFound`, `RequestNotFound` (unknown person or pair) or ValueError (a
    malformed e-mail address), each with a message for a person.
    """
    snapshot = _Missions(session, mission).get(mission)
    first, second = normalise_email(requester), normalise_email(requested)
    people = _people(session)
    for email in (first, second):
        if email not in people:
            raise RequestNotFound(f"unknown participant {email!r}")
    if _request_of(snapshot, first, second) is None:
        raise RequestNotFound(_no_request(people[first], people[second], snapshot.mission))
    return _apply(session, snapshot, first, second, status, people)


def change_statuses_from_file(
    session: Session, path: Path, status: RequestStatus, *, mission: str | None = None
) -> tuple[StatusChange, ...]:
    """Give every request the file names `status`, or none: InvalidInput lists every bad row.

    A row without a mission uses `mission` (default: the latest). An unknown `mission`
    raises `MissionNotFound` before any row is read.
    """
    missions = _Missions(session, mission)
    table = read_table(path)
    problems = _header_problems(table.file, table.header)
    if problems:
        raise InvalidInput(problems)
    people = _people(session)
    wanted: list[tuple[repo.MissionSnapshot, str, str]] = []
    for row in table.rows:
        reader = RowReader(table.file, row.number, row.cells)
        if not table.header:
            for unknown in sorted(set(row.cells) - set(FILE_COLUMNS)):
                reader.problem(unknown, "unknown key")
        found = _read_row(reader, missions, people)
        problems += reader.problems
        if found is not None and reader.ok:
            wanted.append(found)
    if problems:
        raise InvalidInput(problems)
    once: dict[tuple[str, frozenset[str]], tuple[repo.MissionSnapshot, str, str]] = {}
    for snapshot, first, second in wanted:  # a pair listed twice is changed once
        once.setdefault((snapshot.mission.key, pair_key(first, second)), (snapshot, first, second))
    return tuple(_apply(session, s, a, b, status, people) for s, a, b in once.values())


def _header_problems(file: str, header: tuple[str, ...]) -> list[Problem]:
    if not header:
        return []  # JSON: keys are checked object by object
    expected = ", ".join(FILE_COLUMNS)
    problems = [
        Problem(file, 1, name, f"unknown column (expected some of: {expected})")
        for name in header
        if name not in FILE_COLUMNS
    ]
    problems += [
        Problem(file, 1, name, "required column is missing")
        for name in FILE_COLUMNS[:2]
        if name not in header
    ]
    return problems


def _read_row(
    reader: RowReader, missions: _Missions, people: dict[str, Participant]
) -> tuple[repo.MissionSnapshot, str, str] | None:
    """The mission and pair one row names; problems go to `reader`."""
    first, second = reader.email("requester"), reader.email("requested")
    key = reader.key("mission") or None
    snapshot = None
    try:
        snapshot = missions.get(key)
    except repo.MissionNotFound as error:
        reader.problem("mission", str(error))
    for field_name, email in (("requester", first), ("requested", second)):
        reported = any(p.field == field_name for p in reader.problems)
        if email and not reported and email not in people:
            reader.problem(field_name, f"unknown participant {email!r}")
    if reader.ok and first == second:
        reader.problem("requested", "a participant cannot meet themselves")
    if snapshot is None or not reader.ok:
        return None
    if _request_of(snapshot, first, second) is None:
        reader.problem("requested", _no_request(people[first], people[second], snapshot.mission))
        return None
    return snapshot, first, second


def _people(session: Session) -> dict[str, Participant]:
    return {p.email: p for p in repo.participants(session)}


def _request_of(snapshot: repo.MissionSnapshot, first: str, second: str) -> MeetingRequest | None:
    pair = pair_key(first, second)
    return next((r for r in snapshot.requests if r.pair == pair), None)


def _no_request(first: Participant, second: Participant, mission: Mission) -> str:
    return (
        f"no meeting request between {person_label(first)} and {person_label(second)} "
        f"in mission {mission.key!r}"
    )


def _apply(
    session: Session,
    snapshot: repo.MissionSnapshot,
    first: str,
    second: str,
    status: RequestStatus,
    people: dict[str, Participant],
) -> StatusChange:
    mission = snapshot.mission
    before = set_pair_status(session, mission.key, first, second, status)
    # A pair stored in both directions had the status that wins between them.
    was = min((r.status for r in before), key=STATUS_PRECEDENCE.index)
    request = replace(before[0], status=status)
    pair = pair_key(first, second)
    meeting = next(
        (
            m
            for m in snapshot.meetings
            if m.pair == pair and m.status is not MeetingStatus.CANCELLED
        ),
        None,
    )
    return StatusChange(
        mission=mission,
        request=request,
        requester=people[request.requester],
        requested=people[request.requested],
        before=was,
        meeting=meeting,
    )
