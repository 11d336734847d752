"""The desk's schedule: is it valid, what is left unplaced and why, publishing it, versions.

**Publishing** stores a new version of the schedule (its live meetings as they are, and what
changed since the previous version), writes the audit entry, and prepares for every
participant her agenda by e-mail (`documents.schedule_mails`) with a new personal link to
her space. It refuses a schedule the validator does not accept: the engine's validator on
the meetings placed in the grid, and the checks `rencontre check` applies to the concrete
meetings (times, tables, programme, availability). The e-mails are sent by `send_letters`,
after the publication is committed: laying out a PDF agenda takes a third of a second, too
long to hold a transaction open for a whole mission.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from rencontre.core.enums import MeetingStatus
from rencontre.core.meeting import Meeting, MeetingRequest
from rencontre.documents import schedule_messages as say
from rencontre.documents.agenda import Agenda
from rencontre.documents.schedule_mails import agenda_mail
from rencontre.mail.messages import Mail
from rencontre.mail.postman import DeliveryReport, send_mail
from rencontre.mail.settings import MailSettings
from rencontre.scheduling.prechecks import find_infeasibility_reasons
from rencontre.scheduling.validator import validate
from rencontre.services import accounts, audit_log
from rencontre.services.hand_moves import mission_id_of
from rencontre.services.jobs import JobKind, start_job
from rencontre.services.mission_data import MissionState
from rencontre.services.mission_documents import mission_agendas
from rencontre.services.mission_schedule import (
    MissionNotSchedulable,
    MissionProblem,
    build_problem,
    slot_index_of,
)
from rencontre.services.schedule_diagnostics import describe_diagnostics
from rencontre.services.stored_meeting_checks import check_meetings
from rencontre.store import repositories as repo
from rencontre.store import schedule_versions as store
from rencontre.store.jobs import Job, JobAlreadyActive, latest_job
from rencontre.store.schedule_versions import ScheduleVersion

#: At most this many reasons are listed for meetings left unplaced.
REASONS_SHOWN = 20


@dataclass(frozen=True)
class ScheduleState:
    """The stored schedule of a mission as the desk shows it."""

    meetings: int  # live meetings
    accepted_pairs: int  # pairs to schedule
    unplaced: tuple[MeetingRequest, ...]  # accepted pairs without a live meeting
    reasons: tuple[str, ...]  # why meetings cannot all be placed (pre-checks), in words
    problems: tuple[str, ...]  # rules the stored meetings break: nothing may be published
    latest: ScheduleVersion | None

    @property
    def publishable(self) -> bool:
        return self.meetings > 0 and not self.problems


class PublishRefused(Exception):
    """The schedule breaks rules: nothing was published. `reasons` say which, in words."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = tuple(reasons)


@dataclass(frozen=True)
class Letter:
    """An agenda to send, with the link to its reader's space (empty: none)."""

    agenda: Agenda
    link: str
    changes: tuple[str, ...] = ()  # sentences in the reader's language; empty: publication


@dataclass(frozen=True)
class Publication:
    version: ScheduleVersion
    letters: tuple[Letter, ...]


def schedule_state(session: Session, mission: str) -> ScheduleState:
    """What the schedule page says of `mission`'s stored schedule."""
    snapshot = repo.load_mission(session, mission)
    live = [m for m in snapshot.meetings if m.status is not MeetingStatus.CANCELLED]
    latest = store.latest_version(session, mission_id_of(session, mission))
    try:
        problem = build_problem(snapshot.mission, snapshot.participants, snapshot.requests)
    except MissionNotSchedulable as error:
        return ScheduleState(len(live), 0, (), (str(error),), (str(error),), latest)
    placed = {m.pair for m in live}
    unplaced = tuple(r for r in problem.requests if r.pair not in placed)
    reasons: list[str] = []
    if unplaced:
        found = find_infeasibility_reasons(problem.problem)[:REASONS_SHOWN]
        reasons = describe_diagnostics(problem, found)
    problems = validation_problems(problem, snapshot, live)
    return ScheduleState(
        len(live), len(problem.requests), unplaced, tuple(reasons), tuple(problems), latest
    )


def validation_problems(
    mission_problem: MissionProblem, snapshot: repo.MissionSnapshot, live: Sequence[Meeting]
) -> list[str]:
    """Every rule the live meetings break, in words; empty when the validator accepts them."""
    state = MissionState(snapshot.mission, snapshot.participants, list(snapshot.meetings))
    problems = [f.message for f in check_meetings(state) if f.is_error]
    meeting_of_pair = mission_problem.meeting_of_pair()
    slot_of: dict[int, int] = {}
    for meeting in live:
        index = meeting_of_pair.get(meeting.pair)
        slot = slot_index_of(mission_problem.grid, meeting)
        if index is not None and slot is not None:
            slot_of[index] = slot
    violations = validate(mission_problem.problem, slot_of, mode="max")
    if violations and not problems:
        # The concrete checks name people and times; the engine's words are a last resort.
        problems = [v.message for v in violations]
    return problems


