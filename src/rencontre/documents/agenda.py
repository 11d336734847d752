"""One person's agenda: their meetings interleaved with the programme items they attend.

A B2B session never appears as an event of its own (it would enclose the meetings in it);
it shows through the meetings placed in it. Every time is in the mission's time zone, and
every text is in the reader's language (`documents.i18n`): the mission's choice for them
(`Mission.language_for`) unless one is forced. Programme item titles and descriptions are
data and stay as given.

Cancelled meetings stay in the agenda, marked, because a calendar only learns that a meeting
is off from a re-sent file that still carries it (same UID, higher SEQUENCE,
`STATUS:CANCELLED`); see docs/calendars.md. The formats are in `agenda_text`, `agenda_ics`
and `agenda_page` (HTML and PDF).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from rencontre.core.enums import Language, MeetingStatus
from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission, ProgrammeItem
from rencontre.core.participant import Participant
from rencontre.documents.i18n import Words, words_for
from rencontre.documents.meeting_languages import LanguageRule, MeetingLanguage
from rencontre.services.mission_grid import attended_items

MEETING_KIND = "meeting"


@dataclass(frozen=True)
class AgendaEntry:
    """One event of an agenda; `partner` fields and `language` are set for meetings only."""

    start: datetime
    end: datetime
    title: str  # in the reader's language for a meeting; as given for a programme item
    kind: str  # MEETING_KIND or a programme item kind
    venue: str  # the venue's name
    table: int | None = None
    partner: str = ""
    partner_organisation: str = ""
    partner_email: str = ""
    #: iCalendar UID: the same in every attendee's file and across every change of the event.
    uid: str = ""
    #: iCalendar SEQUENCE, as stored: it grows only when the event itself changes.
    sequence: int = 0
    status: MeetingStatus = MeetingStatus.SCHEDULED
    #: What a printed agenda shows as the place: the venue's name and a meeting's table.
    place: str = ""
    #: Where to go, for a calendar: venue name, address and city (and the table of a meeting).
    location: str = ""
    description: str = ""
    #: The language the two people of a meeting share, or that they need an interpreter.
    language: MeetingLanguage = MeetingLanguage()

    @property
    def cancelled(self) -> bool:
        return self.status is MeetingStatus.CANCELLED

    @property
    def is_meeting(self) -> bool:
        return self.kind == MEETING_KIND


@dataclass(frozen=True)
class Agenda:
    """A person's agenda in one language, ready for any format."""

    mission: Mission
    person: Participant
    words: Words
    entries: tuple[AgendaEntry, ...]

    @property
    def language(self) -> Language:
        return self.words.language

    @property
    def empty(self) -> bool:
        """Nothing left to attend: no entry, or only cancelled meetings."""
        return all(e.cancelled for e in self.entries)


def person_agenda(
    mission: Mission,
    person: Participant,
    meetings: Sequence[Meeting],
    people: Mapping[str, Participant],
    *,
    language: Language | None = None,
    countries: Mapping[str, str] | None = None,
    with_programme: bool = True,
) -> Agenda:
    """Every event of `person` in time order, in the mission's time zone and their language.

    `meetings` may hold cancelled meetings: they come out as cancelled entries. `people`
    must hold every partner of `person` in `meetings`. `language` forces a language instead
    of the mission's choice for the person. `countries` (organisation name -> country) lets
    the language rule use the country of someone who declares no language.
    `with_programme=False` leaves the programme out, for someone who has meetings in the
    mission but is no longer one of its participants.
    """
    words = words_for(language or mission.language_for(person.languages))
    rule = LanguageRule(countries or {}, [str(code) for code in mission.languages])
    zone = ZoneInfo(mission.timezone)
    entries = [
        _meeting_entry(mission, meeting, person, people[meeting.partner_of(person.email)], zone,
                       words, rule)
        for meeting in meetings
        if meeting.involves(person.email)
    ]  # fmt: skip
    if with_programme:
        entries += [_item_entry(mission, item, zone) for item in attended_items(mission, person)]
    ordered = sorted(entries, key=lambda e: (e.start, e.end, e.uid))
    return Agenda(mission, person, words, tuple(ordered))


def build_agenda(
    mission: Mission,
    person: Participant,
    meetings: Sequence[Meeting],
    people: Mapping[str, Participant],
    *,
    with_programme: bool = True,
) -> list[AgendaEntry]:
    """The entries of `person_agenda`, in the person's language."""
    agenda = person_agenda(mission, person, meetings, people, with_programme=with_programme)
    return list(agenda.entries)


def _meeting_entry(
    mission: Mission,
    meeting: Meeting,
    person: Participant,
    partner: Participant,
    zone: ZoneInfo,
    words: Words,
    rule: LanguageRule,
) -> AgendaEntry:
    venue = mission.venue(meeting.venue)
    language = rule.between(person, partner)
    contact = f"{partner.full_name} - {partner.organisation} <{partner.email}>"
    spoken = language.note(words)
    return AgendaEntry(
        start=meeting.start.astimezone(zone),
        end=meeting.end.astimezone(zone),
        title=words.gettext(
            "B2B: %(partner)s (%(organisation)s)",
            partner=partner.full_name,
            organisation=partner.organisation,
        ),
        kind=MEETING_KIND,
        venue=venue.name,
        table=meeting.table,
        partner=partner.full_name,
        partner_organisation=partner.organisation,
        partner_email=partner.email,
        uid=meeting.uid,
        sequence=meeting.sequence,
        status=meeting.status,
        place=words.gettext("%(venue)s, table %(table)s", venue=venue.name, table=meeting.table),
        location=words.gettext(
            "%(venue)s, table %(table)s", venue=venue.location, table=meeting.table
        ),
        description="\n".join(line for line in (contact, spoken) if line),
        language=language,
    )


def _item_entry(mission: Mission, item: ProgrammeItem, zone: ZoneInfo) -> AgendaEntry:
    venue = mission.venue(item.venue)
    return AgendaEntry(
        start=item.start.astimezone(zone),
        end=item.end.astimezone(zone),
        title=item.title,
        kind=str(item.kind),
        venue=venue.name,
        uid=item.uid(mission.key),
        sequence=item.sequence,
        place=venue.name,
        location=venue.location,
        description=item.description,
    )


def overlapping(entries: Sequence[AgendaEntry]) -> list[tuple[AgendaEntry, AgendaEntry]]:
    """Pairs of consecutive live entries that overlap in time (an agenda must have none).

    A cancelled meeting takes no time: the slot it leaves may hold another event.
    """
    ordered = sorted((e for e in entries if not e.cancelled), key=lambda e: (e.start, e.end))
    return [(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if b.start < a.end]
