"""A participant's own profile: what she edits, checked by the import's rules, saved at once.

She edits her organisation's descriptions (French, Dutch, English) and value-chain segments,
its offers and needs (Enterprise Europe Network opportunity types, with their text), the
languages she speaks and when she can meet during her mission. Her name, e-mail and the
rest of her organisation's record stay as the organisers stored them.

Every value goes through the rules an import applies to the same columns
(`rencontre.exchange.parse`, `rencontre.exchange.cells`, `rencontre.exchange.checks`): the
form is turned into the rows an import file would hold, and those rows are read as an import
reads them. A refusal is `InvalidInput` whose problems name the form's fields (`segments`,
`opportunity-2-title`, `window-1`…; None for a stored value she cannot edit) with the import's
reason, and nothing is written: everything is stored in the caller's one transaction, after
every check has passed.

Two colleagues share their organisation's texts: the last save wins for the descriptions and
the segments. Offers and needs change one by one (edited, removed or added by the form's
entries), so a colleague's offer added meanwhile is kept.

Availability is the person's, for every mission (`Participant.availability`; none means
available throughout); the form shows the part inside this mission: "throughout the mission",
or windows of one day each (a day of the mission, a start and an end in its time zone).
Windows outside the mission are kept as they are; those inside it that span several days are
kept too unless she chooses "throughout". Since one window anywhere makes a person
unavailable everywhere else, "throughout" with windows kept in other missions stores one
window covering this whole mission.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.mission import Mission
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant, TimeWindow
from rencontre.exchange import parse
from rencontre.exchange.cells import INTERVAL_SEPARATOR, RowReader
from rencontre.exchange.checks import check_found
from rencontre.exchange.columns import (
    DESCRIPTION_COLUMNS,
    opportunity_row,
    organisation_row,
    participant_row,
)
from rencontre.exchange.found import Found, Located
from rencontre.exchange.zones import LocalZone, TimeZones
from rencontre.store import profile_edits as stored
from rencontre.store import repositories as repo

#: Where the values come from, as an import names its files.
PROFILE_FORM = "profile form"
#: What a new offer's or need's reference starts with (the rest is random).
NEW_REFERENCE_PREFIX = "WEB-"

T = TypeVar("T")


class Availability(StrEnum):
    """How she answers "when can you meet?"."""

    THROUGHOUT = "throughout"
    AT_TIMES = "times"


@dataclass(frozen=True)
class OpportunityEntry:
    """One offer or need as the form holds it; `reference` is empty for a new one."""

    reference: str = ""
    type: str = ""
    title: str = ""
    description: str = ""
    language: str = ""
    remove: bool = False

    @property
    def is_blank(self) -> bool:
        """A new entry left empty: nothing to add."""
        return not self.reference and not (self.title.strip() or self.description.strip())


@dataclass(frozen=True)
class WindowEntry:
    """One time window as the form holds it: a day (`YYYY-MM-DD`), a start and an end
    (`HH:MM`), in the mission's time zone."""

    day: str = ""
    start: str = ""
    end: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.start.strip() or self.end.strip())


@dataclass(frozen=True)
class ProfileForm:
    """Everything she may edit, as typed (texts, so that a bad value can be shown again)."""

    descriptions: Mapping[Language, str] = field(default_factory=dict)
    segments: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    opportunities: tuple[OpportunityEntry, ...] = ()
    availability: str = Availability.THROUGHOUT.value
    windows: tuple[WindowEntry, ...] = ()


@dataclass(frozen=True)
class EditableProfile:
    """Her profile as stored, and as the form shows it."""

    mission: Mission
    participant: Participant
    organisation: Organisation
    opportunities: tuple[Opportunity, ...]  # her organisation's
    #: Windows inside the mission that span several days: kept, shown but not edited.
    kept_windows: tuple[TimeWindow, ...]
    form: ProfileForm

    @property
    def days(self) -> tuple[date, ...]:
        return mission_days(self.mission)

    @property
    def language(self) -> Language:
        """The language the mission writes to her in."""
        return self.mission.language_for(self.participant.languages)


class ProfileNotFound(LookupError):
    """No such participant, organisation or mission (any more)."""


def mission_days(mission: Mission) -> tuple[date, ...]:
    count = (mission.end_date - mission.start_date).days + 1
    return tuple(mission.start_date + timedelta(days=n) for n in range(count))


def mission_span(mission: Mission) -> TimeWindow:
    """From the mission's first midnight to the midnight after its last day, in its zone."""
    zone = ZoneInfo(mission.timezone)
    start = datetime.combine(mission.start_date, time(), zone)
    end = datetime.combine(mission.end_date + timedelta(days=1), time(), zone)
    return TimeWindow(start, end)


@dataclass(frozen=True)
class _Windows:
    """A person's windows seen from one mission."""

    elsewhere: tuple[TimeWindow, ...]  # outside the mission
    one_day: tuple[TimeWindow, ...]  # inside it, each within one of its days
    several_days: tuple[TimeWindow, ...]  # inside it, across midnight
    throughout: bool  # nothing limits her during the mission


