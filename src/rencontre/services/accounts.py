"""Who may use the web platform, and how they get in: organisers, personal links, tokens.

Organisers sign in with an e-mail and a password (hashed with argon2id). Participants never
get a password: an organiser hands each one a personal link, a random token of which only the
SHA-256 hash is stored, that expires and can be revoked. Opening it, or signing in, starts a
session stored in the database: the browser holds only a random key, so signing out and
revoking take effect at once, in every server process. Integrations use API tokens, stored
hashed too.

Failed sign-ins are counted in the database per account and per client address; past the
limits a sign-in is refused until the oldest counted failure is old enough.

Every function takes the current time (`now`, aware) so that expiry is decided in one place
and tests can move the clock.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.core.validation import normalise_email
from rencontre.store import accounts as store
from rencontre.store import calendar_feeds
from rencontre.store import repositories as repo

MIN_PASSWORD_LENGTH = 12
ORGANISER_SESSION_LIFETIME = timedelta(hours=12)
PARTICIPANT_SESSION_LIFETIME = timedelta(days=30)
#: Without `--days`, a link works until this long after the mission's last day (the
#: follow-up), and at least this long from the day it is made.
LINK_LIFETIME_AFTER_MISSION = timedelta(days=30)
FAILURE_WINDOW = timedelta(minutes=15)
#: Failed sign-ins allowed per window: per account, and per client address (higher, since a
#: whole office may share one address).
MAX_ACCOUNT_FAILURES = 5
MAX_ADDRESS_FAILURES = 20
ACCOUNT, ADDRESS = "account", "address"
MAX_SUBJECT = 300  # the longest e-mail or address a failure row keeps

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so that a wrong e-mail takes as long as a
# wrong password and timing does not tell which accounts exist.
_UNKNOWN_USER_HASH = _hasher.hash(secrets.token_urlsafe(16))


class Role(StrEnum):
    ORGANISER = "organiser"


class AccountError(ValueError):
    """Input that cannot be acted on; the message says what and why in one line."""


class VisitorKind(StrEnum):
    ORGANISER = "organiser"
    PARTICIPANT = "participant"


@dataclass(frozen=True)
class Visitor:
    """Who is making a request: an organiser, or a participant in one mission.

    `session_key_hash` and `csrf_token` are set for a browser session, None for an API
    token (which needs no CSRF token: browsers never send it on their own).
    """

    kind: VisitorKind
    session_key_hash: str | None = None
    csrf_token: str | None = None
    user_id: int | None = None
    participant_id: int | None = None
    mission_id: int | None = None

    @property
    def is_organiser(self) -> bool:
        return self.kind is VisitorKind.ORGANISER

    @property
    def is_participant(self) -> bool:
        return self.kind is VisitorKind.PARTICIPANT


@dataclass(frozen=True)
class StartedSession:
    """A new session: `key` goes in the cookie (only its hash is stored)."""

    key: str
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class SignInResult:
    """`started` when the password was right; `retry_after` when refused for too many
    failures; neither when the e-mail or the password was wrong."""

    started: StartedSession | None = None
    retry_after: timedelta | None = None


class LinkState(StrEnum):
    OPENED = "opened"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class LinkOpening:
    state: LinkState
    started: StartedSession | None = None


@dataclass(frozen=True)
class IssuedLink:
    token: str
    person: Participant
    mission: Mission
    expires_at: datetime


@dataclass(frozen=True)
class RevokedLinks:
    person: Participant
    mission: Mission
    count: int


@dataclass(frozen=True)
class IssuedToken:
    token: str
    email: str


def new_secret() -> str:
    """A random, URL-safe secret of 256 bits."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What the database keeps of a secret: its SHA-256, in hexadecimal."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_secret(given: str | None, expected: str | None) -> bool:
    """Compare two secrets in constant time; a missing one never matches."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


# Organisers ------------------------------------------------------------------------------


def add_organiser(
    session: Session, *, email: str, password: str, missions: Sequence[str], now: datetime
) -> store.User:
    """Store an organiser who runs `missions` (keys; none is fine: she runs none yet)."""
    address = _email(email)
    check_password(password)
    ids = store.mission_ids(session, missions)
    unknown = [key for key in missions if key not in ids]
    if unknown:
        raise AccountError(f"no mission {unknown[0]!r}")
    try:
        user = store.add_user(
            session,
            email=address,
            password_hash=hash_password(password),
            role=Role.ORGANISER.value,
            created_at=now,
        )
    except store.DuplicateUser:
        raise AccountError(f"a user {address} exists already") from None
    store.add_organised_missions(session, user.id, ids.values())
    return user


def hash_password(password: str) -> str:
    """The argon2 hash stored for `password` (never the password itself)."""
    hashed: str = _hasher.hash(password)
    return hashed


def check_password(password: str) -> None:
    """Refuse a password too short to resist guessing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"the password must have at least {MIN_PASSWORD_LENGTH} characters "
            f"(it has {len(password)})"
        )


