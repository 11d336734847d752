"""Meeting requests, scheduled meetings and what came out of them.

Two people meet at most once per mission, whoever asked: a request from B to A and one from
A to B are one request (see `merge_requests`), and a meeting is identified by its unordered
pair (`pair_key`, `meeting_uid`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
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
    #: The requested person's own message when their request to the requester was merged in.
    reverse_message: str = ""
    #: Where a merged request came from ("a → b (stored) + b → a (file, row 4)"); "" if not merged.
    origin: str = ""

    @property
    def pair(self) -> frozenset[str]:
        return pair_key(self.requester, self.requested)

    @property
    def is_merged(self) -> bool:
        return bool(self.origin)


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
    #: iCalendar SEQUENCE: grows by one each time the meeting's time, place or status changes.
    sequence: int = 0

    @property
    def pair(self) -> frozenset[str]:
        return pair_key(self.requester, self.requested)

    @property
    def uid(self) -> str:
        """The meeting's iCalendar UID: the same for both people and across every change."""
        return meeting_uid(self.mission, self.requester, self.requested)

    def involves(self, email: str) -> bool:
        return email in (self.requester, self.requested)

    def partner_of(self, email: str) -> str:
        return self.requested if self.requester == email else self.requester


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


def pair_key(first: str, second: str) -> frozenset[str]:
    """Two people, in no order: what identifies a request or a meeting within a mission."""
    return frozenset((first, second))


def meeting_uid(mission: str, first: str, second: str) -> str:
    """A stable iCalendar UID for the meeting of two people in a mission.

    Derived from the unordered pair, so it needs no storage and never changes when the
    meeting moves; hashed, so a calendar file does not spell out anyone's e-mail address.
    """
    low, high = sorted((first, second))
    digest = hashlib.sha256("\0".join((mission, low, high)).encode("utf-8")).hexdigest()
    return f"meeting-{digest[:32]}@rencontre"


#: Which status wins when two requests of one pair are merged: a decline overrides everything
#: (either person may refuse a meeting), then an acceptance, then a request still pending.
STATUS_PRECEDENCE = (
    RequestStatus.DECLINED,
    RequestStatus.CANCELLED,
    RequestStatus.ACCEPTED,
    RequestStatus.PENDING,
    RequestStatus.PROPOSED,
)


def merge_requests(kept: MeetingRequest, other: MeetingRequest, origin: str) -> MeetingRequest:
    """One request for a pair asked for twice: `kept`'s direction, the stronger of both.

    The highest priority counts, the status follows `STATUS_PRECEDENCE`, both messages are
    kept (`other`'s as `reverse_message` when it runs the other way, appended otherwise), and
    `origin` says where the two came from.
    """
    status = min((kept.status, other.status), key=STATUS_PRECEDENCE.index)
    scores = [s for s in (kept.score, other.score) if s is not None]
    reverse = other.requester == kept.requested
    messages_kept, reverse_message = kept.message, kept.reverse_message
    if reverse:
        reverse_message = _joined(reverse_message, other.message)
    else:
        messages_kept = _joined(messages_kept, other.message)
    return replace(
        kept,
        priority=max(kept.priority, other.priority),
        status=status,
        message=messages_kept,
        reverse_message=reverse_message,
        score=max(scores) if scores else None,
        origin=origin,
    )


def _joined(first: str, second: str) -> str:
    if not second or second == first:
        return first
    return second if not first else f"{first}\n{second}"
