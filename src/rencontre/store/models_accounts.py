"""SQLAlchemy models of who may use the web platform: users, sessions, links, tokens.

They live on the same `Base.metadata` as the mission models, so that one migration history
covers both. Secrets are never stored as given: sessions, personal links and API tokens are
kept as the SHA-256 hash of the random value handed out, so reading the database does not
give anyone a way in. Every time is an aware UTC datetime (`UTCDateTime`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from rencontre.store.models import CODE, NAME, Base
from rencontre.store.types import UTCDateTime

#: A SHA-256 digest written in hexadecimal.
DIGEST = String(64)


class UserRow(Base):
    """Someone who signs in with an e-mail and a password (organisers, for now)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(NAME, unique=True)
    # An argon2id hash in its PHC string form (parameters and salt included).
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(CODE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OrganiserMissionRow(Base):
    """An organiser may see and run this mission."""

    __tablename__ = "organiser_missions"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class PersonalLinkRow(Base):
    """A participant's way in to one mission's space, without a password."""

    __tablename__ = "personal_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(DIGEST, unique=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When it first opened a session: the organisers see who has not come in yet.
    first_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class InvitationRow(Base):
    """A personal link sent to a participant (by e-mail), by an organiser or the command."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE")
    )
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="CASCADE"), index=True
    )
    link_id: Mapped[int | None] = mapped_column(
        ForeignKey("personal_links.id", ondelete="SET NULL")
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_by: Mapped[str] = mapped_column(NAME)  # the organiser's e-mail, or "command line"
    channel: Mapped[str] = mapped_column(CODE)  # "email"


class WebSessionRow(Base):
    """A signed-in browser: an organiser (`user_id`) or a participant in one mission.

    Kept in the database, not in the cookie, so that signing out or revoking ends it at once
    and every server process sees the same sessions.
    """

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(DIGEST, unique=True)
    # Sent back in forms and the X-CSRF-Token header: proof that a request comes from a page
    # this site served to this session.
    csrf_token: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    mission_id: Mapped[int | None] = mapped_column(
        ForeignKey("missions.id", ondelete="CASCADE"), index=True
    )
    link_id: Mapped[int | None] = mapped_column(
        ForeignKey("personal_links.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ApiTokenRow(Base):
    """A bearer token that acts for an organiser on the API."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(DIGEST, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SignInFailureRow(Base):
    """One failed sign-in, counted against an account or a client address for a while."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_subject", "scope", "subject", "failed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(CODE)  # "account" or "address"
    subject: Mapped[str] = mapped_column(NAME)  # the e-mail given, or the client address
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ServerSecretRow(Base):
    """A random key every server process shares (it signs the sign-in form's cookie)."""

    __tablename__ = "server_secrets"

    name: Mapped[str] = mapped_column(CODE, primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary(64))