def sign_in(
    session: Session, *, email: str, password: str, address: str, now: datetime
) -> SignInResult:
    """Check an organiser's e-mail and password and start her session.

    A failure is counted (its row must be committed even though sign-in failed, so this
    returns a result rather than raising). Past `MAX_ACCOUNT_FAILURES` for the account or
    `MAX_ADDRESS_FAILURES` for the address within `FAILURE_WINDOW`, the password is not even
    checked.
    """
    # Counted as given (an unknown e-mail counts too), cut to what the counter row holds.
    account, address = email.strip().lower()[:MAX_SUBJECT], address[:MAX_SUBJECT]
    since = now - FAILURE_WINDOW
    store.forget_failures_before(session, since)
    limits = ((ACCOUNT, account, MAX_ACCOUNT_FAILURES), (ADDRESS, address, MAX_ADDRESS_FAILURES))
    for scope, subject, limit in limits:
        if store.count_failures(session, scope=scope, subject=subject, since=since) >= limit:
            oldest = store.oldest_failure(session, scope=scope, subject=subject, since=since)
            return SignInResult(retry_after=max(oldest + FAILURE_WINDOW - now, timedelta(0)))
    user = store.find_user(session, account)
    if user is None or not _password_matches(user.password_hash, password):
        for scope, subject, _ in limits:
            store.add_failure(session, scope=scope, subject=subject, at=now)
        return SignInResult()
    if _hasher.check_needs_rehash(user.password_hash):
        store.set_password_hash(session, user.id, hash_password(password))
    store.clear_failures(session, scope=ACCOUNT, subject=account)
    return SignInResult(started=_start(session, now, ORGANISER_SESSION_LIFETIME, user_id=user.id))


def _password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_api_token(session: Session, *, email: str, now: datetime) -> IssuedToken:
    """A new API token acting for organiser `email` (only its hash is stored)."""
    address = _email(email)
    user = store.find_user(session, address)
    if user is None:
        raise AccountError(f"no user {address}")
    token = new_secret()
    store.add_api_token(session, token_hash=digest(token), user_id=user.id, created_at=now)
    return IssuedToken(token, user.email)


# Participants' links ---------------------------------------------------------------------


def issue_link(
    session: Session, *, participant: str, mission: str | None, days: int | None, now: datetime
) -> IssuedLink:
    """A new personal link for `participant` (e-mail or id) in `mission` (default: latest).

    It lasts `days` days from `now`, or by default until `LINK_LIFETIME_AFTER_MISSION` after
    the mission's last day and at least that long from now. Earlier links stay valid.
    """
    if days is not None and days < 1:
        raise AccountError(f"--days must be 1 or more, not {days}")
    snapshot = _mission(session, mission)
    person, person_id = _participant(session, snapshot, participant)
    mission_id = store.mission_ids(session, [snapshot.mission.key])[snapshot.mission.key]
    if days is not None:
        expires = now + timedelta(days=days)
    else:
        expires = max(_mission_end(snapshot.mission) + LINK_LIFETIME_AFTER_MISSION,
                      now + LINK_LIFETIME_AFTER_MISSION)  # fmt: skip
    token = new_secret()
    store.add_link(
        session,
        token_hash=digest(token),
        participant_id=person_id,
        mission_id=mission_id,
        created_at=now,
        expires_at=expires,
    )
    return IssuedLink(token, person, snapshot.mission, expires)


def issue_links(
    session: Session, *, participants: Sequence[str], mission: str, now: datetime
) -> list[IssuedLink]:
    """A new link (default lifetime) for each of `participants` (e-mails or ids) in
    `mission`, reading the mission once; AccountError for anyone not taking part."""
    snapshot = _mission(session, mission)
    mission_id = store.mission_ids(session, [snapshot.mission.key])[snapshot.mission.key]
    expires = max(_mission_end(snapshot.mission) + LINK_LIFETIME_AFTER_MISSION,
                  now + LINK_LIFETIME_AFTER_MISSION)  # fmt: skip
    issued = []
    for participant in participants:
        person, person_id = _participant(session, snapshot, participant)
        token = new_secret()
        store.add_link(
            session,
            token_hash=digest(token),
            participant_id=person_id,
            mission_id=mission_id,
            created_at=now,
            expires_at=expires,
        )
        issued.append(IssuedLink(token, person, snapshot.mission, expires))
    return issued


def revoke_links(
    session: Session, *, participant: str, mission: str | None, now: datetime
) -> RevokedLinks:
    """Revoke every link of `participant` in `mission` and end the sessions they opened.

    Her calendar link stops too: it is the other way into her agenda.
    """
    snapshot = _mission(session, mission)
    person, person_id = _participant(session, snapshot, participant)
    mission_id = store.mission_ids(session, [snapshot.mission.key])[snapshot.mission.key]
    count = store.revoke_links(session, participant_id=person_id, mission_id=mission_id, at=now)
    calendar_feeds.revoke_feeds(session, participant_id=person_id, mission_id=mission_id, at=now)
    return RevokedLinks(person, snapshot.mission, count)


