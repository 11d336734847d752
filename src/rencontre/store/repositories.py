"""Reading and writing core objects in the database; every function takes an open `Session`.

Writes never upsert: an object whose natural key (organisation name, participant e-mail,
opportunity reference, mission key, (mission, requester, requested) of a request or a
meeting) is already stored, or given twice, is refused with `InvalidInput`, and nothing is
added. Callers own the transaction (`rencontre.store.database.session_scope`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, delete, or_, select
from sqlalchemy.orm import Session, aliased, contains_eager, joinedload, selectinload

from rencontre.core.dataset import Dataset
from rencontre.core.enums import MeetingStatus, RequestStatus
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.meeting import Meeting, MeetingRequest, Outcome
from rencontre.core.mission import Mission
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.store import convert
from rencontre.store import outcomes as stored_outcomes
from rencontre.store.convert import RowIndex
from rencontre.store.models import (
    MeetingRequestRow,
    MeetingRow,
    MissionParticipantRow,
    MissionRow,
    OpportunityRow,
    OrganisationRow,
    OutcomeRow,
    ParticipantRow,
    ProgrammeAudienceRow,
    ProgrammeItemRow,
    TravelTimeRow,
    VenueRow,
)

PairRow = TypeVar("PairRow", MeetingRequestRow, MeetingRow)
_REQUESTER = aliased(ParticipantRow, name="requester")
_REQUESTED = aliased(ParticipantRow, name="requested")


class MissionNotFound(LookupError):
    """No mission with the given key (or no mission at all) in the database."""

    def __init__(self, key: str | None) -> None:
        self.key = key
        super().__init__("no mission in the database" if key is None else f"no mission {key!r}")


@dataclass(frozen=True)
class MissionSnapshot:
    """A mission with everything the scheduler, the matcher and the agendas need."""

    mission: Mission
    participants: tuple[Participant, ...]  # in the mission's order
    organisations: tuple[Organisation, ...]  # of those participants, by name
    requests: tuple[MeetingRequest, ...]  # every status
    meetings: tuple[Meeting, ...]

    @property
    def accepted_requests(self) -> tuple[MeetingRequest, ...]:
        return tuple(r for r in self.requests if r.status is RequestStatus.ACCEPTED)


# Loading options: children are fetched in a few IN queries rather than one query per row.
_ORGANISATION = (
    selectinload(OrganisationRow.descriptions),
    selectinload(OrganisationRow.segments),
    selectinload(OrganisationRow.nace_codes),
)
_PARTICIPANT = (
    selectinload(ParticipantRow.organisation),
    selectinload(ParticipantRow.languages),
    selectinload(ParticipantRow.availability),
)
_OPPORTUNITY = (
    selectinload(OpportunityRow.organisation),
    selectinload(OpportunityRow.partnership_types),
    selectinload(OpportunityRow.target_countries),
    selectinload(OpportunityRow.segments),
)
_MISSION = (
    selectinload(MissionRow.venues).selectinload(VenueRow.table_changes),
    selectinload(MissionRow.travel_times).selectinload(TravelTimeRow.from_venue),
    selectinload(MissionRow.travel_times).selectinload(TravelTimeRow.to_venue),
    selectinload(MissionRow.programme).selectinload(ProgrammeItemRow.venue),
    selectinload(MissionRow.programme)
    .selectinload(ProgrammeItemRow.audience)
    .selectinload(ProgrammeAudienceRow.participant),
    selectinload(MissionRow.participants).selectinload(MissionParticipantRow.participant),
)
_PAIR = (
    selectinload(MeetingRequestRow.mission),
    selectinload(MeetingRequestRow.requester),
    selectinload(MeetingRequestRow.requested),
)
_MEETING = (
    selectinload(MeetingRow.mission),
    selectinload(MeetingRow.requester),
    selectinload(MeetingRow.requested),
    selectinload(MeetingRow.venue),
)
_OUTCOME = (
    selectinload(OutcomeRow.mission),
    selectinload(OutcomeRow.requester),
    selectinload(OutcomeRow.requested),
)


# Whole datasets --------------------------------------------------------------------------


def save_dataset(session: Session, dataset: Dataset) -> None:
    """Add every object of `dataset`; refuse the lot if any is a duplicate or unresolvable."""
    problems = _duplicates(session, dataset)
    if problems:
        raise InvalidInput(problems)
    with session.no_autoflush:
        index = _index_for(session, dataset)
        new_organisations = [convert.organisation_to_row(o) for o in dataset.organisations]
        index.organisations.update((r.name, r) for r in new_organisations)
        new_participants = [convert.participant_to_row(p, index) for p in dataset.participants]
        index.participants.update((r.email, r) for r in new_participants)
        new_missions = [convert.mission_to_row(m, index) for m in dataset.missions]
        index.missions.update((r.key, r) for r in new_missions)
        rows: list[object] = [
            *new_organisations,
            *new_participants,
            *(convert.opportunity_to_row(o, index) for o in dataset.opportunities),
            *new_missions,
            *(convert.request_to_row(r, index) for r in dataset.meeting_requests),
            *(convert.meeting_to_row(m, index) for m in dataset.meetings),
            *(convert.outcome_to_row(o, index) for o in dataset.outcomes),
        ]
    if index.problems:
        raise InvalidInput(index.problems)
    session.add_all(rows)
    session.flush()
    if dataset.meeting_outcomes:
        stored_outcomes.store_outcomes(session, dataset.meeting_outcomes)


def load_dataset(session: Session) -> Dataset:
    """Everything in the database, each kind in the order it was stored."""
    return Dataset(
        organisations=organisations(session),
        participants=participants(session),
        opportunities=opportunities(session),
        missions=tuple(
            convert.mission_from_row(r)
            for r in session.scalars(select(MissionRow).options(*_MISSION).order_by(MissionRow.id))
        ),
        meeting_requests=_requests(session, None, None),
        meetings=_meetings(session, None),
        outcomes=tuple(
            convert.outcome_from_row(r)
            for r in session.scalars(select(OutcomeRow).options(*_OUTCOME).order_by(OutcomeRow.id))
        ),
        meeting_outcomes=stored_outcomes.all_outcomes(session),
    )


def organisations(
    session: Session, names: Collection[str] | None = None
) -> tuple[Organisation, ...]:
    """Stored organisations (all, or those named), in the order they were stored."""
    query = select(OrganisationRow).options(*_ORGANISATION).order_by(OrganisationRow.id)
    if names is not None:
        query = query.where(OrganisationRow.name.in_(names))
    return tuple(convert.organisation_from_row(r) for r in session.scalars(query))


def participants(session: Session) -> tuple[Participant, ...]:
    """Every stored participant, in the order they were stored."""
    query = select(ParticipantRow).options(*_PARTICIPANT).order_by(ParticipantRow.id)
    return tuple(convert.participant_from_row(r) for r in session.scalars(query))


def participants_by_email(session: Session, emails: Collection[str]) -> dict[str, Participant]:
    """The stored participants among `emails`, by e-mail (unknown addresses left out)."""
    if not emails:
        return {}
    query = select(ParticipantRow).options(*_PARTICIPANT).where(ParticipantRow.email.in_(emails))
    return {r.email: convert.participant_from_row(r) for r in session.scalars(query)}


def member_emails(session: Session, organisation: str) -> tuple[str, ...]:
    """E-mails of the stored participants of organisation `organisation`, in the order stored."""
    query = (
        select(ParticipantRow.email)
        .join(ParticipantRow.organisation)
        .where(OrganisationRow.name == organisation)
        .order_by(ParticipantRow.id)
    )
    return tuple(session.scalars(query))


def organisation_countries(session: Session, names: Collection[str]) -> dict[str, str]:
    """Organisation name -> country for the stored organisations among `names` (one query,
    without the profiles `organisations` builds)."""
    if not names:
        return {}
    query = select(OrganisationRow.name, OrganisationRow.country).where(
        OrganisationRow.name.in_(names)
    )
    return {name: country for name, country in session.execute(query)}


def opportunities(session: Session) -> tuple[Opportunity, ...]:
    """Every stored opportunity, in the order they were stored."""
    query = select(OpportunityRow).options(*_OPPORTUNITY).order_by(OpportunityRow.id)
    return tuple(convert.opportunity_from_row(r) for r in session.scalars(query))


# Missions --------------------------------------------------------------------------------


def mission_keys(session: Session) -> tuple[str, ...]:
    """Keys of the stored missions, oldest first."""
    return tuple(session.scalars(select(MissionRow.key).order_by(MissionRow.id)))


def latest_mission(session: Session) -> Mission | None:
    """The mission that starts last (the most recently stored among equals), or None."""
    row = session.scalars(
        select(MissionRow)
        .options(*_MISSION)
        .order_by(MissionRow.start_date.desc(), MissionRow.id.desc())
        .limit(1)
    ).first()
    return None if row is None else convert.mission_from_row(row)


def get_mission(session: Session, key: str) -> Mission:
    """The mission `key`; raise `MissionNotFound` when there is none."""
    return convert.mission_from_row(_mission_row(session, key, full=True))


def mission_participants(session: Session, key: str) -> tuple[Participant, ...]:
    """The participants of mission `key`, in the mission's order."""
    return participants_of_mission(session, get_mission(session, key))


