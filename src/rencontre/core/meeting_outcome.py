"""What each side of a meeting records after it: held or not, interest, next step, a note.

Each of the two people of a meeting records their own outcome, and only they see it: the
other side's may say "no interest" where theirs says "pilot". One outcome per person and
meeting, replaced when they record it again. Rules that hold however it arrives (a page, the
API, an import) are here: `read_answer` reads the raw fields and `answer_problems` checks
them together, each problem named by its field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from rencontre.core.enums import Attendance, NextStep

#: Interest is said on a scale of 1 (none) to 5 (strong).
INTEREST_MIN, INTEREST_MAX = 1, 5
#: A note is a reminder for oneself, not a report: a page of text at most.
NOTE_MAX_CHARS = 2000

E = TypeVar("E", Attendance, NextStep)


@dataclass(frozen=True)
class OutcomeAnswer:
    """What one person says of one meeting."""

    attendance: Attendance
    interest: int | None  # INTEREST_MIN..INTEREST_MAX; None when the meeting was not held
    next_step: NextStep = NextStep.NONE
    note: str = ""


@dataclass(frozen=True)
class MeetingOutcome:
    """One side's outcome of the meeting of `participant` and `partner` (e-mails) in `mission`."""

    mission: str  # Mission.key
    participant: str  # the side that records it
    partner: str
    answer: OutcomeAnswer
    recorded_at: datetime

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies it: a person's outcome of the meeting with a partner in a mission."""
        return (self.mission, self.participant, self.partner)


class InvalidOutcome(ValueError):
    """An outcome refused: `fields` maps each field at fault to the reason (in English)."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in fields.items()))
        self.fields = fields


def answer_problems(answer: OutcomeAnswer) -> dict[str, str]:
    """The rules an answer breaks, by field (empty when it is right)."""
    problems: dict[str, str] = {}
    scale = f"{INTEREST_MIN} (none) to {INTEREST_MAX} (strong)"
    if answer.interest is None:
        if answer.attendance is Attendance.HELD:
            problems["interest"] = f"required when the meeting was held: {scale}"
    elif answer.attendance is Attendance.NO_SHOW:
        problems["interest"] = "a meeting that was not held has no interest: leave it empty"
    elif not INTEREST_MIN <= answer.interest <= INTEREST_MAX:
        problems["interest"] = f"must be {scale}, got {answer.interest}"
    if len(answer.note) > NOTE_MAX_CHARS:
        problems["note"] = f"at most {NOTE_MAX_CHARS} characters, got {len(answer.note)}"
    return problems


def read_answer(
    *, attendance: str, interest: str | int | None, next_step: str = "", note: str = ""
) -> OutcomeAnswer:
    """The answer of raw fields (a form, a JSON body); InvalidOutcome naming each bad field.

    An empty interest is none; an empty next step is `none`; the note is stripped.
    """
    problems: dict[str, str] = {}
    read_attendance = _choice(Attendance, attendance, "attendance", problems)
    read_step = _choice(NextStep, next_step or NextStep.NONE.value, "next_step", problems)
    read_interest: int | None = None
    if isinstance(interest, int):
        read_interest = interest
    elif interest is not None and interest.strip():
        try:
            read_interest = int(interest.strip())
        except ValueError:
            problems["interest"] = f"a whole number is expected, got {interest.strip()!r}"
    if problems:
        raise InvalidOutcome(problems)
    assert read_attendance is not None and read_step is not None
    answer = OutcomeAnswer(read_attendance, read_interest, read_step, note.strip())
    problems = answer_problems(answer)
    if problems:
        raise InvalidOutcome(problems)
    return answer


def _choice(kind: type[E], value: str, field: str, problems: dict[str, str]) -> E | None:
    try:
        return kind(value.strip())
    except ValueError:
        expected = ", ".join(member.value for member in kind)
        problems[field] = f"expected one of {expected}, got {value.strip()!r}"
        return None
