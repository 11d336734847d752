"""The `rencontre b2b solve` contract: options, JSON fields, exit codes."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rencontre.cli import app
from rencontre.shared_data import shared_dir

runner = CliRunner()

INSTANCES = shared_dir() / "data/b2b-jair2022/instances"

# Participant 1 meets 2, 3 and 4 but cannot attend slot 2: one break is unavoidable in 4 slots.
TINY_DZN = """nBusiness = 4;
nMeetings = 3;
nTables = 2;
nTotalSlots = 4;
nMorningSlots = 2;
requested = [|1, 2,3, |1, 3,3, |1, 4,3, |];
meetingsxBusiness = [{1,2,3,4}, {1,2}, {1,3}, {1,4}];
nMeetingsBusiness = [3,1,1,1];
forbidden = [{0,2}, {0}, {}, {0}];
fixed = [0,0,0];
precedences = [{},{},{}];
"""


def write_tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.dzn"
    path.write_text(TINY_DZN, encoding="utf-8")
    return path


def test_solve_tiny_writes_the_contract_json(tmp_path: Path) -> None:
    output = tmp_path / "out.json"
    args = ["b2b", "solve", str(write_tiny(tmp_path)), "--output", str(output), "--workers", "1"]
    result = runner.invoke(app, [*args, "--quiet"])
    assert result.exit_code == 0
    report = json.loads(output.read_text(encoding="utf-8"))
    assert sorted(report) == [
        "assignments",
        "bound",
        "meetings_scheduled",
        "objective",
        "seconds",
        "status",
    ]
    assert (report["status"], report["objective"], report["bound"]) == ("optimal", 1, 1)
    assert report["meetings_scheduled"] == 3
    assert sorted(a["meeting"] for a in report["assignments"]) == [1, 2, 3]
    assert all(a["slot"] in (1, 3, 4) for a in report["assignments"])
    assert report["seconds"] > 0


def test_infeasible_exits_zero_with_infeasible_status(tmp_path: Path) -> None:
    output = tmp_path / "out.json"
    result = runner.invoke(
        app,
        ["b2b", "solve", str(write_tiny(tmp_path)), "--fairness", "0", "--output", str(output)],
    )
    assert result.exit_code == 0
    report = json.loads(output.read_text(encoding="utf-8"))
    assert (report["status"], report["objective"], report["assignments"]) == (
        "infeasible",
        None,
        [],
    )


def test_fairness_none_and_mode_max(tmp_path: Path) -> None:
    output = tmp_path / "out.json"
    args = ["b2b", "solve", str(write_tiny(tmp_path)), "--mode", "max", "--fairness", "none"]
    result = runner.invoke(app, [*args, "--output", str(output), "--time-limit", "20"])
    assert result.exit_code == 0
    report = json.loads(output.read_text(encoding="utf-8"))
    assert (report["status"], report["objective"], report["meetings_scheduled"]) == (
        "optimal",
        1,
        3,
    )


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    output = tmp_path / "out.json"
    result = runner.invoke(
        app, ["b2b", "solve", str(tmp_path / "nope.dzn"), "--output", str(output)]
    )
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {tmp_path / 'nope.dzn'}: no such file"
    assert not output.exists()


def test_malformed_file_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.dzn"
    bad.write_text(TINY_DZN.replace("fixed = [0,0,0]", "fixed = [0,x,0]"), encoding="utf-8")
    result = runner.invoke(app, ["b2b", "solve", str(bad), "--output", str(tmp_path / "o.json")])
    assert result.exit_code == 2
    assert (
        result.output.strip() == f"error: {bad}:10:12: field fixed: token 'x': expected an integer"
    )


def test_real_small_instance(tmp_path: Path) -> None:
    output = tmp_path / "out.json"
    instance = INSTANCES / "tic-12.original.dzn"
    result = runner.invoke(app, ["b2b", "solve", str(instance), "--output", str(output), "--quiet"])
    assert result.exit_code == 0
    report = json.loads(output.read_text(encoding="utf-8"))
    assert (report["status"], report["objective"], report["meetings_scheduled"]) == (
        "optimal",
        0,
        125,
    )


@pytest.mark.parametrize(
    ("option", "value"), [("--time-limit", "-1"), ("--time-limit", "0"), ("--workers", "0")]
)
def test_out_of_range_limits_are_refused(tmp_path: Path, option: str, value: str) -> None:
    output = tmp_path / "out.json"
    args = ["b2b", "solve", str(write_tiny(tmp_path)), "--output", str(output), option, value]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.output
    assert not output.exists()


def test_help_lists_the_modes() -> None:
    result = runner.invoke(app, ["b2b", "solve", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "<max|all>" in result.output


def test_unwritable_output_is_refused_before_solving(tmp_path: Path) -> None:
    output = tmp_path / "nodir" / "out.json"
    args = ["b2b", "solve", str(write_tiny(tmp_path)), "--output", str(output), "--quiet"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    reason = f"no directory {output.parent}"
    assert result.output == f"error: --output {output}: cannot write ({reason})\n"


def test_result_file_gets_the_usual_mode(tmp_path: Path, umask: None) -> None:
    output = tmp_path / "out.json"
    args = ["b2b", "solve", str(write_tiny(tmp_path)), "--output", str(output), "--workers", "1"]
    assert runner.invoke(app, [*args, "--quiet"]).exit_code == 0
    assert stat.S_IMODE(output.stat().st_mode) == 0o644
