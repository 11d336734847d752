"""Creating, editing and duplicating a mission from the organiser's desk.

A mission's form (its dates and time zone, venues, travel times, programme items with their
audience, B2B sessions and slot length, the request deadline) is turned into the object
`missions.json` holds, and that object is imported as `rencontre import --update` imports it
(`rencontre.services.records.import_files`): the same rules refuse the same values, with the
same reasons, and a stored mission is updated in place (venues and items matched by key, an
item that moves gets a new calendar SEQUENCE). What the form does not show (the mission's
description and languages, a venue's table changes, an item's description) is left out of
the object, so the stored value stays.

A refusal is `InvalidInput` whose problems name the form's fields (`title`, `venue-2-name`,
`item-1-start`…; None for what no field holds) and nothing is written. Each change is logged
(`rencontre.services.audit_log`) in the same transaction, with the organiser as actor.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.mission import Mission, TableChange
from rencontre.core.participant import Participant
from rencontre.documents.i18n import N_
from rencontre.exchange.missions import mission_item
from rencontre.services import audit_log
from rencontre.services.records import import_files
from rencontre.store import accounts as accounts_store
from rencontre.store import repositories as repo
from rencontre.store.models import MissionRow

#: What the problems of the desk's mission form are located in.
MISSION_FORM = "mission form"
#: How a moment is written in the form (an `<input type="datetime-local">`).
LOCAL_MOMENT = "%Y-%m-%dT%H:%M"

CREATED = N_("Mission %(key)s created")
EDITED = N_("Mission settings edited")
DUPLICATED = N_("Mission %(key)s created as a copy of %(source)s")
COPIED = N_("Copied into mission %(key)s")
KEY_TAKEN = "a mission with this key exists already"


@dataclass(frozen=True)
class VenueEntry:
    """One venue as the form holds it (texts, so that a bad value can be shown again)."""

    key: str = ""
    name: str = ""
    address: str = ""
    city: str = ""
    tables: str = ""

    @property
    def is_blank(self) -> bool:
        return not any(v.strip() for v in (self.key, self.name, self.address, self.city))


@dataclass(frozen=True)
class TravelEntry:
    from_venue: str = ""
    to_venue: str = ""
    minutes: str = ""

    @property
    def is_blank(self) -> bool:
        return not any(v.strip() for v in (self.from_venue, self.to_venue, self.minutes))


@dataclass(frozen=True)
class ItemEntry:
    """A programme item (a B2B session is one of kind `b2b_session`); `audience` holds the
    chosen participants' e-mails when `for_everyone` is False."""

    key: str = ""
    title: str = ""
    kind: str = ""
    start: str = ""
    end: str = ""
    venue: str = ""
    for_everyone: bool = True
    audience: tuple[str, ...] = ()

    @property
    def is_blank(self) -> bool:
        return not any(v.strip() for v in (self.key, self.title, self.start, self.end))


@dataclass(frozen=True)
class MissionForm:
    key: str = ""
    title: str = ""
    start_date: str = ""
    end_date: str = ""
    timezone: str = "Europe/Paris"
    slot_minutes: str = "20"
    requests_close_at: str = ""
    venues: tuple[VenueEntry, ...] = ()
    travel_times: tuple[TravelEntry, ...] = ()
    programme: tuple[ItemEntry, ...] = ()


@dataclass(frozen=True)
class EditableMission:
    """A stored mission, its form, and the people an item's audience may name."""

    mission: Mission
    form: MissionForm
    participants: tuple[Participant, ...]


def mission_form(mission: Mission) -> MissionForm:
    """`mission` as its form shows it: moments in its time zone."""
    zone = ZoneInfo(mission.timezone)

    def local(moment: datetime | None) -> str:
        return "" if moment is None else moment.astimezone(zone).strftime(LOCAL_MOMENT)

    return MissionForm(
        key=mission.key,
        title=mission.title,
        start_date=mission.start_date.isoformat(),
        end_date=mission.end_date.isoformat(),
        timezone=mission.timezone,
        slot_minutes=str(mission.slot_minutes),
        requests_close_at=local(mission.requests_close_at),
        venues=tuple(
            VenueEntry(v.key, v.name, v.address, v.city, str(v.tables)) for v in mission.venues
        ),
        travel_times=tuple(
            TravelEntry(t.from_venue, t.to_venue, str(t.minutes)) for t in mission.travel_times
        ),
        programme=tuple(
            ItemEntry(
                p.key, p.title, p.kind.value, local(p.start), local(p.end), p.venue,
                not p.audience, p.audience,
            )
            for p in mission.programme
        ),
    )  # fmt: skip