def load_mission(session: Session, key: str | None = None) -> MissionSnapshot:
    """Mission `key` (the latest one when None) with its people, requests and meetings."""
    mission = latest_mission(session) if key is None else get_mission(session, key)
    if mission is None:
        raise MissionNotFound(None)
    people = participants_of_mission(session, mission)
    # The mission was just read: its requests and meetings need not look it up again.
    return MissionSnapshot(
        mission=mission,
        participants=people,
        organisations=organisations(session, names={p.organisation for p in people}),
        requests=_requests(session, mission.key, None),
        meetings=_meetings(session, mission.key),
    )


def participants_of_mission(session: Session, mission: Mission) -> tuple[Participant, ...]:
    """The participants of `mission` (already read), in its order."""
    by_email = participants_by_email(session, mission.participants)
    return tuple(by_email[e] for e in mission.participants)


# Meeting requests ------------------------------------------------------------------------


def meeting_requests(
    session: Session, mission: str, statuses: Iterable[RequestStatus] | None = None
) -> tuple[MeetingRequest, ...]:
    """Requests of `mission` (with one of `statuses` when given), in the order stored."""
    _mission_row(session, mission)
    return _requests(session, mission, None if statuses is None else set(statuses))


def accepted_meeting_requests(session: Session, mission: str) -> tuple[MeetingRequest, ...]:
    """The accepted requests of `mission`: what the scheduler must place."""
    return meeting_requests(session, mission, {RequestStatus.ACCEPTED})


