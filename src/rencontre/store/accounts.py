"""Reading and writing accounts: users, organisers' missions, links, sessions, tokens.

Every function takes an open `Session` (the caller owns the transaction) and returns plain
records, never ORM rows. Secrets arrive here already hashed (`services.accounts` hashes
them): the store never sees a password, a link, a session key or a token in clear.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rencontre.core.enums import MeetingStatus, RequestStatus
from rencontre.store.models import (
    MeetingRequestRow,
    MeetingRow,
    MissionParticipantRow,
    MissionRow,
    ParticipantRow,
)
from rencontre.store.models_accounts import (
    ApiTokenRow,
    InvitationRow,
    OrganiserMissionRow,
    PersonalLinkRow,
    ServerSecretRow,
    SignInFailureRow,
    UserRow,
    WebSessionRow,
)

SECRET_BYTES = 32


@dataclass(frozen=True)
class User:
    id: int
    email: str
    role: str
    password_hash: str


@dataclass(frozen=True)
class Link:
    id: int
    participant_id: int
    mission_id: int
    expires_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class WebSession:
    """A stored session: an organiser's (`user_id`) or a participant's in one mission."""

    id: int
    csrf_token: str
    expires_at: datetime
    user_id: int | None
    participant_id: int | None
    mission_id: int | None


@dataclass(frozen=True)
class OrganisedMission:
    """A mission an organiser runs, with what her home page counts."""

    id: int
    key: str
    title: str
    start_date: date
    end_date: date
    participants: int
    accepted_requests: int
    meetings: int  # scheduled, not cancelled


class DuplicateUser(ValueError):
    """A user with this e-mail exists already."""


# Users and the missions they organise -----------------------------------------------------


def add_user(
    session: Session, *, email: str, password_hash: str, role: str, created_at: datetime
) -> User:
    """Store a new user; raise `DuplicateUser` when the e-mail is taken."""
    if find_user(session, email) is not None:
        raise DuplicateUser(email)
    row = UserRow(email=email, password_hash=password_hash, role=role, created_at=created_at)
    session.add(row)
    session.flush()
    return _user(row)


def find_user(session: Session, email: str) -> User | None:
    row = session.scalars(select(UserRow).where(UserRow.email == email)).first()
    return None if row is None else _user(row)


def get_user(session: Session, user_id: int) -> User | None:
    row = session.get(UserRow, user_id)
    return None if row is None else _user(row)


def set_password_hash(session: Session, user_id: int, password_hash: str) -> None:
    """Replace a stored hash (argon2 parameters grew since it was made)."""
    session.execute(
        update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
    )


def mission_ids(session: Session, keys: Collection[str]) -> dict[str, int]:
    """Mission key -> id, for the keys that exist."""
    if not keys:
        return {}
    rows = session.execute(select(MissionRow.key, MissionRow.id).where(MissionRow.key.in_(keys)))
    return {key: ident for key, ident in rows}


def add_organised_missions(session: Session, user_id: int, missions: Collection[int]) -> None:
    """Let user `user_id` organise each mission of `missions` (ids); those she has are kept."""
    held = organised_mission_ids(session, user_id)
    session.add_all(
        OrganiserMissionRow(user_id=user_id, mission_id=m) for m in sorted(set(missions) - held)
    )
    session.flush()


def organised_mission_ids(session: Session, user_id: int) -> set[int]:
    query = select(OrganiserMissionRow.mission_id).where(OrganiserMissionRow.user_id == user_id)
    return set(session.scalars(query))


def organised_missions(session: Session, user_id: int) -> list[OrganisedMission]:
    """The missions `user_id` organises, the latest first, with their counts."""
    participants = (
        select(func.count())
        .where(MissionParticipantRow.mission_id == MissionRow.id)
        .scalar_subquery()
    )
    accepted = (
        select(func.count())
        .where(
            MeetingRequestRow.mission_id == MissionRow.id,
            MeetingRequestRow.status == RequestStatus.ACCEPTED.value,
        )
        .scalar_subquery()
    )
    meetings = (
        select(func.count())
        .where(
            MeetingRow.mission_id == MissionRow.id,
            MeetingRow.status != MeetingStatus.CANCELLED.value,
        )
        .scalar_subquery()
    )
    query = (
        select(
            MissionRow.id,
            MissionRow.key,
            MissionRow.title,
            MissionRow.start_date,
            MissionRow.end_date,
            participants,
            accepted,
            meetings,
        )
        .join(OrganiserMissionRow, OrganiserMissionRow.mission_id == MissionRow.id)
        .where(OrganiserMissionRow.user_id == user_id)
        .order_by(MissionRow.start_date.desc(), MissionRow.id.desc())
    )
    return [OrganisedMission(*row) for row in session.execute(query)]


# People and missions, by id --------------------------------------------------------------


def participant_id(session: Session, email: str) -> int | None:
    query = select(ParticipantRow.id).where(ParticipantRow.email == email)
    return session.scalars(query).first()


def participant_email(session: Session, ident: int) -> str | None:
    return session.scalars(select(ParticipantRow.email).where(ParticipantRow.id == ident)).first()


def mission_key(session: Session, ident: int) -> str | None:
    return session.scalars(select(MissionRow.key).where(MissionRow.id == ident)).first()


def missions_with_person(session: Session, ident: int) -> list[int]:
    """Ids of the missions where participant `ident` takes part or has a meeting, latest first.

    Someone taken out of a mission keeps their (cancelled) meetings there: their agenda is
    still how they learn those meetings are off.
    """
    taking_part = select(MissionParticipantRow.mission_id).where(
        MissionParticipantRow.participant_id == ident
    )
    meeting = select(MeetingRow.mission_id).where(
        (MeetingRow.requester_id == ident) | (MeetingRow.requested_id == ident)
    )
    query = (
        select(MissionRow.id)
        .where(MissionRow.id.in_(taking_part) | MissionRow.id.in_(meeting))
        .order_by(MissionRow.start_date.desc(), MissionRow.id.desc())
    )
    return list(session.scalars(query))


# Personal links --------------------------------------------------------------------------


def add_link(
    session: Session,
    *,
    token_hash: str,
    participant_id: int,
    mission_id: int,
    created_at: datetime,
    expires_at: datetime,
) -> Link:
    row = PersonalLinkRow(
        token_hash=token_hash,
        participant_id=participant_id,
        mission_id=mission_id,
        created_at=created_at,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return _link(row)


def find_link(session: Session, token_hash: str) -> Link | None:
    query = select(PersonalLinkRow).where(PersonalLinkRow.token_hash == token_hash)
    row = session.scalars(query).first()
    return None if row is None else _link(row)


def link_hashes(session: Session, participant_id: int) -> list[str]:
    """The stored hashes of a participant's links (what the database holds of them)."""
    query = (
        select(PersonalLinkRow.token_hash)
        .where(PersonalLinkRow.participant_id == participant_id)
        .order_by(PersonalLinkRow.id)
    )
    return list(session.scalars(query))


