"""`rencontre check` and `rencontre gaps` on a stored mission, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.services.checks_samples import (
    ANNE,
    B2B,
    JULIEN,
    MARC,
    PIET,
    PROGRAMME,
    at,
    mission,
    snapshot,
    store,
)
from typer.testing import Result

from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.core.mission import ProgrammeItem

RunCli = Callable[..., Result]

TRAVEL_WARNINGS = [
    "warning [travel_shortfall] “Lunch” at Grand Palais, 13 Oct 12:00–13:30 then “Site visit” "
    "at Douai plant, 13 Oct 13:45–16:00: 15 minutes between them for a 45-minute journey, "
    "30 minutes short, for 2 participants: Julien Dupont <julien@dupont.example>, "
    "Anne Peeters <anne@peeters.example>",
    "warning [travel_shortfall] “Keynote” at Grand Palais, 14 Oct 09:00–10:00 then “Line demo” "
    "at Douai plant, 14 Oct 10:15–11:00: 15 minutes between them for a 45-minute journey, "
    "30 minutes short, for 3 participants: Julien Dupont <julien@dupont.example>, "
    "Piet Jansen <piet@jansen.example>, Marc Leroy <marc@leroy.example>",
]


def test_check_prints_travel_warnings_and_exits_0(rencontre: RunCli, database_url: str) -> None:
    store(database_url, snapshot())
    result = rencontre("check")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        *TRAVEL_WARNINGS,
        "Mission lille-douai-2027: 0 errors, 2 warnings",
    ]


def test_check_exits_1_when_b2b_sessions_overlap(rencontre: RunCli, database_url: str) -> None:
    extra = ProgrammeItem("b2b-3", "B2B extra", B2B, at(13, 10, 30), at(13, 11, 30), "hall")
    store(database_url, snapshot(mission((*PROGRAMME, extra))))
    result = rencontre("check", "--mission", "lille-douai-2027")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        "error [b2b_sessions_overlap] B2B sessions “B2B morning” at Hall B2B, 13 Oct 10:00–11:00 "
        "and “B2B extra” at Hall B2B, 13 Oct 10:30–11:30 overlap: one person cannot be in both; "
        "merge them into one session at one venue or move one",
        *TRAVEL_WARNINGS,
        "Mission lille-douai-2027: 1 error, 2 warnings",
    ]


def test_check_and_gaps_of_an_unknown_mission_fail_on_one_line(
    rencontre: RunCli, database_url: str
) -> None:
    store(database_url, snapshot())
    for command in ("check", "gaps"):
        result = rencontre(command, "--mission", "nope")
        assert result.exit_code == 1, result.output
        assert result.output == "error: no mission 'nope'\n"


def test_gaps_lists_who_is_left_out(rencontre: RunCli, database_url: str) -> None:
    store(database_url, snapshot())
    result = rencontre("gaps")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Mission lille-douai-2027: who is left out",
        "Without any meeting: 2 participants",
        "  - Anne Peeters <anne@peeters.example>: asked for no meeting",
        "  - Marc Leroy <marc@leroy.example>: asked for 1 meeting (1 pending)",
        "Fewer meetings than asked for: 1 participant",
        "  - Julien Dupont <julien@dupont.example>: 1 of 2 meetings asked for scheduled; "
        "not scheduled: with Marc Leroy <marc@leroy.example> (pending)",
        "Pending requests, not scheduled: 1 request",
        "  - Julien Dupont <julien@dupont.example> → Marc Leroy <marc@leroy.example>, priority 3",
        "Accepted requests, not scheduled: 0 requests",
        "Organisations nobody asked to meet: 1 organisation",
        "  - Wallonie Mobilité (BE): Anne Peeters <anne@peeters.example>",
        "Meetings that need an interpreter: 1 meeting in 1 slot",
        "  - 13 Oct 10:00–10:20 at Hall B2B",
        "      table 1: Julien Dupont <julien@dupont.example> (fr) with "
        "Piet Jansen <piet@jansen.example> (nl)",
    ]


def test_import_warns_about_travel_between_programme_items(
    rencontre: RunCli, database_url: str, tmp_path: Path
) -> None:
    store(database_url, snapshot())
    exported = tmp_path / "exported"
    assert rencontre("export", "--format", "json", "--output", str(exported)).exit_code == 0
    result = rencontre("import", "--update", *sorted(map(str, exported.iterdir())))
    assert result.exit_code == 0, result.output
    # Travel warnings come last, as `check` words them.
    assert result.output.splitlines()[-2:] == TRAVEL_WARNINGS


def test_schedule_warns_about_travel_and_lists_who_is_left_out(
    rencontre: RunCli, database_url: str
) -> None:
    store(database_url, snapshot(meetings=()))
    result = rencontre("schedule", "--time-limit", "10")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(warning in lines for warning in TRAVEL_WARNINGS)
    assert "Mission lille-douai-2027: who is left out" in lines
    assert "  - Anne Peeters <anne@peeters.example>: asked for no meeting" in lines


def test_schedule_explains_an_impossible_mission_in_times_and_names(
    rencontre: RunCli, database_url: str
) -> None:
    afternoon_only = mission(tuple(p for p in PROGRAMME if p.key != "b2b-1"))
    accepted = tuple(
        MeetingRequest(afternoon_only.key, JULIEN, other, status=RequestStatus.ACCEPTED)
        for other in (PIET, MARC, ANNE)
    )
    store(database_url, snapshot(afternoon_only, requests=accepted, meetings=()))
    result = rencontre("schedule", "--mode", "all", "--time-limit", "10")
    assert result.exit_code == 1, result.output
    # Anne comes on day 1 only: the one B2B session, on day 2, is out of her reach.
    assert (
        "  - the meeting of Julien Dupont <julien@dupont.example> and Anne Peeters "
        "<anne@peeters.example> has no common free slot: Julien Dupont "
        "<julien@dupont.example> is free 14 Oct 14:00–14:40; Anne Peeters "
        "<anne@peeters.example> is free in no B2B slot" in result.output.splitlines()
    )
    assert "slot 1" not in result.output
