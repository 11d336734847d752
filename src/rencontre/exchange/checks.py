"""Checks across rows and files: duplicates, and references to what exists.

What exists is what the same import brings plus what is already stored (`existing`). These
checks run on every row that could be read, refused or not, so that one run reports every
problem; they avoid repeating a problem already reported:

- a refused row still exists: a reference to it is not "unknown" and a later row with the same
  key is its duplicate (its country may be wrong, not its name);
- but what a refused row says is not trusted: a request is not checked against the
  participants or venues of a refused mission;
- a field already reported on a row is not checked again (a malformed e-mail address is not
  also an unknown participant; a row without a name is nobody's duplicate);
- references into a kind whose file could not be read (unreadable, bad header, no known kind)
  are not checked: nobody can tell what that file holds.

Keys: an organisation's name (its spellings that differ only by apostrophes, spaces or
capitals are one name: `rencontre.exchange.names.same_name`), a participant's e-mail, an
opportunity's reference, a mission's key, a request's (mission, requester, requested), a
meeting's mission and unordered pair of people. A key given twice is refused. A stored key
is refused by a plain import and updates the stored record under `--update`, except a
meeting's: a schedule changes through the scheduler, so under `--update` a meeting row must
be identical to its pair's stored meeting (it then changes nothing). A request in the other
direction of a stored one (B → A for A → B) is not a duplicate: the two are merged
(`rencontre.exchange.request_pairs`), unless the stored one is already merged.

Meetings and outcomes are also checked against what they name, stored or imported alike:

- a meeting's table must be one its venue has (1 to the venue's `tables`; a venue with no
  tables has none), and its start must fall inside one of its mission's B2B sessions (start
  included, end excluded), since the B2B grid is cut from those sessions; both only against a
  mission whose row was accepted, the table only at a known venue;
- an outcome's pair (in either order) must have a meeting or a meeting request in its
  mission, refused rows included; not checked when a meetings or meeting requests file could
  not be read, nor when the outcome's mission or people are already reported.

A reference that names nothing gets the closest known names as suggestions ("did you mean
'Borne O Recharge'?"). People named in rows of a mission whose `participants` list is empty
are not reported row by row: the mission gets one problem saying its list is empty, located
on its `missions.json` row (or, for a stored mission, on the first row naming it), since
that is the one thing to fix.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from rencontre.core.dataset import Dataset
from rencontre.core.errors import Problem
from rencontre.core.meeting import Meeting, MeetingRequest, Outcome
from rencontre.core.mission import Mission, Venue
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.core.wording import counted
from rencontre.exchange.found import Found, Located
from rencontre.exchange.meeting_outcome_checks import meeting_outcome_problems
from rencontre.exchange.names import did_you_mean, same_name

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

#: What a refusal of a stored record suggests: stored records change with `--update`.
UPDATE_HINT = "to change it, use rencontre import --update"
#: Why a stored meeting is not changed by a file: schedules are the scheduler's.
MEETING_HINT = "meetings change through rencontre schedule"


def _duplicates(
    items: Iterable[Located[T]],
    key: str,
    key_of: Callable[[T], K],
    stored: Mapping[K, str],
    key_fields: tuple[str, ...] = (),
    show: Callable[[K], str] | None = None,
) -> list[Problem]:
    """A problem on `key` for each item whose key is stored or given before it.

    `stored` maps each stored key to the reason a row with that key is refused. Items with a
    problem on `key` or on one of `key_fields` (the cells the key is made of) take no part.
    """
    problems = []
    first: dict[K, Located[T]] = {}
    for item in items:
        if any(item.has_problem_on(f) for f in (key, *key_fields)):
            continue
        value = key_of(item.value)
        if value in stored:
            problems.append(item.problem(key, stored[value]))
        elif value in first:
            shown = _show(value) if show is None else show(value)
            problems.append(item.problem(key, f"{shown} is also in {first[value].where}"))
        else:
            first[value] = item
    return problems


def _show(value: Hashable) -> str:
    return " → ".join(value) if isinstance(value, tuple) else repr(value)


def _in_database(keys: Iterable[K]) -> dict[K, str]:
    return {key: f"{_show(key)} is already in the database ({UPDATE_HINT})" for key in keys}


def _stored_requests(requests: Iterable[MeetingRequest]) -> dict[tuple[str, str, str], str]:
    """Why a request row naming a stored request is refused (a plain import adds only).

    A merged request holds both directions, so its reverse direction is stored too.
    """
    stored = _in_database(_pair_key(r) for r in requests)
    for request in requests:
        if request.is_merged:
            reverse = (request.mission, request.requested, request.requester)
            into = f"{request.requester} → {request.requested}"
            reason = f"{_show(reverse)} is already in the database, merged into the request "
            stored.setdefault(reverse, f"{reason}{into} ({UPDATE_HINT})")
    return stored


#: A mission's key and an unordered pair of e-mails: what identifies a meeting.
_Met = tuple[str, frozenset[str]]


def _meeting_pair(value: Meeting | MeetingRequest | Outcome) -> _Met:
    return (value.mission, frozenset((value.requester, value.requested)))


def _show_meeting(pair: _Met) -> str:
    first, second = sorted(pair[1])
    return f"the meeting of {first} and {second} in mission {pair[0]!r}"


def check_found(found: Found, existing: Dataset, *, update: bool = False) -> list[Problem]:
    """Every duplicate and every dangling reference in `found`, given what is stored.

    A plain import refuses a record whose key is stored; with `update`, such a row changes
    the stored record. Meetings are never updated from files: a row for a pair that already
    has a meeting in the mission is refused, under `update` only when it differs from it.
    """
    problems: list[Problem] = []
    pair = _pair_key
    stored_pairs = {} if update else _stored_requests(existing.meeting_requests)

    def stored(keys: Iterable[str]) -> dict[str, str]:
        return {} if update else _in_database(keys)

    problems += _name_duplicates(
        found.organisations, [] if update else [o.name for o in existing.organisations]
    )
    problems += _duplicates(
        found.participants,
        "email",
        lambda p: p.email,
        stored(p.email for p in existing.participants),
    )
    problems += _duplicates(
        found.opportunities,
        "reference",
        lambda o: o.reference,
        stored(o.reference for o in existing.opportunities),
    )
    problems += _duplicates(
        found.missions, "key", lambda m: m.key, stored(m.key for m in existing.missions)
    )
    pair_fields = ("mission", "requester")
    problems += _duplicates(found.meeting_requests, "requested", pair, stored_pairs, pair_fields)
    stored_meetings = (
        {}
        if update
        else {
            _meeting_pair(m): f"{_show_meeting(_meeting_pair(m))} is already in the database "
            f"({MEETING_HINT})"
            for m in existing.meetings
        }
    )
    problems += _duplicates(
        found.meetings, "requested", _meeting_pair, stored_meetings, pair_fields, _show_meeting
    )
    if update:
        problems += _changed_meetings(found.meetings, existing)

    organisations = {o.name for o in existing.organisations}
    organisations |= {o.value.name for o in found.organisations}
    people = {p.email: p.full_name for p in existing.participants}
    people |= {p.value.email: p.value.full_name for p in found.participants}
    # None: the mission exists, but its row was refused, so its content is not trusted.
    missions: dict[str, Mission | None] = {m.key: m for m in existing.missions}
    missions |= {m.value.key: m.value if m.accepted else None for m in found.missions}

    owned_items: list[Located[Participant] | Located[Opportunity]] = [
        *found.participants,
        *found.opportunities,
    ]
    for owned in owned_items if found.is_complete("organisations") else ():
        name = owned.value.organisation
        if name and name not in organisations and not owned.has_problem_on("organisation"):
            reason = f"unknown organisation {name!r}{did_you_mean(name, organisations)}"
            problems.append(owned.problem("organisation", reason))
    references = _References(
        missions,
        people if found.is_complete("participants") else None,
        found.is_complete("missions"),
    )
    for mission in found.missions:
        problems += _mission_people(mission, references.people)
    for request in found.meeting_requests:
        problems += references.of(request)
    for meeting in found.meetings:
        reported = references.of(meeting)
        of_meeting = missions.get(meeting.value.mission)
        problems += reported + _meeting_place(_noting(meeting, reported), of_meeting)
    met = _met_pairs(found, existing)
    for outcome in found.outcomes:
        reported = references.of(outcome)
        problems += reported
        if met is not None and outcome.value.mission in missions:
            problems += _outcome_pair(_noting(outcome, reported), met)
    problems += meeting_outcome_problems(found, existing)
    return problems + references.empty_missions(found.missions)


def _name_duplicates(
    rows: Iterable[Located[Organisation]], stored_names: Iterable[str]
) -> list[Problem]:
    """A problem on `name` for each organisation whose name, however spelt, is stored or
    given before it (`stored_names` are the stored names a row may not repeat)."""
    stored = {same_name(name): name for name in stored_names}
    first: dict[str, Located[Organisation]] = {}
    problems = []
    for row in rows:
        if row.has_problem_on("name"):
            continue
        name = row.value.name
        key = same_name(name)
        if key in stored:
            reason = f"{name!r} is already in the database{_spelt(name, stored[key])}"
            problems.append(row.problem("name", f"{reason} ({UPDATE_HINT})"))
        elif key in first:
            earlier = first[key]
            spelt = _spelt(name, earlier.value.name)
            reason = f"{name!r} is also in {earlier.where}{f' ({spelt.strip()})' if spelt else ''}"
            problems.append(row.problem("name", reason))
        else:
            first[key] = row
    return problems


def _spelt(name: str, other: str) -> str:
    return "" if name == other else f" as {other!r}"


def same_meeting(first: Meeting, second: Meeting) -> bool:
    """Whether two meetings of one pair are at the same time and place, in the same status."""
    return (first.start, first.end, first.venue, first.table, first.status) == (
        second.start, second.end, second.venue, second.table, second.status
    )  # fmt: skip


def _changed_meetings(rows: Iterable[Located[Meeting]], existing: Dataset) -> list[Problem]:
    """Under `--update`: a meeting row whose pair has a different stored meeting.

    A row identical to the stored meeting is accepted and changes nothing, so that a whole
    exported folder can be imported back with `--update`.
    """
    stored = {_meeting_pair(m): m for m in existing.meetings}
    zones = {m.key: ZoneInfo(m.timezone) for m in existing.missions}
    problems = []
    for row in rows:
        old = stored.get(_meeting_pair(row.value))
        if old is None or not row.accepted or same_meeting(old, row.value):
            continue
        start, end = (
            old.start.astimezone(zones[old.mission]),
            old.end.astimezone(zones[old.mission]),
        )
        reason = (
            f"{_show_meeting(_meeting_pair(old))} is stored as {_span(start, end)} at "
            f"{old.venue!r}, table {old.table} ({old.status.value}); {MEETING_HINT}"
        )
        problems.append(row.problem("requested", reason))
    return problems


def _noting(item: Located[T], problems: list[Problem]) -> Located[T]:
    """`item` with the fields of `problems` counted as reported too."""
    return replace(item, reported=item.reported | {p.field for p in problems})


def _pair_key(value: MeetingRequest | Meeting) -> tuple[str, str, str]:
    return (value.mission, value.requester, value.requested)


def _mission_people(mission: Located[Mission], people: Mapping[str, str] | None) -> list[Problem]:
    """Unknown participants and audience members of `mission` (none when `people` is None)."""
    if people is None:
        return []
    emails = [
        (f"participants[{position}]", email)
        for position, email in enumerate(mission.value.participants, start=1)
    ]
    for number, item in enumerate(mission.value.programme, start=1):
        emails += [
            (f"programme[{number}].audience[{position}]", email)
            for position, email in enumerate(item.audience, start=1)
        ]
    return [
        mission.problem(where, _unknown_person(email, people))
        for where, email in emails
        if email not in people and not mission.has_problem_on(where)
    ]


def _unknown_person(email: str, people: Mapping[str, str]) -> str:
    """ "unknown participant 'x'", with the closest known e-mails and their names."""
    return f"unknown participant {email!r}{did_you_mean(email, people, people)}"


_PairRow = Located[MeetingRequest] | Located[Meeting] | Located[Outcome]


@dataclass
class _References:
    """Checks what rows naming a pair of people refer to, and notes the missions whose
    `participants` list is empty while rows name people in them."""

    #: None: the mission exists, but its row was refused, so its content is not trusted.
    missions: Mapping[str, Mission | None]
    #: e-mail → full name; None when the participants are not all known (a file unread).
    people: Mapping[str, str] | None
    missions_complete: bool
    #: mission key → the rows that name people in it although it lists nobody.
    naming_empty: dict[str, list[_PairRow]] = field(default_factory=dict)

    def of(self, item: _PairRow) -> list[Problem]:
        """Unknown missions, participants and venues of one row naming a pair of people.

        Participation and venues are checked only against a mission whose row was accepted.
        """
        value = item.value
        problems = []
        known = value.mission in self.missions or not self.missions_complete
        if not known and not item.has_problem_on("mission"):
            meant = did_you_mean(value.mission, self.missions)
            reason = f"unknown mission {value.mission!r}{meant}"
            problems.append(item.problem("mission", reason))
        mission = self.missions.get(value.mission)
        for field_name in ("requester", "requested"):
            email = getattr(value, field_name)
            if item.has_problem_on(field_name):
                continue
            if self.people is not None and email not in self.people:
                problems.append(item.problem(field_name, _unknown_person(email, self.people)))
            elif mission is not None and not mission.participants:
                rows = self.naming_empty.setdefault(mission.key, [])
                if item not in rows:
                    rows.append(item)
            elif mission is not None and email not in mission.participants:
                reason = f"{email!r} does not take part in mission {mission.key!r}"
                problems.append(item.problem(field_name, reason))
        venues = [] if mission is None else [v.key for v in mission.venues]
        if (
            isinstance(value, Meeting)
            and mission is not None
            and not item.has_problem_on("venue")
            and value.venue not in venues
        ):
            suggestion = did_you_mean(value.venue, venues)
            reason = f"unknown venue {value.venue!r} in mission {mission.key!r}{suggestion}"
            problems.append(item.problem("venue", reason))
        return problems

    def empty_missions(self, imported: Iterable[Located[Mission]]) -> list[Problem]:
        """One problem per mission that lists no participants while rows name people in it."""
        rows_of = {row.value.key: row for row in imported if row.accepted}
        problems = []
        for key, rows in self.naming_empty.items():
            reason = (
                f"mission {key!r} lists no participants: add their e-mails to its "
                f"`participants` list ({counted(len(rows), 'row')} of this import name "
                "people in it)"
            )
            if key in rows_of:
                problems.append(rows_of[key].problem("participants", reason))
            else:  # a stored mission: say so where the first row names it
                stored = f"{reason}; import its missions.json with --update"
                problems.append(rows[0].problem("mission", stored))
        return problems


def _meeting_place(item: Located[Meeting], mission: Mission | None) -> list[Problem]:
    """A table its venue does not have, a start outside every B2B session of `mission`.

    Nothing is checked against a mission that is unknown or whose row was refused (None).
    """
    if mission is None:
        return []
    meeting = item.value
    problems = []
    venues = {v.key: v for v in mission.venues}
    venue = venues.get(meeting.venue)
    checkable = not (item.has_problem_on("venue") or item.has_problem_on("table"))
    if venue is not None and checkable and not 1 <= meeting.table <= venue.tables:
        problems.append(item.problem("table", _tables_reason(venue, meeting.table)))
    sessions = mission.b2b_sessions
    if not item.has_problem_on("start") and not any(
        s.start <= meeting.start < s.end for s in sessions
    ):
        problems.append(item.problem("start", _sessions_reason(mission, meeting.start)))
    return problems


def _tables_reason(venue: Venue, table: int) -> str:
    if venue.tables < 1:
        return f"venue {venue.key!r} has no B2B tables"
    if venue.tables == 1:
        return f"venue {venue.key!r} has only table 1, got {table}"
    return f"venue {venue.key!r} has tables 1 to {venue.tables}, got {table}"


def _sessions_reason(mission: Mission, start: datetime) -> str:
    if not mission.b2b_sessions:
        return f"mission {mission.key!r} has no B2B session"
    zone = ZoneInfo(mission.timezone)
    spans = ", ".join(
        _span(s.start.astimezone(zone), s.end.astimezone(zone)) for s in mission.b2b_sessions
    )
    return (
        f"{start.isoformat()} is in no B2B session of mission {mission.key!r} "
        f"({mission.timezone} time: {spans})"
    )


def _span(start: datetime, end: datetime) -> str:
    """`2027-04-06 14:30–17:30`, or both dates when the span crosses midnight."""
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
    return f"{start:%Y-%m-%d %H:%M}–{until}"


def _met_pairs(found: Found, existing: Dataset) -> set[_Met] | None:
    """The pairs with a meeting or a request, stored or imported (None: a file was unread)."""
    if not (found.is_complete("meetings") and found.is_complete("meeting_requests")):
        return None
    rows: list[Meeting | MeetingRequest] = [
        *existing.meetings,
        *existing.meeting_requests,
        *(m.value for m in found.meetings),
        *(r.value for r in found.meeting_requests),
    ]
    return {(r.mission, frozenset((r.requester, r.requested))) for r in rows}


def _outcome_pair(item: Located[Outcome], met: set[_Met]) -> list[Problem]:
    """A problem when the outcome's pair never had a meeting or a request in its mission."""
    value = item.value
    if any(item.has_problem_on(f) for f in ("mission", "requester", "requested")):
        return []
    if (value.mission, frozenset((value.requester, value.requested))) in met:
        return []
    reason = (
        f"{value.requester!r} and {value.requested!r} have no meeting and no meeting request "
        f"in mission {value.mission!r}"
    )
    return [item.problem("requested", reason)]
