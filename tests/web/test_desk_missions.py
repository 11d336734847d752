"""The desk's missions: a new one, one edited or duplicated, and the audit log, for the
mission's organisers only, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from tests.web.testclient import TestClient
from tests.web.world import BRAM, MISSION, OLIVIA, World, form_token, sign_in

from rencontre.core.enums import ProgrammeItemKind
from rencontre.services.mission_editing import MissionForm, mission_form
from rencontre.store import accounts as accounts_store
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

NEW = "/organiser/missions/new"
EDIT = f"/organiser/missions/{MISSION}/edit"


def organiser(client: TestClient, email: str = OLIVIA) -> TestClient:
    assert sign_in(client, email) == 303
    return client


def new_mission_fields(client: TestClient, **changes: str) -> dict[str, str]:
    token = form_token(client.get(NEW).text, NEW)
    fields = {
        "csrf_token": token,
        "key": "nl-2027",
        "title": "Mission Pays-Bas 2027",
        "start_date": "2027-05-10",
        "end_date": "2027-05-11",
        "timezone": "Europe/Amsterdam",
        "slot_minutes": "25",
        "requests_close_at": "2027-05-03T18:00",
        "venue-0-key": "",
        "venue-0-name": "Hall A",
        "venue-0-address": "Stationsplein 1",
        "venue-0-city": "Utrecht",
        "venue-0-tables": "12",
        "venue-1-key": "",
        "venue-1-name": "",
        "venue-1-address": "",
        "venue-1-city": "",
        "venue-1-tables": "",
        "travel-0-from_venue": "",
        "travel-0-to_venue": "",
        "travel-0-minutes": "",
        "item-0-key": "b2b-1",
        "item-0-title": "B2B meetings",
        "item-0-kind": "b2b_session",
        "item-0-start": "2027-05-10T09:00",
        "item-0-end": "2027-05-10T12:00",
        "item-0-venue": "hall-a",
        "item-0-for": "everyone",
        "item-1-key": "",
        "item-1-title": "",
        "item-1-kind": "talk",
        "item-1-start": "",
        "item-1-end": "",
        "item-1-venue": "",
        "item-1-for": "everyone",
    }
    return fields | changes


def posted(form: MissionForm) -> dict[str, str]:
    """The fields a browser posts for `form`, as the edit page shows it."""
    fields = {name: getattr(form, name) for name in ("title", "start_date", "end_date",
              "timezone", "slot_minutes", "requests_close_at")}  # fmt: skip
    for n, venue in enumerate(form.venues):
        fields |= {f"venue-{n}-{k}": getattr(venue, k) for k in ("key", "name", "address",
                   "city", "tables")}  # fmt: skip
    for n, travel in enumerate(form.travel_times):
        fields |= {f"travel-{n}-{k}": getattr(travel, k) for k in ("from_venue", "to_venue",
                   "minutes")}  # fmt: skip
    for n, item in enumerate(form.programme):
        fields |= {f"item-{n}-{k}": getattr(item, k) for k in ("key", "title", "kind", "start",
                   "end", "venue")}  # fmt: skip
        fields[f"item-{n}-for"] = "everyone" if item.for_everyone else "chosen"
    return fields


def test_a_new_mission_is_stored_and_organised_by_its_creator(
    client: TestClient, world: World, engine: Engine
) -> None:
    olivia = organiser(client)
    assert 'href="/organiser/missions/new"' in olivia.get("/organiser/").text
    answer = olivia.post(NEW, data=new_mission_fields(olivia))
    assert answer.status_code == 303
    assert answer.headers["location"] == "/organiser/missions/nl-2027/edit?done=created"
    with session_scope(engine) as session:
        mission = repo.get_mission(session, "nl-2027")
        olivia_id = accounts_store.find_user(session, OLIVIA)
        assert olivia_id is not None
        organised = [m.key for m in accounts_store.organised_missions(session, olivia_id.id)]
    assert [(v.key, v.name, v.tables) for v in mission.venues] == [("hall-a", "Hall A", 12)]
    assert mission.slot_minutes == 25 and mission.timezone == "Europe/Amsterdam"
    [session_item] = mission.programme
    assert session_item.kind is ProgrammeItemKind.B2B_SESSION
    assert session_item.start == datetime(2027, 5, 10, 9, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert len(mission.slots()) == 7  # 180 minutes in slots of 25
    assert "nl-2027" in organised
    page = olivia.get(answer.headers["location"] + "&lang=fr")
    assert "La mission a été créée" in page.text
    log = olivia.get("/organiser/missions/nl-2027/log?lang=fr").text
    assert "Mission nl-2027 créée" in log and OLIVIA in log


def test_a_refused_mission_says_why_beside_each_field_and_stores_nothing(
    client: TestClient, world: World, engine: Engine
) -> None:
    olivia = organiser(client)
    fields = new_mission_fields(
        olivia, **{"title": "", "item-0-end": "2027-05-10T08:00", "item-0-venue": "hal"}
    )
    answer = olivia.post(NEW, data=fields)
    assert answer.status_code == 400
    html = answer.text
    for name in ("title", "item-0-end", "item-0-venue"):
        assert f'id="{name}" name="{name}"' in html
        assert re.search(rf'name="{name}"[^>]*aria-invalid="true"', html), name
        assert f'id="problem-{name}"' in html
    assert "unknown venue &#39;hal&#39;" in html
    assert 'value="Hall A"' in html  # what she typed comes back
    with session_scope(engine) as session:
        assert "nl-2027" not in repo.mission_keys(session)


def test_a_taken_key_is_refused(client: TestClient, world: World) -> None:
    olivia = organiser(client)
    answer = olivia.post(NEW, data=new_mission_fields(olivia, key=MISSION))
    assert answer.status_code == 400
    assert 'id="problem-key"' in answer.text


def test_editing_a_mission_updates_it_in_place(
    client: TestClient, world: World, engine: Engine
) -> None:
    olivia = organiser(client)
    page = olivia.get(EDIT).text
    with session_scope(engine) as session:
        fields = posted(mission_form(repo.get_mission(session, MISSION)))
    fields |= {"csrf_token": form_token(page, EDIT), "title": "Mission renommée",
               "venue-0-tables": "9"}  # fmt: skip
    answer = olivia.post(EDIT, data=fields)
    assert answer.status_code == 303, answer.text
    with session_scope(engine) as session:
        mission = repo.get_mission(session, MISSION)
        meetings = repo.meetings(session, MISSION)
    assert mission.title == "Mission renommée"
    assert mission.venues[0].tables == 9
    assert len(mission.participants) == 3 and len(meetings) == 1  # people and meetings stay


def test_duplicating_copies_the_programme_moved_to_the_new_start(
    client: TestClient, world: World, engine: Engine
) -> None:
    olivia = organiser(client)
    page = olivia.get(EDIT).text
    action = f"/organiser/missions/{MISSION}/duplicate"
    token = form_token(page, action)
    data = {"csrf_token": token, "copy-key": "hdf-nl-2026", "copy-title": "HDF 2026",
            "copy-start_date": "2026-06-16"}  # fmt: skip
    answer = olivia.post(action, data=data)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/organiser/missions/hdf-nl-2026/edit?done=copied"
    with session_scope(engine) as session:
        source = repo.get_mission(session, MISSION)
        copy = repo.get_mission(session, "hdf-nl-2026")
        assert repo.meetings(session, "hdf-nl-2026") == ()
        assert repo.meeting_requests(session, "hdf-nl-2026") == ()
    assert copy.start_date == date(2026, 6, 16) and copy.title == "HDF 2026"
    assert [p.key for p in copy.programme] == [p.key for p in source.programme]
    moved = copy.programme[0].start - source.programme[0].start
    assert moved.days == (date(2026, 6, 16) - source.start_date).days
    again = olivia.post(action, data=data)
    assert again.status_code == 400 and 'id="problem-copy-key"' in again.text


def test_another_organiser_reaches_none_of_these_pages(client: TestClient, world: World) -> None:
    bram = organiser(client, BRAM)
    for path in (EDIT, f"/organiser/missions/{MISSION}/log"):
        answer = bram.get(path)
        assert answer.status_code == 404
        assert "Inès" not in answer.text