def revoke_links(session: Session, *, participant_id: int, mission_id: int, at: datetime) -> int:
    """Revoke the live links of a participant in a mission and end the sessions they opened.

    Returns how many links were live.
    """
    live = (
        PersonalLinkRow.participant_id == participant_id,
        PersonalLinkRow.mission_id == mission_id,
        PersonalLinkRow.revoked_at.is_(None),
    )
    count = session.scalar(select(func.count()).select_from(PersonalLinkRow).where(*live)) or 0
    session.execute(update(PersonalLinkRow).where(*live).values(revoked_at=at))
    session.execute(
        delete(WebSessionRow).where(
            WebSessionRow.participant_id == participant_id,
            WebSessionRow.mission_id == mission_id,
        )
    )
    return count


def mark_link_opened(session: Session, link_id: int, at: datetime) -> None:
    """Note when link `link_id` first opened a session (a later opening changes nothing)."""
    session.execute(
        update(PersonalLinkRow)
        .where(PersonalLinkRow.id == link_id, PersonalLinkRow.first_opened_at.is_(None))
        .values(first_opened_at=at)
    )


# Invitations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkStatus:
    """Where a participant of a mission stands with their personal links."""

    participant_id: int
    invited_at: datetime | None  # the latest invitation sent
    first_opened_at: datetime | None  # the earliest opening of any of their links
    live_links: int  # neither revoked nor expired


def add_invitation(
    session: Session,
    *,
    participant_id: int,
    mission_id: int,
    link_id: int | None,
    sent_at: datetime,
    sent_by: str,
    channel: str,
) -> None:
    session.add(
        InvitationRow(
            participant_id=participant_id,
            mission_id=mission_id,
            link_id=link_id,
            sent_at=sent_at,
            sent_by=sent_by,
            channel=channel,
        )
    )
    session.flush()


def link_id_of(session: Session, token_hash: str) -> int | None:
    query = select(PersonalLinkRow.id).where(PersonalLinkRow.token_hash == token_hash)
    return session.scalar(query)


def link_statuses(session: Session, mission_id: int, now: datetime) -> dict[int, LinkStatus]:
    """Participant id -> their invitations and links in mission `mission_id`."""
    invited = dict(
        session.execute(
            select(InvitationRow.participant_id, func.max(InvitationRow.sent_at))
            .where(InvitationRow.mission_id == mission_id)
            .group_by(InvitationRow.participant_id)
        ).all()
    )
    opened: dict[int, datetime | None] = {}
    live: dict[int, int] = {}
    links = session.execute(
        select(
            PersonalLinkRow.participant_id,
            PersonalLinkRow.first_opened_at,
            PersonalLinkRow.revoked_at,
            PersonalLinkRow.expires_at,
        ).where(PersonalLinkRow.mission_id == mission_id)
    )
    for person, first, revoked, expires in links:
        earliest = opened.get(person)
        if first is not None and (earliest is None or first < earliest):
            opened[person] = first
        else:
            opened.setdefault(person, None)
        live[person] = live.get(person, 0) + int(revoked is None and expires > now)
    people = set(invited) | set(opened)
    return {
        person: LinkStatus(person, invited.get(person), opened.get(person), live.get(person, 0))
        for person in people
    }


