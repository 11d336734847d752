"""A person's agenda in one mission, as the web shows it, from the same data as the print.

The agenda comes from `documents.agenda.person_agenda`, exactly as `rencontre agenda`
builds it; but a page reads only what one person's agenda shows: the mission, her own
meetings (every status, so cancellations show), the people she meets and their
organisations' countries (for the language rule), never the whole mission's snapshot, so
that a page costs the same in a mission of thirty people or of three hundred. What a
participant gets on the web never holds anyone else's e-mail address: `for_participant`
takes the partners' addresses out of every meeting, in the entries and in the calendar
descriptions. Organisers see them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from rencontre.core.enums import Language
from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.documents.agenda import Agenda, AgendaEntry, person_agenda
from rencontre.store import accounts as store
from rencontre.store import repositories as repo


@dataclass(frozen=True)
class OwnSnapshot:
    """What one person's pages read of a mission: the mission and her own meetings."""

    mission: Mission
    meetings: tuple[Meeting, ...]  # hers only, every status, in the order stored


@dataclass(frozen=True)
class PersonInMission:
    """Someone with an agenda in a mission, and all it takes to build that agenda."""

    snapshot: OwnSnapshot
    person: Participant
    participant_id: int
    people: dict[str, Participant]  # she and everyone she has a meeting with, by e-mail
    countries: dict[str, str]  # organisation name -> country, for those people

    @property
    def takes_part(self) -> bool:
        """Still one of the mission's participants (not only someone with old meetings)."""
        return self.person.email in self.snapshot.mission.participants

    @property
    def language(self) -> Language:
        """The language the mission writes to this person in."""
        return self.snapshot.mission.language_for(self.person.languages)

    def agenda(self, language: Language | None = None) -> Agenda:
        """Their agenda, in `language` or their own."""
        return person_agenda(
            self.snapshot.mission,
            self.person,
            self.snapshot.meetings,
            self.people,
            language=language,
            countries=self.countries,
            with_programme=self.takes_part,
        )


def person_in_mission(
    session: Session, *, participant_id: int, mission_id: int
) -> PersonInMission | None:
    """Participant `participant_id` in mission `mission_id`, or None if they have no agenda
    there (unknown, or neither taking part nor meeting anyone in it)."""
    key = store.mission_key(session, mission_id)
    email = store.participant_email(session, participant_id)
    if key is None or email is None:
        return None
    mission = repo.get_mission(session, key)
    meetings = repo.meetings_of(session, key, email)
    if email not in mission.participants and not meetings:
        return None
    emails = {email} | {e for m in meetings for e in (m.requester, m.requested)}
    people = repo.participants_by_email(session, emails)
    countries = repo.organisation_countries(session, {p.organisation for p in people.values()})
    snapshot = OwnSnapshot(mission, meetings)
    return PersonInMission(snapshot, people[email], participant_id, people, countries)


def for_participant(agenda: Agenda) -> Agenda:
    """The agenda without the partners' e-mail addresses (what a participant may be given)."""
    return replace(agenda, entries=tuple(_without_email(agenda, e) for e in agenda.entries))


def _without_email(agenda: Agenda, entry: AgendaEntry) -> AgendaEntry:
    if not entry.is_meeting:
        return entry
    contact = f"{entry.partner} - {entry.partner_organisation}"
    spoken = entry.language.note(agenda.words)
    description = "\n".join(line for line in (contact, spoken) if line)
    return replace(entry, partner_email="", description=description)
