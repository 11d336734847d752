"""`rencontre match mission` on the demo mission, SQLite and PostgreSQL."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from rencontre.cli import app
from rencontre.core.enums import RequestStatus
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope

runner = CliRunner()


def run(database_url: str, *args: str) -> Result:
    return runner.invoke(app, list(args), env={"RENCONTRE_DATABASE_URL": database_url})


def stored(database_url: str) -> repo.MissionSnapshot:
    engine = open_database(Settings(database_url=database_url))
    try:
        with session_scope(engine) as session:
            return repo.load_mission(session)
    finally:
        engine.dispose()


def test_match_mission_stores_new_proposals_and_replaces_them_on_rerun(database_url: str) -> None:
    assert run(database_url, "demo").exit_code == 0
    before = stored(database_url)
    args = ("match", "mission", "--encoder", "lexical", "--top", "3", "--cross-border")
    result = run(database_url, *args)
    assert result.exit_code == 0, result.output
    after = stored(database_url)
    proposed = [r for r in after.requests if r.status is RequestStatus.PROPOSED]
    assert len(after.requests) == len(before.requests) + len(proposed)
    assert len(proposed) > 0
    org = {p.email: p.organisation for p in after.participants}
    country = {o.name: o.country for o in after.organisations}
    earlier_pairs = {frozenset((org[r.requester], org[r.requested])) for r in before.requests}
    for request in proposed:
        pair = frozenset((org[request.requester], org[request.requested]))
        assert len(pair) == 2
        assert pair not in earlier_pairs
        assert country[org[request.requester]] != country[org[request.requested]]
        assert request.message != ""
        assert request.score is not None
    again = run(database_url, *args)
    assert again.exit_code == 0, again.output
    rerun = [r for r in stored(database_url).requests if r.status is RequestStatus.PROPOSED]
    assert len(rerun) == len(proposed)
