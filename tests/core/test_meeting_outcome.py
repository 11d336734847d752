"""The rules of a meeting outcome, whatever way it arrives."""

from __future__ import annotations

import pytest

from rencontre.core.enums import Attendance, NextStep
from rencontre.core.meeting_outcome import (
    NOTE_MAX_CHARS,
    InvalidOutcome,
    OutcomeAnswer,
    answer_problems,
    read_answer,
)


def test_read_answer_reads_a_held_meeting() -> None:
    answer = read_answer(attendance="held", interest=" 4 ", next_step="pilot", note=" Samples ")
    assert answer == OutcomeAnswer(Attendance.HELD, 4, NextStep.PILOT, "Samples")


def test_read_answer_reads_a_no_show_without_interest_or_step() -> None:
    answer = read_answer(attendance="no_show", interest="", next_step="")
    assert answer == OutcomeAnswer(Attendance.NO_SHOW, None, NextStep.NONE, "")


@pytest.mark.parametrize(
    ("interest", "reason"),
    [
        ("0", "must be 1 (none) to 5 (strong), got 0"),
        (6, "must be 1 (none) to 5 (strong), got 6"),
        ("", "required when the meeting was held: 1 (none) to 5 (strong)"),
        ("a lot", "a whole number is expected, got 'a lot'"),
    ],
)
def test_read_answer_refuses_a_bad_interest(interest: str | int, reason: str) -> None:
    with pytest.raises(InvalidOutcome) as refused:
        read_answer(attendance="held", interest=interest)
    assert refused.value.fields == {"interest": reason}


def test_a_meeting_not_held_has_no_interest() -> None:
    problems = answer_problems(OutcomeAnswer(Attendance.NO_SHOW, 3))
    assert problems == {"interest": "a meeting that was not held has no interest: leave it empty"}


def test_a_note_past_the_limit_is_refused() -> None:
    long_note = "x" * (NOTE_MAX_CHARS + 1)
    assert answer_problems(OutcomeAnswer(Attendance.HELD, 3, note="x" * NOTE_MAX_CHARS)) == {}
    problems = answer_problems(OutcomeAnswer(Attendance.HELD, 3, note=long_note))
    assert problems == {"note": f"at most {NOTE_MAX_CHARS} characters, got {NOTE_MAX_CHARS + 1}"}


def test_read_answer_names_every_bad_choice() -> None:
    with pytest.raises(InvalidOutcome) as refused:
        read_answer(attendance="maybe", interest="3", next_step="wedding")
    assert set(refused.value.fields) == {"attendance", "next_step"}
    assert refused.value.fields["attendance"] == "expected one of held, no_show, got 'maybe'"