def add_meeting_requests(session: Session, requests: Sequence[MeetingRequest]) -> None:
    """Store new requests; refuse all of them if one already exists or is given twice."""
    save_dataset(session, Dataset(meeting_requests=tuple(requests)))


def replace_proposed_requests(
    session: Session, mission: str, requests: Sequence[MeetingRequest]
) -> None:
    """Swap the `proposed` requests of `mission` for `requests` (a new matching run).

    Requests in any other status are kept; a new request for a pair that already has one of
    them is refused (filter them out with `meeting_requests` first).
    """
    mission_row = _mission_row(session, mission)
    wrong = [r for r in requests if r.mission != mission]
    if wrong:
        reason = f"request for mission {wrong[0].mission!r}, not {mission!r}"
        raise InvalidInput([Problem("meeting_requests", None, "mission", reason)])
    session.execute(
        delete(MeetingRequestRow).where(
            MeetingRequestRow.mission_id == mission_row.id,
            MeetingRequestRow.status == RequestStatus.PROPOSED.value,
        )
    )
    add_meeting_requests(session, requests)


def set_request_status(
    session: Session, mission: str, requester: str, requested: str, status: RequestStatus
) -> None:
    """Change the status of one stored request; raise LookupError when there is none."""
    row = session.execute(
        _pairs(MeetingRequestRow).where(
            MissionRow.key == mission,
            _REQUESTER.email == requester,
            _REQUESTED.email == requested,
        )
    ).first()
    if row is None:
        raise LookupError(f"no request from {requester!r} to {requested!r} in {mission!r}")
    row[0].status = status.value
    session.flush()


# Meetings and outcomes -------------------------------------------------------------------


def meetings(session: Session, mission: str) -> tuple[Meeting, ...]:
    """The meetings of `mission`, in the order stored."""
    _mission_row(session, mission)
    return _meetings(session, mission)


def meetings_of(session: Session, mission: str, email: str) -> tuple[Meeting, ...]:
    """The meetings of `mission` that `email` is one of the two people of, every status, in
    the order stored (one person's agenda, without reading the mission's other meetings)."""
    query = (
        select(MeetingRow)
        .join(MeetingRow.mission)
        .join(_REQUESTER, MeetingRow.requester_id == _REQUESTER.id)
        .join(_REQUESTED, MeetingRow.requested_id == _REQUESTED.id)
        .options(
            contains_eager(MeetingRow.mission),
            contains_eager(MeetingRow.requester.of_type(_REQUESTER)),
            contains_eager(MeetingRow.requested.of_type(_REQUESTED)),
            joinedload(MeetingRow.venue),
        )
        .where(MissionRow.key == mission, or_(_REQUESTER.email == email, _REQUESTED.email == email))
        .order_by(MeetingRow.id)
    )
    return tuple(convert.meeting_from_row(r) for r in session.scalars(query))


