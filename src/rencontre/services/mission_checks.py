"""Everything wrong with a mission, before or after it is scheduled (`rencontre check`).

Errors mean the mission cannot run as stored: B2B sessions at the same time or with no
table, a person due at two programme items at once, an accepted request with someone from
outside the mission, stored meetings that break a rule. Warnings mean it can run, but not
as people expect: too little time to travel between two items, an item outside the
mission's dates, accepted meetings the scheduler cannot all place (said in times, through
`schedule_diagnostics`).
"""

from __future__ import annotations

from rencontre.core.enums import RequestStatus
from rencontre.scheduling.diagnostics import Diagnostic, DiagnosticKind
from rencontre.scheduling.prechecks import find_infeasibility_reasons
from rencontre.services.findings import Finding, FindingCode, format_findings, ordered
from rencontre.services.mission_data import MissionData, people_by_email
from rencontre.services.mission_schedule import (
    MissionNotSchedulable,
    MissionProblem,
    build_problem,
)
from rencontre.services.mission_wording import outsiders_text, person_text
from rencontre.services.programme_checks import check_programme, travel_shortfalls
from rencontre.services.schedule_diagnostics import describe_diagnostic
from rencontre.services.stored_meeting_checks import check_meetings

#: The finding each scheduling pre-check becomes (the solver's own verdicts never arise here).
CODE_OF_DIAGNOSTIC = {
    DiagnosticKind.MEETING_HAS_NO_SLOT: FindingCode.MEETING_HAS_NO_SLOT,
    DiagnosticKind.PARTICIPANT_OVERLOADED: FindingCode.PARTICIPANT_OVERLOADED,
    DiagnosticKind.SESSION_OVERFULL: FindingCode.SESSION_OVERFULL,
    DiagnosticKind.FIXED_MEETINGS_COLLIDE: FindingCode.FIXED_MEETINGS_COLLIDE,
    DiagnosticKind.SLOT_OVER_TABLES: FindingCode.SLOT_OVER_TABLES,
    DiagnosticKind.EVENT_OVER_TABLES: FindingCode.EVENT_OVER_TABLES,
    DiagnosticKind.PRECEDENCE_IMPOSSIBLE: FindingCode.PRECEDENCE_IMPOSSIBLE,
}


def check_mission(snapshot: MissionData) -> list[Finding]:
    """Every finding about the mission, errors first (a `MissionSnapshot` from the store)."""
    return ordered(
        [
            *check_programme(snapshot.mission, snapshot.participants),
            *requests_with_non_participants(snapshot),
            *check_meetings(snapshot),
            *scheduling_findings(snapshot),
        ]
    )


def check_travel(snapshot: MissionData) -> list[Finding]:
    """Only the travel warnings between programme items: what an import or a schedule shows."""
    return travel_shortfalls(snapshot.mission, snapshot.participants)


def travel_warning_lines(snapshot: MissionData) -> list[str]:
    """The travel warnings as `rencontre check` prints them, for `import` and `schedule`."""
    return format_findings(check_travel(snapshot))


def requests_with_non_participants(snapshot: MissionData) -> list[Finding]:
    """Accepted requests naming someone who is not a participant of the mission.

    Such a request can never be scheduled, and `rencontre schedule` refuses the mission
    until it is declined or the person joins.
    """
    people = people_by_email(snapshot)
    found = []
    for request in snapshot.requests:
        if request.status is not RequestStatus.ACCEPTED:
            continue
        outsiders = [e for e in (request.requester, request.requested) if e not in people]
        if outsiders:
            found.append(
                Finding(
                    FindingCode.REQUEST_WITH_NON_PARTICIPANT,
                    f"accepted request {person_text(request.requester, people)} → "
                    f"{person_text(request.requested, people)}: "
                    f"{outsiders_text(outsiders, snapshot.mission.key)}",
                    people=tuple(outsiders),
                    pairs=(request.pair,),
                )
            )
    return found


def scheduling_findings(snapshot: MissionData) -> list[Finding]:
    """Accepted meetings that no schedule can all place, from the scheduler's own pre-checks.

    Requests with someone from outside the mission are left out here (they are an error of
    their own); a mission the scheduler refuses outright (overlapping sessions, no slot)
    is reported by the programme checks, so it adds nothing here.
    """
    people = people_by_email(snapshot)
    requests = [r for r in snapshot.requests if r.requester in people and r.requested in people]
    try:
        mission_problem = build_problem(snapshot.mission, snapshot.participants, requests)
    except MissionNotSchedulable:
        return []
    return [
        _finding_of(mission_problem, d) for d in find_infeasibility_reasons(mission_problem.problem)
    ]


def _finding_of(mission_problem: MissionProblem, diagnostic: Diagnostic) -> Finding:
    requests = [mission_problem.requests[m] for m in diagnostic.meetings]
    pairs = tuple(r.pair for r in requests)
    if diagnostic.participant is not None:
        people: tuple[str, ...] = (mission_problem.emails[diagnostic.participant],)
    else:
        people = tuple(dict.fromkeys(e for r in requests for e in (r.requester, r.requested)))
    slot = mission_problem.grid.slots[diagnostic.slot] if diagnostic.slot is not None else None
    return Finding(
        CODE_OF_DIAGNOSTIC[diagnostic.kind],
        describe_diagnostic(mission_problem, diagnostic),
        people=people,
        pairs=pairs,
        venue=slot.venue if slot is not None else "",
        start=slot.start if slot is not None else None,
        end=slot.end if slot is not None else None,
        needed=diagnostic.needed,
        available=diagnostic.available,
    )