# Sessions --------------------------------------------------------------------------------


def add_session(
    session: Session,
    *,
    key_hash: str,
    csrf_token: str,
    created_at: datetime,
    expires_at: datetime,
    user_id: int | None = None,
    participant_id: int | None = None,
    mission_id: int | None = None,
    link_id: int | None = None,
) -> WebSession:
    row = WebSessionRow(
        key_hash=key_hash,
        csrf_token=csrf_token,
        created_at=created_at,
        expires_at=expires_at,
        user_id=user_id,
        participant_id=participant_id,
        mission_id=mission_id,
        link_id=link_id,
    )
    session.add(row)
    session.flush()
    return _web_session(row)


def find_session(session: Session, key_hash: str) -> WebSession | None:
    row = session.scalars(select(WebSessionRow).where(WebSessionRow.key_hash == key_hash)).first()
    return None if row is None else _web_session(row)


def delete_session(session: Session, key_hash: str) -> None:
    session.execute(delete(WebSessionRow).where(WebSessionRow.key_hash == key_hash))


def delete_expired_sessions(session: Session, now: datetime) -> None:
    session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))


# API tokens ------------------------------------------------------------------------------


def add_api_token(session: Session, *, token_hash: str, user_id: int, created_at: datetime) -> None:
    session.add(ApiTokenRow(token_hash=token_hash, user_id=user_id, created_at=created_at))
    session.flush()


def token_user(session: Session, token_hash: str) -> User | None:
    """The user a live (not revoked) API token acts for."""
    query = (
        select(UserRow)
        .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
        .where(ApiTokenRow.token_hash == token_hash, ApiTokenRow.revoked_at.is_(None))
    )
    row = session.scalars(query).first()
    return None if row is None else _user(row)


# Failed sign-ins -------------------------------------------------------------------------


def add_failure(session: Session, *, scope: str, subject: str, at: datetime) -> None:
    session.add(SignInFailureRow(scope=scope, subject=subject, failed_at=at))
    session.flush()


def count_failures(session: Session, *, scope: str, subject: str, since: datetime) -> int:
    query = (
        select(func.count())
        .select_from(SignInFailureRow)
        .where(
            SignInFailureRow.scope == scope,
            SignInFailureRow.subject == subject,
            SignInFailureRow.failed_at > since,
        )
    )
    return session.scalar(query) or 0


def oldest_failure(session: Session, *, scope: str, subject: str, since: datetime) -> datetime:
    """When the oldest failure still counted happened (`since` when there is none)."""
    oldest: datetime | None = session.scalar(
        select(func.min(SignInFailureRow.failed_at)).where(
            SignInFailureRow.scope == scope,
            SignInFailureRow.subject == subject,
            SignInFailureRow.failed_at > since,
        )
    )
    return since if oldest is None else oldest


def clear_failures(session: Session, *, scope: str, subject: str) -> None:
    session.execute(
        delete(SignInFailureRow).where(
            SignInFailureRow.scope == scope, SignInFailureRow.subject == subject
        )
    )


def forget_failures_before(session: Session, moment: datetime) -> None:
    """Drop failures too old to count any more, so the table stays small."""
    session.execute(delete(SignInFailureRow).where(SignInFailureRow.failed_at <= moment))


# The servers' shared secret --------------------------------------------------------------


def server_secret(session: Session, name: str) -> bytes:
    """The secret `name`, made (random) the first time any server process asks for it."""
    row = session.get(ServerSecretRow, name)
    if row is not None:
        return row.value
    try:
        with session.begin_nested():
            session.add(ServerSecretRow(name=name, value=secrets.token_bytes(SECRET_BYTES)))
    except IntegrityError:
        pass  # another process made it first: theirs is the one
    stored = session.get(ServerSecretRow, name, populate_existing=True)
    assert stored is not None
    return stored.value


# Internals -------------------------------------------------------------------------------


def _user(row: UserRow) -> User:
    return User(row.id, row.email, row.role, row.password_hash)


def _link(row: PersonalLinkRow) -> Link:
    return Link(row.id, row.participant_id, row.mission_id, row.expires_at, row.revoked_at)


def _web_session(row: WebSessionRow) -> WebSession:
    return WebSession(
        row.id, row.csrf_token, row.expires_at, row.user_id, row.participant_id, row.mission_id
    )
