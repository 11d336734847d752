"""Creating, editing and duplicating a mission from its form, by the import's rules, logged."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language
from rencontre.core.errors import InvalidInput
from rencontre.services import accounts, audit_log
from rencontre.services import mission_editing as editing
from rencontre.services.mission_editing import ItemEntry, MissionForm, VenueEntry
from rencontre.store import accounts as accounts_store
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

MISSION = "hdf-nl-2025"
OLIVIA = "olivia@agency.example"
NOW = datetime(2026, 10, 1, 9, tzinfo=UTC)
FORM = MissionForm(
    key="nl-2027",
    title="Mission Pays-Bas 2027",
    start_date="2027-05-10",
    end_date="2027-05-11",
    timezone="Europe/Amsterdam",
    slot_minutes="30",
    venues=(VenueEntry(name="Hall A", tables="10"), VenueEntry()),
    programme=(
        ItemEntry(title="B2B", kind="b2b_session", start="2027-05-10T09:00",
                  end="2027-05-10T11:00", venue="hall-a"),
        ItemEntry(),
    ),
)  # fmt: skip


@pytest.fixture
def olivia(engine: Engine, sample_dataset: Dataset) -> int:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
        user = accounts.add_organiser(
            session, email=OLIVIA, password="x" * 12, missions=[MISSION], now=NOW
        )
    return user.id


def test_a_created_mission_is_stored_organised_and_logged(engine: Engine, olivia: int) -> None:
    with session_scope(engine) as session:
        key = editing.create_mission(session, form=FORM, user_id=olivia, actor=OLIVIA, now=NOW)
    with session_scope(engine) as session:
        mission = repo.get_mission(session, key)
        organised = {m.key for m in accounts_store.organised_missions(session, olivia)}
        log = audit_log.read_log(session, mission=key, language=Language.NL)
    assert key == "nl-2027" and organised == {MISSION, key}
    assert [v.key for v in mission.venues] == ["hall-a"]
    zone = ZoneInfo("Europe/Amsterdam")
    assert [s.start for s in mission.slots()] == [
        datetime(2027, 5, 10, 9, tzinfo=zone),
        datetime(2027, 5, 10, 9, 30, tzinfo=zone),
        datetime(2027, 5, 10, 10, tzinfo=zone),
        datetime(2027, 5, 10, 10, 30, tzinfo=zone),
    ]
    assert [(line.actor, line.text) for line in log] == [(OLIVIA, "Missie nl-2027 aangemaakt")]


def test_a_refused_form_names_each_field_and_writes_nothing(engine: Engine, olivia: int) -> None:
    bad = replace(
        FORM,
        end_date="2027-05-01",
        venues=(VenueEntry(), VenueEntry(name="Hall A", tables="many")),
        programme=(replace(FORM.programme[0], venue="hal", kind="party"),),
    )
    with pytest.raises(InvalidInput) as refused, session_scope(engine) as session:
        editing.create_mission(session, form=bad, user_id=olivia, actor=OLIVIA, now=NOW)
    fields = sorted(str(p.field) for p in refused.value.problems)
    assert fields == ["end_date", "item-0-kind", "item-0-venue", "venue-1-tables"]
    with session_scope(engine) as session:
        assert "nl-2027" not in repo.mission_keys(session)
        assert audit_log.count(session, mission=MISSION) == 0


def test_an_update_keeps_what_the_form_does_not_show(engine: Engine, olivia: int) -> None:
    with session_scope(engine) as session:
        before = repo.get_mission(session, MISSION)
        form = editing.editable_mission(session, MISSION).form
        moved = replace(form.programme[0], start=form.programme[0].start[:-5] + "08:30")
        changed = replace(form, title="Renamed", programme=(moved, *form.programme[1:]))
        editing.update_mission(session, key=MISSION, form=changed, actor=OLIVIA, now=NOW)
    with session_scope(engine) as session:
        after = repo.get_mission(session, MISSION)
    assert after.title == "Renamed" and after.participants == before.participants
    assert after.description == before.description and after.languages == before.languages
    assert after.programme[0].sequence == before.programme[0].sequence + 1  # it moved
    assert after.programme[1:] == before.programme[1:]


def test_a_duplicate_moves_every_moment_and_copies_no_meeting(engine: Engine, olivia: int) -> None:
    with session_scope(engine) as session:
        key = editing.duplicate_mission(session, key=MISSION, new_key="hdf-nl-2026",
                                        title="HDF 2026", start_date="2026-06-16",
                                        user_id=olivia, actor=OLIVIA, now=NOW)  # fmt: skip
    with session_scope(engine) as session:
        source, copy = repo.get_mission(session, MISSION), repo.get_mission(session, key)
        assert repo.meetings(session, key) == () and repo.meeting_requests(session, key) == ()
        texts = [line.text for line in audit_log.read_log(session, mission=MISSION,
                                                          language=Language.EN)]  # fmt: skip
    zone = ZoneInfo(source.timezone)
    assert copy.start_date == date(2026, 6, 16)
    for old, new in zip(source.programme, copy.programme, strict=True):
        assert new.start.astimezone(zone).time() == old.start.astimezone(zone).time()
        assert (new.start.astimezone(zone).date() - old.start.astimezone(zone).date()).days == (
            date(2026, 6, 16) - source.start_date
        ).days
    assert copy.participants == source.participants
    assert texts == ["Copied into mission hdf-nl-2026"]
    with pytest.raises(InvalidInput) as taken, session_scope(engine) as session:
        editing.duplicate_mission(session, key=MISSION, new_key=key, title="Again",
                                  start_date="someday", user_id=olivia, actor=OLIVIA,
                                  now=NOW)  # fmt: skip
    assert sorted(str(p.field) for p in taken.value.problems) == ["key", "start_date"]
