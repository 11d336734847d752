"""Storing records by their key: new ones are added, stored ones updated in place.

Keys: an organisation's name, a participant's e-mail, an opportunity's reference, a
mission's key (see `rencontre.store.mission_updates`), a request's (mission, requester,
requested). A stored record is only written when it differs from the one given, so an
identical re-import changes no row and says "unchanged". Rows keep their ids, so nothing
that points at them (a participant's requests and meetings, a mission's schedule) moves.
Meetings and outcomes are only ever added here: the caller (the import checks) refuses a
meeting whose pair is stored, and an outcome has no key. A meeting outcome's key is its
person and meeting: it replaces the stored one (`rencontre.store.outcomes.store_outcomes`).

Callers own the transaction (`rencontre.store.database.session_scope`): when anything is
refused, nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.meeting import MeetingRequest
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.store import convert
from rencontre.store import repositories as repo
from rencontre.store.child_rows import replace_children
from rencontre.store.mission_updates import update_mission
from rencontre.store.models import (
    AvailabilityWindowRow,
    MeetingRequestRow,
    MissionRow,
    OpportunityCountryRow,
    OpportunityPartnershipRow,
    OpportunityRow,
    OpportunitySegmentRow,
    OrganisationDescriptionRow,
    OrganisationNaceRow,
    OrganisationRow,
    OrganisationSegmentRow,
    ParticipantLanguageRow,
    ParticipantRow,
)
from rencontre.store.outcomes import store_outcomes
from rencontre.store.repositories import (
    _MISSION,
    _OPPORTUNITY,
    _ORGANISATION,
    _PARTICIPANT,
    _REQUESTED,
    _REQUESTER,
    _pairs,
)

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
Row = TypeVar("Row")


@dataclass(frozen=True)
class RecordCounts:
    """What storing one kind of record did."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0


def store_records(session: Session, dataset: Dataset) -> dict[str, RecordCounts]:
    """Add the new records of `dataset` and update the stored ones, kind by kind.

    Kinds go in dependency order (organisations before the participants that name them, and
    so on), each flushed before the next, so that a record may name one added or changed by
    the same call. Returns the counts per kind (the `Dataset` field names).
    """
    counts = {
        "organisations": _store(
            session, "organisations", dataset.organisations, _organisation_rows, lambda o: o.name,
            convert.organisation_from_row, _update_organisation, _same_organisation,
        ),
        "participants": _store(
            session, "participants", dataset.participants, _participant_rows, lambda p: p.email,
            convert.participant_from_row, _update_participant,
        ),
        "opportunities": _store(
            session, "opportunities", dataset.opportunities, _opportunity_rows,
            lambda o: o.reference, convert.opportunity_from_row, _update_opportunity,
        ),
        "missions": _store(
            session, "missions", dataset.missions, _mission_rows, lambda m: m.key,
            convert.mission_from_row, update_mission, lambda a, b: False,
        ),
        "meeting_requests": _store(
            session, "meeting_requests", dataset.meeting_requests, _request_rows, _direction,
            convert.request_from_row, _update_request,
        ),
    }  # fmt: skip
    repo.save_dataset(session, Dataset(meetings=dataset.meetings, outcomes=dataset.outcomes))
    counts["meetings"] = RecordCounts(added=len(dataset.meetings))
    counts["outcomes"] = RecordCounts(added=len(dataset.outcomes))
    stored = store_outcomes(session, dataset.meeting_outcomes)
    counts["meeting_outcomes"] = RecordCounts(stored.added, stored.changed, stored.unchanged)
    return counts


def _store(
    session: Session,
    kind: str,
    items: Sequence[T],
    stored_rows: Callable[[Session, Collection[Any]], dict[Any, Any]],
    key_of: Callable[[T], Hashable],
    from_row: Callable[[Any], T],
    update: Callable[[Session, Any, T], bool | None],
    same: Callable[[T, T], bool] = lambda a, b: a == b,
) -> RecordCounts:
    """Update the stored `items` that changed, then add the others (one flush each)."""
    rows = stored_rows(session, [key_of(item) for item in items]) if items else {}
    new, changed, unchanged = [], 0, 0
    for item in items:
        row = rows.get(key_of(item))
        if row is None:
            new.append(item)
        elif same(from_row(row), item):
            unchanged += 1
        elif update(session, row, item) is False:
            unchanged += 1  # an update that found nothing to change (missions decide alone)
        else:
            changed += 1
    session.flush()
    if new:
        only_new: dict[str, Any] = {kind: tuple(new)}
        repo.save_dataset(session, Dataset(**only_new))
    return RecordCounts(added=len(new), changed=changed, unchanged=unchanged)


# Organisations, participants, opportunities ----------------------------------------------


def _organisation_rows(session: Session, names: Collection[str]) -> dict[str, OrganisationRow]:
    query = select(OrganisationRow).options(*_ORGANISATION).where(OrganisationRow.name.in_(names))
    return {row.name: row for row in session.scalars(query)}


def _same_organisation(stored: Organisation, new: Organisation) -> bool:
    """Equal but for the order of the descriptions (files write them fr, nl, en)."""
    order = sorted(stored.descriptions, key=lambda d: d.language.value)
    again = sorted(new.descriptions, key=lambda d: d.language.value)
    return replace(stored, descriptions=tuple(order)) == replace(new, descriptions=tuple(again))


