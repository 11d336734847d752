"""Read a B2B instance in the .dzn format of Bofill et al. (JAIR 2022) into a `Problem`.

Field meanings: `requested` rows are (participant, participant, session) with session
1 = morning (slots 1..nMorningSlots), 2 = afternoon, 3 = any; `forbidden` sets use 0 as a
placeholder; `fixed` is 0 or a slot; `precedences` lists the meetings that come before;
`meetingsxBusiness` holds meeting ids plus one, with 1 as a placeholder. All slots are one
day: the lunch gap between the last morning and first afternoon slot counts as a break.
"""

from __future__ import annotations

from pathlib import Path

from rencontre.scheduling.dzn_tokens import DznFormatError, DznValue, parse_dzn
from rencontre.scheduling.problem import (
    AFTERNOON_SESSION,
    MORNING_SESSION,
    Meeting,
    Problem,
    ProblemError,
    SessionKind,
    Slot,
)

_SESSION_CODES = {1: SessionKind.MORNING, 2: SessionKind.AFTERNOON, 3: SessionKind.ANY}


def read_dzn(path: Path) -> Problem:
    """Parse the file; raise DznFormatError naming the file and the field on bad input."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DznFormatError(f"{path}: cannot read: {error}") from error
    return problem_from_dzn_text(text, str(path))


def problem_from_dzn_text(text: str, source: str) -> Problem:
    fields = parse_dzn(text, source)
    reader = _Fields(fields, source)
    participant_count = reader.integer("nBusiness")
    meeting_count = reader.integer("nMeetings")
    tables = reader.integer("nTables")
    slot_count = reader.integer("nTotalSlots")
    morning_count = reader.integer("nMorningSlots")
    slots = tuple(
        Slot(
            day=0,
            session=MORNING_SESSION if t < morning_count else AFTERNOON_SESSION,
            tables=tables,
        )
        for t in range(slot_count)
    )
    rows = reader.rows("requested", meeting_count, 3)
    fixed = reader.integers("fixed", meeting_count) if "fixed" in fields else [0] * meeting_count
    predecessors = (
        reader.sets("precedences", meeting_count)
        if "precedences" in fields
        else [frozenset[int]()] * meeting_count
    )
    forbidden = reader.sets("forbidden", participant_count)
    meetings = []
    for index, (first, second, session) in enumerate(rows):
        if session not in _SESSION_CODES:
            raise DznFormatError(f"{source}: requested row {index + 1}: session {session} not 1-3")
        meetings.append(
            Meeting(
                first=first - 1,
                second=second - 1,
                session=_SESSION_CODES[session],
                fixed_slot=fixed[index] - 1 if fixed[index] else None,
                predecessors=frozenset(q - 1 for q in predecessors[index]),
            )
        )
    try:
        problem = Problem(
            participant_count=participant_count,
            meetings=tuple(meetings),
            slots=slots,
            forbidden_slots=tuple(frozenset(t - 1 for t in f if t != 0) for f in forbidden),
        )
    except ProblemError as error:
        raise DznFormatError(f"{source}: {error}") from error
    _check_meetings_per_participant(problem, reader)
    return problem


def _check_meetings_per_participant(problem: Problem, reader: _Fields) -> None:
    """The redundant per-participant fields must agree with `requested`."""
    count = problem.participant_count
    if "meetingsxBusiness" in reader.fields:
        for p, ids in enumerate(reader.sets("meetingsxBusiness", count)):
            expected = {m + 2 for m in problem.meetings_of(p)}
            if set(ids) - {1} != expected:
                raise DznFormatError(
                    f"{reader.source}: field meetingsxBusiness: element {p + 1} disagrees "
                    "with requested"
                )
    if "nMeetingsBusiness" in reader.fields:
        for p, n in enumerate(reader.integers("nMeetingsBusiness", count)):
            if n != len(problem.meetings_of(p)):
                raise DznFormatError(
                    f"{reader.source}: field nMeetingsBusiness: element {p + 1} is {n}, "
                    f"requested gives {len(problem.meetings_of(p))}"
                )


class _Fields:
    """Typed access to parsed fields, with errors that name the field and the element."""

    def __init__(self, fields: dict[str, DznValue], source: str) -> None:
        self.fields = fields
        self.source = source

    def _get(self, name: str) -> DznValue:
        if name not in self.fields:
            raise DznFormatError(f"{self.source}: field {name} is missing")
        return self.fields[name]

    def _fail(self, name: str, reason: str) -> DznFormatError:
        return DznFormatError(f"{self.source}: field {name}: {reason}")

    def integer(self, name: str) -> int:
        value = self._get(name)
        if not isinstance(value, int) or value < 0:
            raise self._fail(name, "expected a non-negative integer")
        return value

    def _array(self, name: str, length: int) -> list[DznValue]:
        value = self._get(name)
        if not isinstance(value, list):
            raise self._fail(name, "expected an array")
        if len(value) != length:
            raise self._fail(name, f"expected {length} elements, found {len(value)}")
        return value

    def integers(self, name: str, length: int) -> list[int]:
        result = []
        for position, item in enumerate(self._array(name, length)):
            if not isinstance(item, int):
                raise self._fail(name, f"element {position + 1} is not an integer")
            result.append(item)
        return result

    def sets(self, name: str, length: int) -> list[frozenset[int]]:
        result = []
        for position, item in enumerate(self._array(name, length)):
            if not isinstance(item, frozenset):
                raise self._fail(name, f"element {position + 1} is not a set")
            result.append(item)
        return result

    def rows(self, name: str, length: int, width: int) -> list[tuple[int, int, int]]:
        result = []
        for position, row in enumerate(self._array(name, length)):
            if not (isinstance(row, list) and len(row) == width):
                raise self._fail(name, f"row {position + 1} does not have {width} integers")
            a, b, c = row
            if not (isinstance(a, int) and isinstance(b, int) and isinstance(c, int)):
                raise self._fail(name, f"row {position + 1} does not hold integers")
            result.append((a, b, c))
        return result
