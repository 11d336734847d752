"""Meeting requests, scheduled meetings and what came out of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rencontre.core.enums import MeetingStatus, OutcomeKind, RequestStatus


@dataclass(frozen=True)
class MeetingRequest:
    """A request from one participant to meet another (e-mails); priority 1 (low) to 3 (high)."""

    mission: str  # Mission.key
    requester: str
    requested: str
    priority: int = 2
    message: str = ""
    status: RequestStatus = RequestStatus.PENDING
    score: float | None = None  # matching score when proposed by the matching engine


@dataclass(frozen=True)
class Meeting:
    """A meeting placed in the B2B grid."""

    mission: str  # Mission.key
    requester: str
    requested: str
    start: datetime
    end: datetime
    venue: str
    table: int  # 1-based table number at the venue
    status: MeetingStatus = MeetingStatus.SCHEDULED


@dataclass(frozen=True)
class Outcome:
    """What a meeting led to, as recorded by one of its participants."""

    mission: str  # Mission.key
    requester: str
    requested: str
    kind: OutcomeKind
    recorded_on: date
    notes: str = ""
    value_eur: int | None = None
    recorded_at: datetime | None = None
