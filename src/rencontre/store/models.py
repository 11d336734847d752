"""SQLAlchemy 2 ORM models: the database shape of every core type.

Enumerations are stored as their stable string values (no native enums, so migrations stay
plain); list fields live in child tables with a `position` column so that their order
survives a round trip. Nothing outside `rencontre.store` should see these classes: convert
them with `rencontre.store.convert`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from rencontre.store.types import UTCDateTime

# Named constraints make later migrations (and SQLite batch mode) deterministic.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CODE = String(64)  # enum values, codes, keys
NAME = String(300)
CASCADE = "all, delete-orphan"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _parent(table: str) -> Mapped[int]:
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"), primary_key=True)


def _position() -> Mapped[int]:
    return mapped_column(Integer, nullable=False)


class OrganisationRow(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NAME, unique=True)
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(CODE)
    legal_name: Mapped[str] = mapped_column(NAME, default="")
    region: Mapped[str] = mapped_column(NAME, default="")
    city: Mapped[str] = mapped_column(NAME, default="")
    size_band: Mapped[str | None] = mapped_column(CODE)
    website: Mapped[str] = mapped_column(NAME, default="")
    fictional: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(Text, default="")

    descriptions: Mapped[list[OrganisationDescriptionRow]] = relationship(
        cascade=CASCADE, order_by="OrganisationDescriptionRow.position"
    )
    segments: Mapped[list[OrganisationSegmentRow]] = relationship(
        cascade=CASCADE, order_by="OrganisationSegmentRow.position"
    )
    nace_codes: Mapped[list[OrganisationNaceRow]] = relationship(
        cascade=CASCADE, order_by="OrganisationNaceRow.position"
    )


class OrganisationDescriptionRow(Base):
    __tablename__ = "organisation_descriptions"

    organisation_id: Mapped[int] = _parent("organisations")
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    position: Mapped[int] = _position()
    text: Mapped[str] = mapped_column(Text)


class OrganisationSegmentRow(Base):
    __tablename__ = "organisation_segments"

    organisation_id: Mapped[int] = _parent("organisations")
    code: Mapped[str] = mapped_column(CODE, primary_key=True)
    position: Mapped[int] = _position()


class OrganisationNaceRow(Base):
    __tablename__ = "organisation_nace_codes"

    organisation_id: Mapped[int] = _parent("organisations")
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    position: Mapped[int] = _position()


class ParticipantRow(Base):
    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(NAME, unique=True)
    full_name: Mapped[str] = mapped_column(NAME)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(NAME, default="")

    organisation: Mapped[OrganisationRow] = relationship()
    languages: Mapped[list[ParticipantLanguageRow]] = relationship(
        cascade=CASCADE, order_by="ParticipantLanguageRow.position"
    )
    availability: Mapped[list[AvailabilityWindowRow]] = relationship(
        cascade=CASCADE, order_by="AvailabilityWindowRow.position"
    )


class ParticipantLanguageRow(Base):
    __tablename__ = "participant_languages"

    participant_id: Mapped[int] = _parent("participants")
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    position: Mapped[int] = _position()


class AvailabilityWindowRow(Base):
    __tablename__ = "availability_windows"

    participant_id: Mapped[int] = _parent("participants")
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)


class OpportunityRow(Base):
    __tablename__ = "opportunities"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(CODE, unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    type: Mapped[str] = mapped_column(CODE)
    title: Mapped[str] = mapped_column(NAME)
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(2))
    expires_on: Mapped[date | None] = mapped_column(Date)

    organisation: Mapped[OrganisationRow] = relationship()
    partnership_types: Mapped[list[OpportunityPartnershipRow]] = relationship(
        cascade=CASCADE, order_by="OpportunityPartnershipRow.position"
    )
    target_countries: Mapped[list[OpportunityCountryRow]] = relationship(
        cascade=CASCADE, order_by="OpportunityCountryRow.position"
    )
    segments: Mapped[list[OpportunitySegmentRow]] = relationship(
        cascade=CASCADE, order_by="OpportunitySegmentRow.position"
    )


class OpportunityPartnershipRow(Base):
    __tablename__ = "opportunity_partnership_types"

    opportunity_id: Mapped[int] = _parent("opportunities")
    partnership_type: Mapped[str] = mapped_column(CODE, primary_key=True)
    position: Mapped[int] = _position()


class OpportunityCountryRow(Base):
    __tablename__ = "opportunity_target_countries"

    opportunity_id: Mapped[int] = _parent("opportunities")
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    position: Mapped[int] = _position()


class OpportunitySegmentRow(Base):
    __tablename__ = "opportunity_segments"

    opportunity_id: Mapped[int] = _parent("opportunities")
    code: Mapped[str] = mapped_column(CODE, primary_key=True)
    position: Mapped[int] = _position()


class MissionRow(Base):
    __tablename__ = "missions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(CODE, unique=True)
    title: Mapped[str] = mapped_column(NAME)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(CODE)
    description: Mapped[str] = mapped_column(Text, default="")
    slot_minutes: Mapped[int] = mapped_column(Integer)
    # Working languages in order, as ISO 639-1 codes joined by commas ("fr,nl,en").
    languages: Mapped[str] = mapped_column(CODE, default="fr,nl,en")
    # When participants' web requests close (Mission.requests_close_at); NULL: never.
    requests_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    venues: Mapped[list[VenueRow]] = relationship(cascade=CASCADE, order_by="VenueRow.position")
    travel_times: Mapped[list[TravelTimeRow]] = relationship(
        cascade=CASCADE, order_by="TravelTimeRow.position"
    )
    programme: Mapped[list[ProgrammeItemRow]] = relationship(
        cascade=CASCADE, order_by="ProgrammeItemRow.position"
    )
    participants: Mapped[list[MissionParticipantRow]] = relationship(
        cascade=CASCADE, order_by="MissionParticipantRow.position"
    )


class MissionParticipantRow(Base):
    __tablename__ = "mission_participants"

    mission_id: Mapped[int] = _parent("missions")
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), primary_key=True)
    position: Mapped[int] = _position()

    participant: Mapped[ParticipantRow] = relationship()


class VenueRow(Base):
    __tablename__ = "venues"
    __table_args__ = (UniqueConstraint("mission_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"))
    position: Mapped[int] = _position()
    key: Mapped[str] = mapped_column(CODE)
    name: Mapped[str] = mapped_column(NAME)
    address: Mapped[str] = mapped_column(NAME, default="")
    city: Mapped[str] = mapped_column(NAME, default="")
    tables: Mapped[int] = mapped_column(Integer, default=0)

    table_changes: Mapped[list[VenueTableChangeRow]] = relationship(
        cascade=CASCADE, order_by="VenueTableChangeRow.position"
    )


class VenueTableChangeRow(Base):
    __tablename__ = "venue_table_changes"

    venue_id: Mapped[int] = _parent("venues")
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    tables: Mapped[int] = mapped_column(Integer)


class TravelTimeRow(Base):
    __tablename__ = "travel_times"

    from_venue_id: Mapped[int] = mapped_column(
        ForeignKey("venues.id", ondelete="CASCADE"), primary_key=True
    )
    to_venue_id: Mapped[int] = mapped_column(
        ForeignKey("venues.id", ondelete="CASCADE"), primary_key=True
    )
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = _position()
    minutes: Mapped[int] = mapped_column(Integer)

    from_venue: Mapped[VenueRow] = relationship(foreign_keys=[from_venue_id])
    to_venue: Mapped[VenueRow] = relationship(foreign_keys=[to_venue_id])


class ProgrammeItemRow(Base):
    __tablename__ = "programme_items"
    __table_args__ = (UniqueConstraint("mission_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"))
    position: Mapped[int] = _position()
    key: Mapped[str] = mapped_column(CODE)
    title: Mapped[str] = mapped_column(NAME)
    kind: Mapped[str] = mapped_column(CODE)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    sequence: Mapped[int] = mapped_column(Integer, default=0)

    venue: Mapped[VenueRow] = relationship()
    audience: Mapped[list[ProgrammeAudienceRow]] = relationship(
        cascade=CASCADE, order_by="ProgrammeAudienceRow.position"
    )


class ProgrammeAudienceRow(Base):
    __tablename__ = "programme_audience"

    programme_item_id: Mapped[int] = _parent("programme_items")
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), primary_key=True)
    position: Mapped[int] = _position()

    participant: Mapped[ParticipantRow] = relationship()


class MeetingRequestRow(Base):
    __tablename__ = "meeting_requests"
    __table_args__ = (UniqueConstraint("mission_id", "requester_id", "requested_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    requested_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    priority: Mapped[int] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(CODE, index=True)
    score: Mapped[float | None] = mapped_column(Float)
    reverse_message: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(Text, default="")

    mission: Mapped[MissionRow] = relationship()
    requester: Mapped[ParticipantRow] = relationship(foreign_keys=[requester_id])
    requested: Mapped[ParticipantRow] = relationship(foreign_keys=[requested_id])


class MeetingRow(Base):
    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("mission_id", "requester_id", "requested_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    requested_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id"), index=True)
    table_number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(CODE)
    sequence: Mapped[int] = mapped_column(Integer, default=0)

    mission: Mapped[MissionRow] = relationship()
    requester: Mapped[ParticipantRow] = relationship(foreign_keys=[requester_id])
    requested: Mapped[ParticipantRow] = relationship(foreign_keys=[requested_id])
    venue: Mapped[VenueRow] = relationship()


class OutcomeRow(Base):
    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    requested_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    kind: Mapped[str] = mapped_column(CODE)
    recorded_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    value_eur: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    mission: Mapped[MissionRow] = relationship()
    requester: Mapped[ParticipantRow] = relationship(foreign_keys=[requester_id])
    requested: Mapped[ParticipantRow] = relationship(foreign_keys=[requested_id])


# The account tables share this metadata: one migration history and one schema check cover them.
from rencontre.store import (  # noqa: E402
    models_accounts,  # noqa: F401
    models_audit,  # noqa: F401
    models_feeds,  # noqa: F401
    models_jobs,  # noqa: F401
    models_outcomes,  # noqa: F401
    models_schedule,  # noqa: F401
)
