"""What a mission check finds: errors that must be fixed, warnings worth a look.

Each finding has a stable `code` (scripts and a web page may filter on it), a message an
organiser can act on (times in the mission's time zone, people by name and e-mail), and the
same facts as fields. The severity follows from the code, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from rencontre.core.wording import counted


class Severity(StrEnum):
    ERROR = "error"  # the mission cannot run as stored: fix it before publishing agendas
    WARNING = "warning"  # it can run, but someone will be late, left out or overbooked


class FindingCode(StrEnum):
    """Every kind of finding; the values are stable strings."""

    # Errors: the programme or the stored schedule breaks a rule.
    B2B_SESSIONS_OVERLAP = "b2b_sessions_overlap"
    B2B_SESSION_WITHOUT_TABLES = "b2b_session_without_tables"
    PROGRAMME_OVERLAP = "programme_overlap"
    REQUEST_WITH_NON_PARTICIPANT = "request_with_non_participant"
    MEETING_WITH_NON_PARTICIPANT = "meeting_with_non_participant"
    MEETINGS_OVERLAP = "meetings_overlap"
    MEETING_DURING_PROGRAMME = "meeting_during_programme"
    MEETING_OUTSIDE_AVAILABILITY = "meeting_outside_availability"
    MEETING_OUTSIDE_SESSIONS = "meeting_outside_sessions"
    TABLE_DOUBLE_BOOKED = "table_double_booked"
    TABLE_NOT_AT_VENUE = "table_not_at_venue"
    # Warnings: the mission can run, not as everyone expects.
    TRAVEL_SHORTFALL = "travel_shortfall"
    MEETING_TRAVEL_SHORTFALL = "meeting_travel_shortfall"
    PROGRAMME_OUTSIDE_DATES = "programme_outside_dates"
    B2B_SESSION_WITHOUT_SLOTS = "b2b_session_without_slots"
    MEETING_HAS_NO_SLOT = "meeting_has_no_slot"
    PARTICIPANT_OVERLOADED = "participant_overloaded"
    SESSION_OVERFULL = "session_overfull"
    FIXED_MEETINGS_COLLIDE = "fixed_meetings_collide"
    SLOT_OVER_TABLES = "slot_over_tables"
    EVENT_OVER_TABLES = "event_over_tables"
    PRECEDENCE_IMPOSSIBLE = "precedence_impossible"


ERROR_CODES = frozenset(
    {
        FindingCode.B2B_SESSIONS_OVERLAP,
        FindingCode.B2B_SESSION_WITHOUT_TABLES,
        FindingCode.PROGRAMME_OVERLAP,
        FindingCode.REQUEST_WITH_NON_PARTICIPANT,
        FindingCode.MEETING_WITH_NON_PARTICIPANT,
        FindingCode.MEETINGS_OVERLAP,
        FindingCode.MEETING_DURING_PROGRAMME,
        FindingCode.MEETING_OUTSIDE_AVAILABILITY,
        FindingCode.MEETING_OUTSIDE_SESSIONS,
        FindingCode.TABLE_DOUBLE_BOOKED,
        FindingCode.TABLE_NOT_AT_VENUE,
    }
)


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a mission, as a message and as data."""

    code: FindingCode
    message: str
    #: E-mails of the people concerned, in the order the message names them.
    people: tuple[str, ...] = ()
    #: Keys of the programme items concerned (B2B sessions included).
    items: tuple[str, ...] = ()
    #: Meetings or requests concerned, each as its unordered pair of e-mails.
    pairs: tuple[frozenset[str], ...] = ()
    venue: str = ""  # key of the venue concerned, if one is
    start: datetime | None = None  # when the problem starts
    end: datetime | None = None
    minutes_short: int | None = None  # travel time missing
    needed: int | None = None  # meetings, tables or minutes needed …
    available: int | None = None  # … and what there is

    @property
    def severity(self) -> Severity:
        return Severity.ERROR if self.code in ERROR_CODES else Severity.WARNING

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def ordered(findings: Sequence[Finding]) -> list[Finding]:
    """Errors first, then warnings; each group in the order found."""
    return [f for f in findings if f.is_error] + [f for f in findings if not f.is_error]


def format_findings(findings: Sequence[Finding]) -> list[str]:
    """One line per finding, errors first: `error [code] message`."""
    return [f"{f.severity.value} [{f.code.value}] {f.message}" for f in ordered(findings)]


def summary_line(mission_key: str, findings: Sequence[Finding]) -> str:
    """`Mission k: 1 error, 2 warnings`, or `Mission k: no problem found`."""
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return f"Mission {mission_key}: no problem found"
    return f"Mission {mission_key}: {counted(errors, 'error')}, {counted(warnings, 'warning')}"
