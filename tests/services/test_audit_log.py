"""The audit log: written with the change, read in the organiser's language, per mission."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language
from rencontre.services import audit_log
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

MISSION = "hdf-nl-2025"
AT = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
#: A sentence of the catalogs with a placeholder, as a service would mark it with N_.
SENTENCE = "Agenda of %(name)s"


@pytest.fixture
def stored(engine: Engine, sample_dataset: Dataset) -> None:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)


def test_entries_are_read_latest_first_in_the_reader_language(engine: Engine, stored: None) -> None:
    with session_scope(engine) as session:
        for minutes, name in ((0, "Inès"), (5, "Joost")):
            audit_log.record(
                session,
                mission=MISSION,
                actor="olivia@agency.example",
                action="agenda.sent",
                message=SENTENCE,
                values={"name": name},
                now=AT + timedelta(minutes=minutes),
            )
    with session_scope(engine) as session:
        french = audit_log.read_log(session, mission=MISSION, language=Language.FR)
        english = audit_log.read_log(session, mission=MISSION, language=Language.EN, limit=1)
        assert audit_log.count(session, mission=MISSION) == 2
    assert [(line.text, line.at) for line in french] == [
        ("Agenda : Joost", AT + timedelta(minutes=5)),
        ("Agenda : Inès", AT),
    ]
    assert [(line.actor, line.action, line.text) for line in english] == [
        ("olivia@agency.example", "agenda.sent", "Agenda of Joost")
    ]


def test_an_entry_is_rolled_back_with_the_change_it_logs(engine: Engine, stored: None) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        audit_log.record(
            session,
            mission=MISSION,
            actor=audit_log.COMMAND_LINE,
            action="mission.edited",
            message=SENTENCE,
            values={"name": "x"},
            now=AT,
        )
        raise RuntimeError("the change failed")
    with session_scope(engine) as session:
        assert audit_log.count(session, mission=MISSION) == 0


def test_an_unknown_mission_is_refused(engine: Engine, stored: None) -> None:
    with session_scope(engine) as session, pytest.raises(audit_log.UnknownMission):
        audit_log.record(session, mission="nope", actor="a", action="b", message=SENTENCE, now=AT)
