"""`rencontre match mission` on the demo mission, SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import Result

from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.services.audit_log import COMMAND_LINE
from rencontre.services.mission_matching import REASON_SEPARATOR
from rencontre.services.recommendation_jobs import ensure_recommendations
from rencontre.settings import Settings
from rencontre.store import jobs
from rencontre.store import participant_requests as stored_requests
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope


def test_match_mission_stores_new_proposals_and_replaces_them_on_rerun(
    rencontre: Callable[..., Result], stored_mission: Callable[[], repo.MissionSnapshot]
) -> None:
    assert rencontre("demo").exit_code == 0
    before = stored_mission()
    args = ("match", "mission", "--encoder", "lexical", "--top", "3", "--cross-border")
    result = rencontre(*args)
    assert result.exit_code == 0, result.output
    after = stored_mission()
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
    # More than the first reason is kept (the cross-border one often comes second).
    assert any(REASON_SEPARATOR in r.message for r in proposed)
    again = rencontre(*args)
    assert again.exit_code == 0, again.output
    rerun = [r for r in stored_mission().requests if r.status is RequestStatus.PROPOSED]
    assert sorted(rerun, key=_pair) == sorted(proposed, key=_pair)
    assert again.output == result.output


def _pair(request: MeetingRequest) -> tuple[str, str]:
    return request.requester, request.requested


def test_match_mission_output_off_a_terminal_is_whole(
    rencontre: Callable[..., Result], stored_mission: Callable[[], repo.MissionSnapshot]
) -> None:
    # CliRunner's output is not a terminal, like a log or a pipe: nothing may be cut at 80.
    assert rencontre("demo").exit_code == 0
    result = rencontre("match", "mission", "--encoder", "lexical", "--top", "3")
    assert result.exit_code == 0, result.output
    snapshot = stored_mission()
    org = {p.email: p.organisation for p in snapshot.participants}
    proposed = [r for r in snapshot.requests if r.status is RequestStatus.PROPOSED]
    best = sorted(proposed, key=lambda r: -(r.score or 0.0))[:10]
    lines = result.stdout.splitlines()  # without the progress lines on stderr
    assert (
        lines[0]
        == f"Proposed meetings for mission {snapshot.mission.key} (best 10 of {len(proposed)})"
    )
    for request in best:
        who = (
            f"{request.score:.3f}  {request.requester} ({org[request.requester]})"
            f" → {request.requested} ({org[request.requested]})"
        )
        assert who in lines
        assert lines[lines.index(who) + 1] == f"       why: {request.message}"
    assert lines[-1] == f"Stored {len(proposed)} proposed requests for 92 organisations."
    assert max(map(len, lines)) > 80


def test_match_mission_table_on_a_narrow_terminal_folds_e_mails_rather_than_cut_them(
    rencontre: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert rencontre("demo").exit_code == 0
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich then takes the output for a terminal
    monkeypatch.setenv("COLUMNS", "80")
    result = rencontre("match", "mission", "--encoder", "lexical", "--top", "3")
    assert result.exit_code == 0, result.output
    table = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stdout)  # without colours
    assert "┃ requester " in table
    assert re.search(r"@[\w.-]*…", table) is None


def test_match_mission_prefers_organisations_of_another_country(
    rencontre: Callable[..., Result], stored_mission: Callable[[], repo.MissionSnapshot]
) -> None:
    assert rencontre("demo").exit_code == 0

    def abroad(*options: str) -> int:
        result = rencontre("match", "mission", "--encoder", "lexical", "--top", "3", *options)
        assert result.exit_code == 0, result.output
        snapshot = stored_mission()
        org = {p.email: p.organisation for p in snapshot.participants}
        country = {o.name: o.country for o in snapshot.organisations}
        return sum(
            country[org[r.requester]] != country[org[r.requested]]
            for r in snapshot.requests
            if r.status is RequestStatus.PROPOSED
        )

    # Without the mission's preference (bonus 0: no country weight at all) fewer cross a border.
    assert abroad() > abroad("--cross-border-bonus", "0")


def test_match_mission_non_finite_cross_border_bonus_is_refused(
    rencontre: Callable[..., Result],
) -> None:
    result = rencontre("match", "mission", "--encoder", "lexical", "--cross-border-bonus", "nan")
    assert result.exit_code == 2
    assert "must be a finite number" in result.output


def test_match_mission_refuses_a_cache_dir_it_cannot_write_before_any_work(
    rencontre: Callable[..., Result], tmp_path: Path
) -> None:
    assert rencontre("demo").exit_code == 0
    a_file = tmp_path / "cache"
    a_file.write_text("", encoding="utf-8")
    result = rencontre("match", "mission", "--encoder", "lexical", "--cache-dir", str(a_file))
    assert result.exit_code == 1
    assert f"--cache-dir {a_file}: cannot write (it is not a directory)" in result.output


def test_a_command_line_run_counts_as_the_engine_s_up_to_date_recommendations(
    rencontre: Callable[..., Result], database_url: str
) -> None:
    assert rencontre("demo").exit_code == 0
    assert rencontre("match", "mission", "--encoder", "lexical", "--top", "3").exit_code == 0
    engine = open_database(Settings(database_url=database_url))
    try:
        with session_scope(engine) as session:
            [key] = repo.mission_keys(session)
            state = ensure_recommendations(
                session, mission=key, by="someone", now=datetime.now(UTC)
            )
            proposed = [
                s.id
                for s in stored_requests.requests_involving(
                    session, key, set(repo.participant_ids(session).values())
                )
                if s.request.status is RequestStatus.PROPOSED
            ]
            linked = jobs.engine_proposal_ids(session, proposed)
    finally:
        engine.dispose()
    assert state.job is not None and state.job.started_by == COMMAND_LINE
    assert (state.job.state, state.preparing) == ("succeeded", False)
    assert proposed and linked == set(proposed)