def publish_schedule(
    session: Session,
    mission: str,
    *,
    by: str,
    now: datetime,
    link_url: Callable[[str], str],
) -> Publication:
    """Publish the stored schedule of `mission` as its next version; see the module.

    `link_url` turns a personal link's token into its address. Raises `PublishRefused`.
    """
    state = schedule_state(session, mission)
    if state.problems:
        raise PublishRefused(state.problems)
    if not state.meetings:
        raise PublishRefused(["the mission has no meeting to publish"])
    agendas = mission_agendas(session, mission)
    live = [m for m in agendas.snapshot.meetings if m.status is not MeetingStatus.CANCELLED]
    published = [_as_published(m) for m in sorted(live, key=_meeting_order)]
    previous = state.latest.meetings if state.latest is not None else ()
    version = store.add_version(
        session,
        mission_id=mission_id_of(session, mission),
        at=now,
        by=by,
        summary=summary_of(version_changes(previous, published)),
        meetings=published,
    )
    audit_log.record(session, mission=mission, actor=by, action="schedule.published",
                     message=say.PUBLISHED, values={"number": version.number}, now=now)  # fmt: skip
    letters = []
    for person in agendas.snapshot.participants:
        link = accounts.issue_link(
            session, participant=person.email, mission=mission, days=None, now=now
        )
        letters.append(Letter(agendas.of(person), link_url(link.token)))
    return Publication(version, tuple(letters))


def send_letters(
    settings: MailSettings, letters: Sequence[Letter], *, now: Callable[[], datetime]
) -> DeliveryReport:
    """E-mail each letter's agenda (PDF and .ics attached) in its reader's language."""
    stamp = now()
    mails: list[Mail] = [
        agenda_mail(letter.agenda, link=letter.link, changes=letter.changes, stamp=stamp)
        for letter in letters
    ]
    return send_mail(settings, mails, now=now)


def start_scheduling(session: Session, mission: str, *, by: str, now: datetime) -> Job:
    """Queue a scheduling job of `mission` (audit entry); the active one if one is queued or
    running already (then nothing is written)."""
    try:
        job = start_job(session, JobKind.SCHEDULING, mission, by, now=now)
    except JobAlreadyActive as already:
        return already.job
    audit_log.record(session, mission=mission, actor=by, action="schedule.run",
                     message=say.SCHEDULING_STARTED, now=now)  # fmt: skip
    return job


def latest_scheduling(session: Session, mission: str) -> Job | None:
    return latest_job(session, mission=mission, kind=JobKind.SCHEDULING.value)


def versions(session: Session, mission: str) -> tuple[ScheduleVersion, ...]:
    """The published versions of `mission`, the latest first."""
    return store.versions(session, mission_id_of(session, mission))


# What changed from one version to the next ----------------------------------------------


@dataclass(frozen=True)
class VersionChange:
    """One pair's meeting from one version to the next (`before`/`after`: as published)."""

    kind: str  # "added", "moved", "cancelled"
    pair: tuple[str, str]
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


def version_changes(
    previous: Sequence[Mapping[str, Any]], current: Sequence[Mapping[str, Any]]
) -> tuple[VersionChange, ...]:
    """Meetings added, moved (time, venue or table) and cancelled since `previous`."""
    before = {frozenset((m["requester"], m["requested"])): m for m in previous}
    after = {frozenset((m["requester"], m["requested"])): m for m in current}
    found = []
    for pair, now in after.items():
        was = before.get(pair)
        names = (now["requester"], now["requested"])
        if was is None:
            found.append(VersionChange("added", names, None, now))
        elif _place(was) != _place(now):
            found.append(VersionChange("moved", names, was, now))
    for pair, was in before.items():
        if pair not in after:
            found.append(
                VersionChange("cancelled", (was["requester"], was["requested"]), was, None)
            )
    return tuple(found)


def summary_of(changes: Sequence[VersionChange]) -> dict[str, int]:
    return {
        kind: sum(1 for c in changes if c.kind == kind) for kind in ("added", "moved", "cancelled")
    }


def _place(meeting: Mapping[str, Any]) -> tuple[Any, ...]:
    return (meeting["start"], meeting["venue"], meeting["table"])


def _as_published(meeting: Meeting) -> dict[str, Any]:
    return {
        "requester": meeting.requester,
        "requested": meeting.requested,
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(),
        "venue": meeting.venue,
        "table": meeting.table,
    }


def _meeting_order(meeting: Meeting) -> tuple[datetime, str, int]:
    return (meeting.start, meeting.venue, meeting.table)
