"""The demo's way in: an organiser with a fresh password and two one-language participants."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from rencontre.core.enums import Language
from rencontre.demo import DEMO_MISSION_KEY, load_demo
from rencontre.services import accounts
from rencontre.services.demo_access import DEMO_ORGANISER, demo_access
from rencontre.store import accounts as store
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

NOW = datetime(2027, 4, 1, 9, tzinfo=UTC)


def test_demo_access_gives_a_new_password_each_run_and_two_one_language_links(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        repo.save_dataset(session, load_demo())
    with session_scope(engine) as session:
        first = demo_access(session, DEMO_MISSION_KEY, now=NOW)
    with session_scope(engine) as session:
        second = demo_access(session, DEMO_MISSION_KEY, now=NOW)
    assert first.organiser == second.organiser == DEMO_ORGANISER
    assert first.password != second.password
    with session_scope(engine) as session:
        # Only the latest password signs in: an old printout lets nobody in.
        old = accounts.sign_in(
            session, email=DEMO_ORGANISER, password=first.password, address="::1", now=NOW
        )
        new = accounts.sign_in(
            session, email=DEMO_ORGANISER, password=second.password, address="::1", now=NOW
        )
        assert (old.started, new.started is not None) == (None, True)
        user = store.find_user(session, DEMO_ORGANISER)
        assert user is not None
        assert len(store.organised_mission_ids(session, user.id)) == 1
    assert [link.person.languages for link in second.links] == [(Language.FR,), (Language.NL,)]


def test_demo_access_needs_the_demo_mission(engine: Engine) -> None:
    with pytest.raises(repo.MissionNotFound), session_scope(engine) as session:
        demo_access(session, DEMO_MISSION_KEY, now=NOW)
