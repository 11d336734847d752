"""Which time zone a date-time without a UTC offset is read in, and written in.

Organisers type `2027-04-06 10:00`, and Excel gives date-time cells without any zone: the
time is meant where the mission takes place. So a time without an offset is read in the time
zone of the mission the row belongs to:

- a mission's programme and table changes: the mission's own `timezone`;
- a meeting or an outcome: its `mission`'s;
- a participant's availability: the time zone of the missions that list them, when they all
  share one; a person no mission lists yet takes the one time zone all known missions share,
  or Europe/Paris (a mission's default) when there is no mission at all.

Where that leaves several zones (a person in missions in Paris and in Lisbon, or listed in no
mission while the missions use several), the time is refused and the offset must be written:
guessing would move someone by an hour without a word. Exported times use the same zones, with
their offsets, so that a file reads as the organiser thinks of the mission.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rencontre.core.mission import Mission

#: The time zone of a mission that names none, and of times when no mission is known at all.
DEFAULT_ZONE = "Europe/Paris"


@dataclass(frozen=True)
class LocalZone:
    """The zone a time without an offset is read in, or (`name` None) why there is none."""

    name: str | None
    why_not: str = ""


@dataclass(frozen=True)
class MissionZone:
    """What the zones need of a mission: its key, time zone and participants' e-mails."""

    key: str
    timezone: str
    participants: Sequence[str] = ()


def is_zone(name: str) -> bool:
    """Whether `name` is a time zone this machine knows (IANA names: `Europe/Paris`)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


class TimeZones:
    """The zone of each mission and person; later missions of one key replace earlier ones."""

    def __init__(self, missions: Iterable[MissionZone]) -> None:
        by_key = {m.key: m for m in missions if is_zone(m.timezone)}
        self._missions = {key: m.timezone for key, m in by_key.items()}
        self._people: dict[str, set[str]] = {}
        for mission in by_key.values():
            for email in mission.participants:
                self._people.setdefault(email, set()).add(mission.timezone)

    @classmethod
    def of(cls, missions: Iterable[Mission]) -> TimeZones:
        return cls(MissionZone(m.key, m.timezone, m.participants) for m in missions)

    def for_mission(self, key: str) -> LocalZone:
        zone = self._missions.get(key)
        return LocalZone(zone) if zone else LocalZone(None, f"mission {key!r} is not known")

    def for_person(self, email: str) -> LocalZone:
        zones = self._people.get(email, set())
        if len(zones) == 1:
            return LocalZone(next(iter(zones)))
        if zones:
            listed = ", ".join(sorted(zones))
            return LocalZone(None, f"{email} takes part in missions in {listed}")
        every = set(self._missions.values())
        if len(every) == 1:
            return LocalZone(next(iter(every)))
        if not every:
            return LocalZone(DEFAULT_ZONE)
        listed = ", ".join(sorted(every))
        return LocalZone(None, f"{email} is in no mission yet and the missions are in {listed}")