def _windows(participant: Participant, mission: Mission) -> _Windows:
    span, zone = mission_span(mission), ZoneInfo(mission.timezone)
    inside = [w for w in participant.availability if w.overlaps(span)]
    elsewhere = tuple(w for w in participant.availability if not w.overlaps(span))
    one_day = tuple(w for w in inside if _local_day(w.start, zone) == _local_day(w.end, zone))
    several = tuple(w for w in inside if w not in one_day)
    throughout = not participant.availability or any(w.contains(span) for w in inside)
    return _Windows(elsewhere, one_day, several, throughout)


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def editable_profile(session: Session, *, mission: str, email: str) -> EditableProfile:
    """Her profile in `mission`; ProfileNotFound when she or her organisation is gone."""
    person = stored.participant(session, email)
    if person is None:
        raise ProfileNotFound(email)
    organisation = stored.organisation(session, person.organisation)
    if organisation is None:
        raise ProfileNotFound(person.organisation)
    try:
        found = repo.get_mission(session, mission)
    except repo.MissionNotFound as error:
        raise ProfileNotFound(mission) from error
    opportunities = stored.organisation_opportunities(session, organisation.name)
    windows = _windows(person, found)
    zone = ZoneInfo(found.timezone)
    form = ProfileForm(
        descriptions={language: organisation.description(language) for language in Language},
        segments=organisation.segments,
        languages=tuple(language.value for language in person.languages),
        opportunities=tuple(
            OpportunityEntry(o.reference, o.type.value, o.title, o.description, o.language.value)
            for o in opportunities
        ),
        availability=(Availability.THROUGHOUT if windows.throughout else Availability.AT_TIMES),
        windows=()
        if windows.throughout
        else tuple(
            WindowEntry(
                w.start.astimezone(zone).date().isoformat(),
                f"{w.start.astimezone(zone):%H:%M}",
                f"{w.end.astimezone(zone):%H:%M}",
            )
            for w in sorted(windows.one_day, key=lambda w: w.start)
        ),
    )
    kept = () if windows.throughout else windows.several_days
    return EditableProfile(found, person, organisation, opportunities, kept, form)


def save_profile(session: Session, *, mission: str, email: str, form: ProfileForm) -> None:
    """Check every value of `form` as an import would, then store them all.

    Raise InvalidInput (every problem, each naming its form field) and write nothing when a
    value is refused; ProfileNotFound when she, her organisation or the mission is gone.
    """
    profile = editable_profile(session, mission=mission, email=email)
    zones = TimeZones.of([profile.mission])
    problems: list[Problem] = []

    organisation_reader = RowReader(PROFILE_FORM, None, _organisation_cells(profile, form))
    organisation = parse.organisation(organisation_reader, zones)
    problems += _on_form(organisation_reader.problems, _ORGANISATION_FIELDS)

    person_reader = RowReader(PROFILE_FORM, None, _participant_cells(profile, form))
    person = parse.participant(person_reader, zones)
    problems += _on_form(person_reader.problems, {"languages": "languages"})
    windows, window_problems = _read_windows(profile, form)
    problems += window_problems
    person = replace(person, availability=windows)

    kept, removed, entries_problems = _read_opportunities(session, profile, form, zones)
    problems += entries_problems

    found = Found(
        organisations=[_located("organisations", 1, organisation, organisation_reader)],
        participants=[_located("participants", 1, person, person_reader)],
        opportunities=kept,
    )
    existing = Dataset(
        organisations=(profile.organisation,),
        participants=(profile.participant,),
        missions=(profile.mission,),
    )
    if not problems:  # a refused row's references are not worth checking
        problems += _on_form(check_found(found, existing, update=True), {})
    if problems:
        raise InvalidInput(problems)
    stored.save_profile(
        session,
        organisation=organisation,
        participant=person,
        opportunities=[located.value for located in kept],
        removed=removed,
    )


# Organisation and participant: their stored row, with what the form changes. -------------

_ORGANISATION_FIELDS = {
    "segments": "segments",
    **{column: column for column in DESCRIPTION_COLUMNS.values()},
}


def _organisation_cells(profile: EditableProfile, form: ProfileForm) -> dict[str, object]:
    cells: dict[str, object] = dict(organisation_row(profile.organisation))
    for language, column in DESCRIPTION_COLUMNS.items():
        cells[column] = form.descriptions.get(language, "")
    cells["segments"] = list(form.segments)
    return cells


def _participant_cells(profile: EditableProfile, form: ProfileForm) -> dict[str, object]:
    cells: dict[str, object] = dict(participant_row(profile.participant))
    # Her order of preference stays: languages kept first, as stored, then new ones.
    before = [language.value for language in profile.participant.languages]
    chosen = list(dict.fromkeys(value.strip().lower() for value in form.languages))
    cells["languages"] = [v for v in before if v in chosen] + [v for v in chosen if v not in before]
    cells["availability"] = ""  # read window by window (`_read_windows`), to name the line
    return cells