def _update_organisation(session: Session, row: OrganisationRow, o: Organisation) -> None:
    _set_columns(row, o, ("country", "legal_name", "region", "city", "website", "fictional",
                          "source"))  # fmt: skip
    row.kind = o.kind.value
    row.size_band = None if o.size_band is None else o.size_band.value
    descriptions = [
        OrganisationDescriptionRow(position=i, language=d.language.value, text=d.text)
        for i, d in enumerate(o.descriptions)
    ]
    replace_children(session, row.descriptions, descriptions)
    segments = [OrganisationSegmentRow(position=i, code=c) for i, c in enumerate(o.segments)]
    replace_children(session, row.segments, segments)
    codes = [OrganisationNaceRow(position=i, code=c) for i, c in enumerate(o.nace_codes)]
    replace_children(session, row.nace_codes, codes)


def _set_columns(row: object, item: object, names: tuple[str, ...]) -> None:
    for name in names:
        setattr(row, name, getattr(item, name))


def _participant_rows(session: Session, emails: Collection[str]) -> dict[str, ParticipantRow]:
    query = select(ParticipantRow).options(*_PARTICIPANT).where(ParticipantRow.email.in_(emails))
    return {row.email: row for row in session.scalars(query)}


def _update_participant(session: Session, row: ParticipantRow, p: Participant) -> None:
    _set_columns(row, p, ("full_name", "role"))
    row.organisation = _organisation_row(session, p.organisation, "participants")
    languages = [
        ParticipantLanguageRow(position=i, language=lang.value)
        for i, lang in enumerate(p.languages)
    ]
    replace_children(session, row.languages, languages)
    windows = [
        AvailabilityWindowRow(position=i, start=w.start, end=w.end)
        for i, w in enumerate(p.availability)
    ]
    replace_children(session, row.availability, windows)


def _organisation_row(session: Session, name: str, kind: str) -> OrganisationRow:
    row = session.scalars(select(OrganisationRow).where(OrganisationRow.name == name)).first()
    if row is None:
        raise InvalidInput([Problem(kind, None, "organisation", f"unknown organisation {name!r}")])
    return row


def _opportunity_rows(session: Session, references: Collection[str]) -> dict[str, OpportunityRow]:
    query = (
        select(OpportunityRow)
        .options(*_OPPORTUNITY)
        .where(OpportunityRow.reference.in_(references))
    )
    return {row.reference: row for row in session.scalars(query)}


def _update_opportunity(session: Session, row: OpportunityRow, o: Opportunity) -> None:
    _set_columns(row, o, ("title", "description", "expires_on"))
    row.type, row.language = o.type.value, o.language.value
    row.organisation = _organisation_row(session, o.organisation, "opportunities")
    kinds = [
        OpportunityPartnershipRow(position=i, partnership_type=t.value)
        for i, t in enumerate(o.partnership_types)
    ]
    replace_children(session, row.partnership_types, kinds)
    countries = [
        OpportunityCountryRow(position=i, country=c) for i, c in enumerate(o.target_countries)
    ]
    replace_children(session, row.target_countries, countries)
    segments = [OpportunitySegmentRow(position=i, code=c) for i, c in enumerate(o.segments)]
    replace_children(session, row.segments, segments)


# Missions and requests ---------------------------------------------------------------------


def _mission_rows(session: Session, keys: Collection[str]) -> dict[str, MissionRow]:
    query = select(MissionRow).options(*_MISSION).where(MissionRow.key.in_(keys))
    return {row.key: row for row in session.scalars(query)}


Direction = tuple[str, str, str]


def _direction(request: MeetingRequest) -> Direction:
    return (request.mission, request.requester, request.requested)


def _request_rows(
    session: Session, directions: Collection[Direction]
) -> dict[Direction, MeetingRequestRow]:
    missions = {mission for mission, _, _ in directions}
    query = _pairs(MeetingRequestRow).where(MissionRow.key.in_(missions))
    wanted = set(directions)
    return {
        (key, requester, requested): row
        for row, key, requester, requested in session.execute(query)
        if (key, requester, requested) in wanted
    }


def _update_request(session: Session, row: MeetingRequestRow, r: MeetingRequest) -> None:
    _set_columns(row, r, ("priority", "message", "score", "reverse_message", "origin"))
    row.status = r.status.value


# Request status -------------------------------------------------------------------------


def set_pair_status(
    session: Session, mission: str, first: str, second: str, status: RequestStatus
) -> tuple[MeetingRequest, ...]:
    """Give every stored request between two people in `mission` (either direction) `status`.

    Returns the requests as they were before; raise LookupError when the pair has none. A
    pair normally has one request (mutual ones are merged); a database filled before that
    may hold both directions, and both must agree or the decline would still win.
    """
    query = _pairs(MeetingRequestRow).where(
        MissionRow.key == mission,
        or_(
            and_(_REQUESTER.email == first, _REQUESTED.email == second),
            and_(_REQUESTER.email == second, _REQUESTED.email == first),
        ),
    )
    found = session.execute(query).all()
    if not found:
        raise LookupError(f"no meeting request between {first} and {second} in {mission!r}")
    before = []
    for row, *_ in found:
        before.append(convert.request_from_row(row))
        row.status = status.value
    session.flush()
    return tuple(before)