def open_link(session: Session, *, token: str, now: datetime) -> LinkOpening:
    """Start a participant's session from their link, unless it is unknown, expired or revoked.

    The session ends when the link expires, if that comes first.
    """
    link = store.find_link(session, digest(token))
    if link is None:
        return LinkOpening(LinkState.UNKNOWN)
    if link.revoked_at is not None:
        return LinkOpening(LinkState.REVOKED)
    if link.expires_at <= now:
        return LinkOpening(LinkState.EXPIRED)
    lifetime = min(PARTICIPANT_SESSION_LIFETIME, link.expires_at - now)
    store.mark_link_opened(session, link.id, now)  # the desk shows who has not come in yet
    started = _start(
        session,
        now,
        lifetime,
        participant_id=link.participant_id,
        mission_id=link.mission_id,
        link_id=link.id,
    )
    return LinkOpening(LinkState.OPENED, started)


# Sessions and tokens -> visitors ---------------------------------------------------------


def session_visitor(session: Session, *, key: str, now: datetime) -> Visitor | None:
    """Whose session `key` is, or None when it is unknown or has expired."""
    key_hash = digest(key)
    found = store.find_session(session, key_hash)
    if found is None:
        return None
    if found.expires_at <= now:
        store.delete_session(session, key_hash)
        return None
    kind = VisitorKind.ORGANISER if found.user_id is not None else VisitorKind.PARTICIPANT
    return Visitor(
        kind=kind,
        session_key_hash=key_hash,
        csrf_token=found.csrf_token,
        user_id=found.user_id,
        participant_id=found.participant_id,
        mission_id=found.mission_id,
    )


def token_visitor(session: Session, *, token: str) -> Visitor | None:
    """The organiser an API token acts for, or None when it is unknown or revoked."""
    user = store.token_user(session, digest(token))
    if user is None:
        return None
    return Visitor(kind=VisitorKind.ORGANISER, user_id=user.id)


def sign_out(session: Session, *, key: str) -> None:
    """End the session `key` now, in every server process."""
    store.delete_session(session, digest(key))


# Permissions -----------------------------------------------------------------------------


def organises(session: Session, visitor: Visitor, mission_id: int) -> bool:
    """Whether `visitor` is an organiser of mission `mission_id`."""
    if not visitor.is_organiser or visitor.user_id is None:
        return False
    return mission_id in store.organised_mission_ids(session, visitor.user_id)


def agenda_mission(
    session: Session, visitor: Visitor, participant_id: int, mission: str | None
) -> int | None:
    """The mission (id) in which `visitor` may see the agenda of `participant_id`, or None.

    A participant sees only their own, in the mission of their link. An organiser sees the
    people of the missions she organises: the given `mission`, or by default the latest of
    hers in which the person has an agenda.
    """
    if visitor.is_participant:
        if participant_id != visitor.participant_id or visitor.mission_id is None:
            return None
        if mission is not None and store.mission_key(session, visitor.mission_id) != mission:
            return None
        return visitor.mission_id
    if visitor.user_id is None:
        return None
    theirs = store.organised_mission_ids(session, visitor.user_id)
    candidates = [m for m in store.missions_with_person(session, participant_id) if m in theirs]
    if mission is not None:
        wanted = store.mission_ids(session, [mission]).get(mission)
        return wanted if wanted in candidates else None
    return candidates[0] if candidates else None


# Internals -------------------------------------------------------------------------------


def _start(
    session: Session,
    now: datetime,
    lifetime: timedelta,
    *,
    user_id: int | None = None,
    participant_id: int | None = None,
    mission_id: int | None = None,
    link_id: int | None = None,
) -> StartedSession:
    store.delete_expired_sessions(session, now)
    key, csrf_token = new_secret(), new_secret()
    expires = now + lifetime
    store.add_session(
        session,
        key_hash=digest(key),
        csrf_token=csrf_token,
        created_at=now,
        expires_at=expires,
        user_id=user_id,
        participant_id=participant_id,
        mission_id=mission_id,
        link_id=link_id,
    )
    return StartedSession(key, csrf_token, expires)


def _email(value: str) -> str:
    try:
        return normalise_email(value)
    except ValueError as error:
        raise AccountError(str(error)) from None


def _mission(session: Session, key: str | None) -> repo.MissionSnapshot:
    try:
        return repo.load_mission(session, key)
    except repo.MissionNotFound as error:
        raise AccountError(str(error)) from None


def _participant(
    session: Session, snapshot: repo.MissionSnapshot, key: str
) -> tuple[Participant, int]:
    """The participant of the mission named by e-mail or id, and their id."""
    people = {p.email: p for p in snapshot.participants}
    wanted = key.strip()
    email: str | None = wanted.lower()
    if wanted.isdigit():
        email = store.participant_email(session, int(wanted))
    person = people.get(email or "")
    ident = None if person is None else store.participant_id(session, person.email)
    if person is None or ident is None:
        raise AccountError(
            f"no participant {key!r} in mission {snapshot.mission.key!r} "
            "(give an e-mail or a participant id)"
        )
    return person, ident


def _mission_end(mission: Mission) -> datetime:
    """The end of the mission's last day, in its time zone."""
    last = datetime.combine(
        mission.end_date + timedelta(days=1), time(), ZoneInfo(mission.timezone)
    )
    return last.astimezone(UTC)