def editable_mission(session: Session, key: str) -> EditableMission:
    """The stored mission `key` and its form; MissionNotFound when there is none."""
    snapshot = repo.load_mission(session, key)
    return EditableMission(snapshot.mission, mission_form(snapshot.mission), snapshot.participants)


def create_mission(
    session: Session, *, form: MissionForm, user_id: int, actor: str, now: datetime
) -> str:
    """Store a new mission from `form`, organised by `user_id`; its key."""
    key = form.key.strip()
    if key and _exists(session, key):
        raise InvalidInput([Problem(MISSION_FORM, None, "key", KEY_TAKEN)])
    item, positions = _mission_object(form, key, new=True)
    _import(session, item, positions)
    _organise(session, user_id, key)
    audit_log.record(session, mission=key, actor=actor, action="mission.created",
                     message=CREATED, values={"key": key}, now=now)  # fmt: skip
    return key


def update_mission(
    session: Session, *, key: str, form: MissionForm, actor: str, now: datetime
) -> None:
    """Store `form` over mission `key` (MissionNotFound when there is none)."""
    repo.get_mission(session, key)
    item, positions = _mission_object(form, key, new=False)
    _import(session, item, positions)
    audit_log.record(session, mission=key, actor=actor, action="mission.edited",
                     message=EDITED, now=now)  # fmt: skip


def duplicate_mission(
    session: Session,
    *,
    key: str,
    new_key: str,
    title: str,
    start_date: str,
    user_id: int,
    actor: str,
    now: datetime,
) -> str:
    """A copy of mission `key` as `new_key`, starting on `start_date`; its key.

    Venues, travel times, the programme with its B2B sessions, the participants and the
    items' audiences are copied, every moment moved by the same number of days (at the same
    time of day in the mission's zone); requests, meetings, outcomes and links are not.
    """
    source = repo.get_mission(session, key)
    problems = []
    new_key = new_key.strip()
    if not new_key:
        problems.append(Problem(MISSION_FORM, None, "key", "required value is missing"))
    elif _exists(session, new_key):
        problems.append(Problem(MISSION_FORM, None, "key", KEY_TAKEN))
    try:
        start = date.fromisoformat(start_date.strip())
    except ValueError:
        reason = f"expected a date as YYYY-MM-DD, got {start_date!r}"
        problems.append(Problem(MISSION_FORM, None, "start_date", reason))
    if problems:
        raise InvalidInput(problems)
    copy = shifted_mission(source, start - source.start_date)
    copy = replace(copy, key=new_key, title=title.strip())
    item = mission_item(copy)
    item["programme"] = [{k: v for k, v in p.items() if k != "sequence"}
                         for p in item["programme"]]  # type: ignore[attr-defined]  # fmt: skip
    _import(session, item, {}, update=False)
    _organise(session, user_id, new_key)
    values = {"key": new_key, "source": key}
    audit_log.record(session, mission=new_key, actor=actor, action="mission.duplicated",
                     message=DUPLICATED, values=values, now=now)  # fmt: skip
    audit_log.record(session, mission=key, actor=actor, action="mission.copied",
                     message=COPIED, values=values, now=now)  # fmt: skip
    return new_key


def shifted_mission(mission: Mission, days: timedelta) -> Mission:
    """`mission` moved by `days`, each moment at the same time of day in its zone."""
    zone = ZoneInfo(mission.timezone)

    def moved(moment: datetime) -> datetime:
        local = moment.astimezone(zone)
        return datetime.combine(local.date() + days, local.time(), zone)

    return replace(
        mission,
        start_date=mission.start_date + days,
        end_date=mission.end_date + days,
        venues=tuple(
            replace(v, table_changes=tuple(
                TableChange(moved(c.start), c.tables) for c in v.table_changes))
            for v in mission.venues
        ),
        programme=tuple(
            replace(p, start=moved(p.start), end=moved(p.end), sequence=0)
            for p in mission.programme
        ),
        requests_close_at=None
        if mission.requests_close_at is None
        else moved(mission.requests_close_at),
    )  # fmt: skip


# The form as a `missions.json` object -------------------------------------------------------

