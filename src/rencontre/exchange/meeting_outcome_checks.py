"""Checks of imported meeting outcomes against what they name, stored or imported alike.

A meeting outcome names a mission, the person who recorded it and their partner: the
mission must exist, both people too, and the two must have a meeting in that mission that
was not cancelled (an outcome hangs on its meeting). One person's outcome of one meeting is
given at most once per import. As for the other kinds (`rencontre.exchange.checks`), a field
already reported on a row is not checked again, and references into a kind whose file could
not be read are not checked.
"""

from __future__ import annotations

from rencontre.core.dataset import Dataset
from rencontre.core.enums import MeetingStatus
from rencontre.core.errors import Problem
from rencontre.core.meeting import Meeting
from rencontre.core.meeting_outcome import MeetingOutcome
from rencontre.exchange.found import Found, Located
from rencontre.exchange.names import did_you_mean


def meeting_outcome_problems(found: Found, existing: Dataset) -> list[Problem]:
    """The problems of the meeting outcomes of `found`, row by row."""
    missions = {m.key for m in existing.missions} | {m.value.key for m in found.missions}
    people = {p.email for p in existing.participants} | {p.value.email for p in found.participants}
    meetings: dict[tuple[str, frozenset[str]], Meeting] = {
        (m.mission, m.pair): m for m in existing.meetings
    }
    meetings |= {(m.value.mission, m.value.pair): m.value for m in found.meetings}
    problems: list[Problem] = []
    first: dict[tuple[str, str, str], Located[MeetingOutcome]] = {}
    for row in found.meeting_outcomes:
        outcome = row.value
        unknown = _references(row, missions, people, found)
        problems += unknown
        named = ("mission", "participant", "partner")
        if unknown or any(row.has_problem_on(f) for f in named) or outcome.mission not in missions:
            continue
        if outcome.key in first:
            problems.append(row.problem("partner", f"also given in {first[outcome.key].where}"))
            continue
        first[outcome.key] = row
        if not found.is_complete("meetings"):
            continue
        meeting = meetings.get((outcome.mission, frozenset((outcome.participant, outcome.partner))))
        if meeting is None:
            reason = (
                f"{outcome.participant} and {outcome.partner} have no meeting in mission "
                f"{outcome.mission!r}"
            )
            problems.append(row.problem("partner", reason))
        elif meeting.status is MeetingStatus.CANCELLED:
            reason = f"the meeting of {outcome.participant} and {outcome.partner} was cancelled"
            problems.append(row.problem("partner", reason))
    return problems


def _references(
    row: Located[MeetingOutcome], missions: set[str], people: set[str], found: Found
) -> list[Problem]:
    outcome = row.value
    problems = []
    if found.is_complete("missions") and not row.has_problem_on("mission"):
        if outcome.mission and outcome.mission not in missions:
            reason = f"unknown mission {outcome.mission!r}{did_you_mean(outcome.mission, missions)}"
            problems.append(row.problem("mission", reason))
    if found.is_complete("participants"):
        for field, email in (("participant", outcome.participant), ("partner", outcome.partner)):
            if email and email not in people and not row.has_problem_on(field):
                problems.append(row.problem(field, f"unknown participant {email!r}"))
    return problems