@dataclass(frozen=True)
class StoredSchedule:
    """What `replace_meetings` did, pair by pair (unordered pairs of e-mails)."""

    added: tuple[frozenset[str], ...]
    changed: tuple[frozenset[str], ...]  # time, place or status changed: SEQUENCE grew
    unchanged: tuple[frozenset[str], ...]
    cancelled: tuple[frozenset[str], ...]  # scheduled before, not any more


def replace_meetings(
    session: Session, mission: str, new_meetings: Sequence[Meeting]
) -> StoredSchedule:
    """Make `new_meetings` the scheduled meetings of `mission` (a schedule run or a repair).

    A meeting is its pair of people: a stored meeting of the same pair (in either direction)
    is updated in place, so it keeps its calendar UID, and its SEQUENCE grows only when its
    time, venue, table or status changes. A stored meeting that is not in `new_meetings`
    stays stored with status `cancelled`, so that calendars can be told it is off.
    """
    mission_row = _mission_row(session, mission)
    wrong = [m for m in new_meetings if m.mission != mission]
    if wrong:
        reason = f"meeting for mission {wrong[0].mission!r}, not {mission!r}"
        raise InvalidInput([Problem("meetings", None, "mission", reason)])
    given: dict[frozenset[str], Meeting] = {}
    for meeting in new_meetings:
        if meeting.pair in given:
            reason = f"{meeting.requester} and {meeting.requested} would meet twice"
            raise InvalidInput([Problem("meetings", None, "requested", reason)])
        given[meeting.pair] = meeting
    stored = {
        frozenset((requester, requested)): row
        for row, _, requester, requested in session.execute(
            _pairs(MeetingRow).where(MeetingRow.mission_id == mission_row.id)
        )
    }
    venues = {v.key: v for v in session.scalars(
        select(VenueRow).where(VenueRow.mission_id == mission_row.id))}  # fmt: skip
    changed: list[frozenset[str]] = []
    unchanged: list[frozenset[str]] = []
    cancelled: list[frozenset[str]] = []
    for pair, row in stored.items():
        if pair not in given:
            if row.status != MeetingStatus.CANCELLED.value:
                row.status = MeetingStatus.CANCELLED.value
                row.sequence += 1
                cancelled.append(pair)
            continue
        meeting = given[pair]
        venue = venues.get(meeting.venue)
        if venue is None:
            reason = f"unknown venue {meeting.venue!r} in mission {mission!r}"
            raise InvalidInput([Problem("meetings", None, "venue", reason)])
        before = (row.start, row.end, row.venue_id, row.table_number, row.status)
        after = (meeting.start, meeting.end, venue.id, meeting.table, meeting.status.value)
        # Datetimes compare as instants, whatever zone each side is in (SQLite reads UTC).
        if before == after:
            unchanged.append(pair)
            continue
        row.start, row.end, row.venue_id = meeting.start, meeting.end, venue.id
        row.table_number, row.status = meeting.table, meeting.status.value
        row.sequence += 1
        changed.append(pair)
    new = [m for pair, m in given.items() if pair not in stored]
    session.flush()
    save_dataset(session, Dataset(meetings=tuple(new)))
    added = tuple(m.pair for m in new)
    return StoredSchedule(added, tuple(changed), tuple(unchanged), tuple(cancelled))


def add_outcomes(session: Session, outcomes: Sequence[Outcome]) -> None:
    """Store what meetings led to."""
    save_dataset(session, Dataset(outcomes=tuple(outcomes)))


# Internals -------------------------------------------------------------------------------


def _mission_row(session: Session, key: str, *, full: bool = False) -> MissionRow:
    query = select(MissionRow).where(MissionRow.key == key)
    row = session.scalars(query.options(*_MISSION) if full else query).first()
    if row is None:
        raise MissionNotFound(key)
    return row


def _pairs(model: type[PairRow]) -> Select:  # type: ignore[type-arg]  # 2.0/2.1 differ
    """Rows of `model` with their mission key, requester and requested e-mails."""
    return (
        select(model, MissionRow.key, _REQUESTER.email, _REQUESTED.email)
        .join(MissionRow, model.mission_id == MissionRow.id)
        .join(_REQUESTER, model.requester_id == _REQUESTER.id)
        .join(_REQUESTED, model.requested_id == _REQUESTED.id)
        .order_by(model.id)
    )