def _located(file: str, row: int, value: T, reader: RowReader) -> Located[T]:
    """`value` as an import holds a row it read, refused when `reader` found problems."""
    return Located(file, row, value, frozenset(p.field for p in reader.problems), reader.cells)


# Availability ---------------------------------------------------------------------------


def _read_windows(
    profile: EditableProfile, form: ProfileForm
) -> tuple[tuple[TimeWindow, ...], list[Problem]]:
    """Her windows after the form: those it does not show, and its lines read as the
    import reads an `availability` cell (in the mission's time zone)."""
    windows = _windows(profile.participant, profile.mission)
    if form.availability == Availability.THROUGHOUT:
        # Windows elsewhere would make her unavailable here: cover the mission.
        cover = (mission_span(profile.mission),) if windows.elsewhere else ()
        return tuple(sorted((*windows.elsewhere, *cover), key=_start)), []
    if form.availability != Availability.AT_TIMES:
        reason = f"expected {Availability.THROUGHOUT.value!r} or {Availability.AT_TIMES.value!r}"
        return (), [Problem(PROFILE_FORM, None, "availability", reason)]
    days = {day.isoformat() for day in profile.days}
    zone = LocalZone(profile.mission.timezone)
    problems: list[Problem] = []
    read: list[TimeWindow] = []
    for number, entry in enumerate(form.windows):
        if entry.is_blank:
            continue
        name = f"window-{number}"
        if entry.day not in days:
            reason = f"{entry.day!r} is not a day of mission {profile.mission.key!r}"
            problems.append(Problem(PROFILE_FORM, None, name, reason))
            continue
        if not (entry.start.strip() and entry.end.strip()):
            problems.append(Problem(PROFILE_FORM, None, name, "a start and an end are needed"))
            continue
        cell = (
            f"{entry.day}T{entry.start.strip()}{INTERVAL_SEPARATOR}{entry.day}T{entry.end.strip()}"
        )
        reader = RowReader(PROFILE_FORM, None, {"availability": cell}, local_zone=zone)
        read += reader.windows("availability")
        problems += [replace(p, field=name) for p in reader.problems]
    if not read and not windows.several_days and not problems:
        reason = "no time given: give at least one, or choose the whole mission"
        problems.append(Problem(PROFILE_FORM, None, "availability", reason))
    every = (*windows.elsewhere, *windows.several_days, *read)
    return tuple(sorted(every, key=_start)), problems


def _start(window: TimeWindow) -> datetime:
    return window.start


# Offers and needs -----------------------------------------------------------------------

_OPPORTUNITY_FIELDS = ("type", "title", "description", "language")


def _read_opportunities(
    session: Session, profile: EditableProfile, form: ProfileForm, zones: TimeZones
) -> tuple[list[Located[Opportunity]], set[str], list[Problem]]:
    """The offers and needs to store, the references to delete,
    and the problems, each on its entry's field.

    An entry naming an offer that is not her organisation's (removed by a colleague
    meanwhile, or never hers) is left out: it changes nothing.
    """
    theirs = {o.reference: o for o in profile.opportunities}
    new_references = _new_references(
        session, sum(1 for e in form.opportunities if not e.reference and not e.is_blank)
    )
    kept: list[Located[Opportunity]] = []
    removed: set[str] = set()
    problems: list[Problem] = []
    for number, entry in enumerate(form.opportunities):
        if entry.reference and entry.reference not in theirs:
            continue
        if entry.remove and entry.reference:
            removed.add(entry.reference)
            continue
        if entry.is_blank:
            continue
        cells: dict[str, object] = (
            dict(opportunity_row(theirs[entry.reference]))
            if entry.reference
            else {"reference": new_references.pop(), "organisation": profile.organisation.name}
        )
        cells |= {
            "type": entry.type,
            "title": entry.title,
            "description": entry.description,
            "language": entry.language,
        }
        reader = RowReader(PROFILE_FORM, number, cells)
        value = parse.opportunity(reader, zones)
        fields = {name: f"opportunity-{number}-{name}" for name in _OPPORTUNITY_FIELDS}
        problems += _on_form(reader.problems, fields)
        kept.append(_located("opportunities", number + 1, value, reader))
    return kept, removed, problems


def _new_references(session: Session, count: int) -> list[str]:
    """`count` references no stored opportunity has."""
    while True:
        wanted = {f"{NEW_REFERENCE_PREFIX}{secrets.token_hex(5).upper()}" for _ in range(count)}
        if len(wanted) == count and not stored.stored_references(session, wanted):
            return sorted(wanted)


def _on_form(problems: Sequence[Problem], fields: Mapping[str, str]) -> list[Problem]:
    """`problems` with each field renamed as the form names it; None for a field the form
    does not have (a stored value she cannot edit)."""
    return [
        replace(p, file=PROFILE_FORM, row=None, field=fields.get(p.field or "")) for p in problems
    ]