#: Which list of `missions.json` each repeated fieldset of the form stands for.
_LISTS = {"venues": "venue", "travel_times": "travel", "programme": "item"}
_PATH = re.compile(r"^(venues|travel_times|programme)\[(\d+)\](?:\.([a-z_]+))?")
_MISSION_FIELDS = ("key", "title", "start_date", "end_date", "timezone", "slot_minutes",
                   "requests_close_at")  # fmt: skip
#: Form line numbers of each list's objects (the blank lines are left out of the object).
Positions = dict[str, list[int]]


def _mission_object(
    form: MissionForm, key: str, *, new: bool
) -> tuple[dict[str, object], Positions]:
    venues = [(n, v) for n, v in enumerate(form.venues) if not v.is_blank]
    travel = [(n, t) for n, t in enumerate(form.travel_times) if not t.is_blank]
    items = [(n, p) for n, p in enumerate(form.programme) if not p.is_blank]
    venue_keys = _keys([v.key or v.name for _, v in venues], [v.key for _, v in venues])
    item_keys = _keys([p.key or p.title for _, p in items], [p.key for _, p in items])
    item: dict[str, object] = {
        "key": key,
        "title": form.title,
        "start_date": form.start_date,
        "end_date": form.end_date,
        "timezone": form.timezone,
        "slot_minutes": form.slot_minutes,
        "requests_close_at": form.requests_close_at,
        "venues": [
            {"key": k, "name": v.name, "address": v.address, "city": v.city,
             "tables": v.tables or "0"}
            for k, (_, v) in zip(venue_keys, venues, strict=True)
        ],
        "travel_times": [
            {"from_venue": t.from_venue, "to_venue": t.to_venue, "minutes": t.minutes}
            for _, t in travel
        ],
        "programme": [
            {"key": k, "title": p.title, "kind": p.kind, "start": p.start, "end": p.end,
             "venue": p.venue, "audience": [] if p.for_everyone else list(p.audience)}
            for k, (_, p) in zip(item_keys, items, strict=True)
        ],
    }  # fmt: skip
    if new:
        item["participants"] = []
    positions = {
        "venues": [n for n, _ in venues],
        "travel_times": [n for n, _ in travel],
        "programme": [n for n, _ in items],
    }
    return item, positions


def _keys(sources: Sequence[str], given: Sequence[str]) -> list[str]:
    """The keys given, and for the others one made from the name (unique in the list)."""
    taken = {k.strip() for k in given if k.strip()}
    keys = []
    for source, key in zip(sources, given, strict=True):
        if key.strip():
            keys.append(key.strip())
            continue
        base = _slug(source)
        made, number = base, 1
        while base and made in taken:
            number += 1
            made = f"{base}-{number}"
        taken.add(made)
        keys.append(made)
    return keys


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40]


def _import(
    session: Session, item: dict[str, object], positions: Positions, *, update: bool = True
) -> None:
    """Import `item` as `missions.json`; InvalidInput with the form's fields when refused."""
    with tempfile.TemporaryDirectory(prefix="rencontre-mission-") as folder:
        path = Path(folder) / "missions.json"
        path.write_text(json.dumps([item], ensure_ascii=False), encoding="utf-8")
        try:
            import_files(session, [path], update=update)
        except InvalidInput as refused:
            raise InvalidInput([_on_form(p, positions) for p in refused.problems]) from None


def _on_form(problem: Problem, positions: Positions) -> Problem:
    """`problem` located on the form's field (None: no field holds it)."""
    written = problem.field or ""
    field: str | None = written if written in _MISSION_FIELDS else None
    path = _PATH.match(written)
    if path is not None and path.group(1) in positions:
        kind, number, name = path.group(1), int(path.group(2)), path.group(3) or "key"
        lines = positions[kind]
        if 1 <= number <= len(lines):
            name = {"table_changes": "tables"}.get(name, name)
            field = f"{_LISTS[kind]}-{lines[number - 1]}-{name}"
    return Problem(MISSION_FORM, None, field, problem.reason)


def _exists(session: Session, key: str) -> bool:
    return session.scalar(select(MissionRow.id).where(MissionRow.key == key)) is not None


def _organise(session: Session, user_id: int, key: str) -> None:
    ids = accounts_store.mission_ids(session, [key])
    accounts_store.add_organised_missions(session, user_id, ids.values())