def _requests(
    session: Session, mission: str | None, statuses: set[RequestStatus] | None
) -> tuple[MeetingRequest, ...]:
    query = select(MeetingRequestRow).options(*_PAIR).order_by(MeetingRequestRow.id)
    if mission is not None:
        query = query.join(MeetingRequestRow.mission).where(MissionRow.key == mission)
    if statuses is not None:
        query = query.where(MeetingRequestRow.status.in_([s.value for s in statuses]))
    return tuple(convert.request_from_row(r) for r in session.scalars(query))


def _meetings(session: Session, mission: str | None) -> tuple[Meeting, ...]:
    query = select(MeetingRow).options(*_MEETING).order_by(MeetingRow.id)
    if mission is not None:
        query = query.join(MeetingRow.mission).where(MissionRow.key == mission)
    return tuple(convert.meeting_from_row(r) for r in session.scalars(query))


def _index_for(session: Session, dataset: Dataset) -> RowIndex:
    """Stored rows that `dataset` may refer to."""
    names = {p.organisation for p in dataset.participants}
    names |= {o.organisation for o in dataset.opportunities}
    emails = {e for m in dataset.missions for e in m.participants}
    emails |= {e for m in dataset.missions for item in m.programme for e in item.audience}
    keys: set[str] = set()
    pairs: list[MeetingRequest | Meeting | Outcome] = [
        *dataset.meeting_requests,
        *dataset.meetings,
        *dataset.outcomes,
    ]
    for pair in pairs:
        emails |= {pair.requester, pair.requested}
        keys.add(pair.mission)
    index = RowIndex()
    if names:
        query = select(OrganisationRow).where(OrganisationRow.name.in_(names))
        index.organisations.update((r.name, r) for r in session.scalars(query))
    if emails:
        query_p = select(ParticipantRow).where(ParticipantRow.email.in_(emails))
        index.participants.update((r.email, r) for r in session.scalars(query_p))
    if keys:
        query_m = select(MissionRow).options(*_MISSION).where(MissionRow.key.in_(keys))
        index.missions.update((r.key, r) for r in session.scalars(query_m))
    return index


def _duplicates(session: Session, dataset: Dataset) -> list[Problem]:
    """Objects of `dataset` whose natural key is given twice or already stored."""
    problems: list[Problem] = []

    def check(kind: str, field: str, keys: list[str], stored: Iterable[str]) -> None:
        seen: set[str] = set()
        existing = set(stored) if keys else set()
        for key in keys:
            if key in seen:
                problems.append(Problem(kind, None, field, f"{key!r} is given twice"))
            elif key in existing:
                problems.append(Problem(kind, None, field, f"{key!r} is already stored"))
            seen.add(key)

    def stored_column(column, keys: list[str]):  # type: ignore[no-untyped-def]
        return session.scalars(select(column).where(column.in_(keys))) if keys else ()

    names = [o.name for o in dataset.organisations]
    check("organisations", "name", names, stored_column(OrganisationRow.name, names))
    emails = [p.email for p in dataset.participants]
    check("participants", "email", emails, stored_column(ParticipantRow.email, emails))
    refs = [o.reference for o in dataset.opportunities]
    check("opportunities", "reference", refs, stored_column(OpportunityRow.reference, refs))
    keys = [m.key for m in dataset.missions]
    check("missions", "key", keys, stored_column(MissionRow.key, keys))
    requests = [_pair_text(r) for r in dataset.meeting_requests]
    missions = {r.mission for r in dataset.meeting_requests}
    check("meeting_requests", "requester", requests,
          _stored_pairs(session, MeetingRequestRow, missions))  # fmt: skip
    meetings = [_pair_text(m) for m in dataset.meetings]
    missions = {m.mission for m in dataset.meetings}
    check("meetings", "requester", meetings, _stored_pairs(session, MeetingRow, missions))
    return problems


def _pair_text(pair: MeetingRequest | Meeting) -> str:
    return " → ".join((pair.mission, pair.requester, pair.requested))


def _stored_pairs(session: Session, model: type[PairRow], missions: set[str]) -> list[str]:
    if not missions:
        return []
    rows = session.execute(_pairs(model).where(MissionRow.key.in_(missions)))
    return [" → ".join((key, requester, requested)) for _, key, requester, requested in rows]


def participant_ids(session: Session) -> dict[str, int]:
    """Every participant's e-mail -> database id (the id people and file names use)."""
    rows = session.execute(select(ParticipantRow.email, ParticipantRow.id))
    return {email: ident for email, ident in rows}
