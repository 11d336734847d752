from __future__ import annotations

import json
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rencontre.cli import app

runner = CliRunner()

ORGS = [
    {
        "id": "fr-charge",
        "name": "ChargeFR",
        "country": "FR",
        "texts": ["Jeune entreprise de bornes de recharge rapide"],
        "needs": ["réseau de distribution aux Pays-Bas"],
        "partners": ["fr-lab"],
    },
    {"id": "fr-lab", "country": "FR", "texts": ["Laboratoire universitaire, pistes d'essai"]},
    {
        "id": 42,
        "country": "NL",
        "kind": "PRC",
        "texts": ["Groothandel in laadpalen"],
        "offers": ["réseau de distribution aux Pays-Bas"],
        "unknown": True,
    },
    {"id": "nl-2", "country": "NL", "texts": ["Fabrikant van snelladers"], "languages": ["nl"]},
]


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_retrieve_writes_one_line_per_query_with_1_based_numbers(tmp_path: Path) -> None:
    (tmp_path / "q.txt").write_text("Le chat dort.\nIl pleut à Lille.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text(
        "Het regent in Rijsel.\nDe kat slaapt.\nDe kat slaapt.\n", encoding="utf-8"
    )
    out = tmp_path / "out.tsv"
    args = ["match", "retrieve", "--queries", str(tmp_path / "q.txt")]
    args += ["--candidates", str(tmp_path / "c.txt"), "--top", "2", "--output", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row[0] for row in rows] == ["1", "2"]
    assert sorted(rows[0][1:]) == ["2", "3"]  # identical candidates are interchangeable
    assert rows[1][1] == "1"


def partners(tmp_path: Path, *extra: str) -> tuple[int, list[dict[str, object]], str]:
    orgs = write_jsonl(tmp_path / "orgs.jsonl", ORGS)  # type: ignore[arg-type]
    out = tmp_path / "out.jsonl"
    args = ["match", "partners", "--organisations", str(orgs), "--output", str(out)]
    result = runner.invoke(app, [*args, "--encoder", "lexical", *extra])
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    return result.exit_code, [json.loads(line) for line in lines], result.output


def test_partners_contract_never_itself_nor_known_partner(tmp_path: Path) -> None:
    code, records, output = partners(tmp_path, "--top", "3")
    assert code == 0, output
    assert [r["id"] for r in records] == ["fr-charge", "fr-lab", 42, "nl-2"]
    first = {item["id"] for item in records[0]["recommendations"]}  # type: ignore[union-attr]
    assert first == {42, "nl-2"}
    for record in records:
        for item in record["recommendations"]:  # type: ignore[union-attr]
            assert item["id"] != record["id"]
            assert isinstance(item["score"], float)
            assert len(item["reasons"]) >= 1
    assert records[0]["recommendations"][0]["id"] == 42  # type: ignore[index]


def test_partners_cross_border_and_dutch_reasons(tmp_path: Path) -> None:
    code, records, output = partners(tmp_path, "--top", "5", "--cross-border", "--lang", "nl")
    assert code == 0, output
    nl_side = records[2]["recommendations"]
    assert {item["id"] for item in nl_side} == {"fr-charge", "fr-lab"}  # type: ignore[union-attr]
    best = records[0]["recommendations"][0]  # type: ignore[index]
    assert best["reasons"][0] == (
        "Biedt „réseau de distribution aux Pays-Bas”, wat past bij uw behoefte "
        "„réseau de distribution aux Pays-Bas”"
    )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"id": "x", "texts": "not a list"}, "orgs.jsonl:5: field 'texts': expected a list"),
        ({"texts": []}, "orgs.jsonl:5: field 'id': missing"),
    ],
)
def test_partners_bad_input_fails_on_one_line_and_writes_nothing(
    tmp_path: Path, bad: dict[str, object], message: str
) -> None:
    orgs = write_jsonl(tmp_path / "orgs.jsonl", [*ORGS, bad])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["match", "partners", "--organisations", str(orgs), "--output", str(out)]
    )
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_partners_unsupported_language_is_refused(tmp_path: Path) -> None:
    code, records, output = partners(tmp_path, "--lang", "de")
    assert code == 1 and records == []
    assert "--lang: unsupported language 'de'" in output


def retrieve_args(tmp_path: Path, output: Path, *extra: str) -> list[str]:
    (tmp_path / "q.txt").write_text("Le chat dort.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("De kat slaapt.\nHet regent.\n", encoding="utf-8")
    args = ["match", "retrieve", "--queries", str(tmp_path / "q.txt")]
    return [*args, "--candidates", str(tmp_path / "c.txt"), "--output", str(output), *extra]


def partners_args(tmp_path: Path, output: Path, *extra: str) -> list[str]:
    orgs = write_jsonl(tmp_path / "orgs.jsonl", ORGS)  # type: ignore[arg-type]
    return ["match", "partners", "--organisations", str(orgs), "--output", str(output), *extra]


@pytest.mark.parametrize("command", [retrieve_args, partners_args])
@pytest.mark.parametrize(
    ("option", "name", "reason"),
    [
        ("--output", "nodir/out", "no directory {tmp}/nodir"),
        ("--output", "adir", "it is a directory"),
        ("--cache-dir", "afile", "it is not a directory"),
        ("--cache-dir", "afile/cache", "not a directory"),
    ],
)
def test_unwritable_output_or_cache_fails_on_one_line_before_encoding(
    tmp_path: Path, command: Any, option: str, name: str, reason: str
) -> None:
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    target = tmp_path / name
    output = target if option == "--output" else tmp_path / "out"
    extra = [] if option == "--output" else [option, str(target)]
    # An encoder that does not exist: the check must come before any encoder is built.
    result = runner.invoke(app, command(tmp_path, output, *extra, "--encoder", "bogus"))
    assert result.exit_code == 1
    expected = f"error: {option} {target}: cannot write ({reason.format(tmp=tmp_path)})"
    assert result.output.strip() == expected
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix not in (".txt", ".jsonl")) == [
        "adir",
        "afile",
    ]
    assert list((tmp_path / "adir").iterdir()) == []


@pytest.mark.parametrize("command", [retrieve_args, partners_args])
def test_output_file_gets_the_usual_mode(tmp_path: Path, command: Any, umask: None) -> None:
    output = tmp_path / "out"
    result = runner.invoke(app, command(tmp_path, output, "--encoder", "lexical"))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(output.stat().st_mode) == 0o644


def test_partners_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    orgs = tmp_path / "orgs.jsonl"
    orgs.write_bytes(b"\xef\xbb\xbf" + "".join(json.dumps(r) + "\n" for r in ORGS).encode())
    out = tmp_path / "out.jsonl"
    args = ["match", "partners", "--organisations", str(orgs), "--output", str(out)]
    result = runner.invoke(app, [*args, "--encoder", "lexical"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()] == [
        "fr-charge",
        "fr-lab",
        42,
        "nl-2",
    ]


def test_input_not_utf8_is_located_by_file_and_line(tmp_path: Path) -> None:
    latin1 = tmp_path / "l1.txt"
    latin1.write_bytes("Le chat dort.\nIl pleut à Lille.\n".encode("latin-1"))
    out = tmp_path / "out"
    args = ["match", "retrieve", "--queries", str(latin1), "--candidates", str(latin1)]
    result = runner.invoke(app, [*args, "--output", str(out), "--encoder", "lexical"])
    assert (result.exit_code, result.output) == (
        1,
        f"error: --queries {latin1}:2: not UTF-8 (byte 0xe0 at character 10 of the line)\n",
    )
    orgs = tmp_path / "in.jsonl"
    orgs.write_bytes(b'{"id": "a", "texts": []}\n{"id": "b", "texts": ["caf\xe9"]}\n')
    args = ["match", "partners", "--organisations", str(orgs), "--output", str(out)]
    result = runner.invoke(app, [*args, "--encoder", "lexical"])
    assert (result.exit_code, result.output) == (
        1,
        f"error: --organisations {orgs}:2: not UTF-8 (byte 0xe9 at character 27 of the line)\n",
    )
    assert not out.exists()


def test_partners_segments_in_any_case_score_alike(tmp_path: Path) -> None:
    def run(case: Callable[[str], str]) -> list[object]:
        orgs = [
            {"id": "cam", "country": "FR", "texts": ["Cathodes"], "segments": [case("BAT-CAM")]},
            {"id": "cell", "country": "NL", "texts": ["Cellen"], "segments": [case("BAT-CELL")]},
            {"id": "other", "country": "NL", "texts": ["Software"]},
        ]
        path = write_jsonl(tmp_path / "orgs.jsonl", orgs)  # type: ignore[arg-type]
        out = tmp_path / "out.jsonl"
        args = ["match", "partners", "--organisations", str(path), "--output", str(out)]
        result = runner.invoke(app, [*args, "--encoder", "lexical"])
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in out.read_text("utf-8").splitlines()]

    assert run(str.lower) == run(str.upper)


def test_partners_unknown_segment_is_refused_and_nothing_written(tmp_path: Path) -> None:
    orgs = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "texts": ["t"], "segments": ["NOPE"]}])
    out = tmp_path / "out.jsonl"
    args = ["match", "partners", "--organisations", str(orgs), "--output", str(out)]
    result = runner.invoke(app, [*args, "--encoder", "lexical"])
    assert (result.exit_code, result.output) == (
        1,
        f"error: --organisations {orgs}:1: field 'segments': unknown value-chain segment 'NOPE'\n",
    )
    assert not out.exists()


@pytest.mark.parametrize("bonus", ["nan", "inf", "-inf"])
def test_partners_non_finite_cross_border_bonus_is_refused(tmp_path: Path, bonus: str) -> None:
    code, records, output = partners(tmp_path, "--cross-border-bonus", bonus)
    assert (code, records) == (2, [])
    assert "must be a finite number" in output


@pytest.mark.parametrize(
    "command", [[], ["match"], ["match", "partners"], ["match", "retrieve"], ["b2b", "solve"]]
)
def test_help_shows_flags_without_a_value(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "--help" in result.output
    assert "<bool>" not in result.output


def test_sentence_transformers_encoder_without_its_extra_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if not installed
    lines = tmp_path / "lines.txt"
    lines.write_text("a\nb\n", encoding="utf-8")
    args = ["--queries", str(lines), "--candidates", str(lines), "--output", str(tmp_path / "o")]
    result = runner.invoke(app, ["match", "retrieve", *args, "--encoder", "st:some-model"])
    assert result.exit_code == 1
    assert "optional extra, not installed here (pip install 'rencontre[st]'" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def run_partners_on(tmp_path: Path, content: bytes) -> tuple[int, str, Path]:
    """Exit code and output of `match partners` on a file of `content`, and its output path."""
    orgs = tmp_path / "orgs.jsonl"
    orgs.write_bytes(content)
    out = tmp_path / "out.jsonl"
    args = ["match", "partners", "--organisations", str(orgs), "--output", str(out)]
    result = runner.invoke(app, [*args, "--encoder", "lexical"])
    return result.exit_code, result.output, out


def test_bad_byte_after_a_byte_order_mark_is_the_bad_one(tmp_path: Path) -> None:
    queries = tmp_path / "Qx.txt"
    queries.write_bytes(b"\xef\xbb\xbfabcdefgh \xe9x\n")
    (tmp_path / "C.txt").write_text("a\nb\n", encoding="utf-8")
    out = tmp_path / "o.tsv"
    args = ["match", "retrieve", "--queries", str(queries), "--candidates", str(tmp_path / "C.txt")]
    result = runner.invoke(app, [*args, "--output", str(out), "--encoder", "lexical"])
    assert (result.exit_code, result.output) == (
        1,
        f"error: --queries {queries}:1: not UTF-8 (byte 0xe9 at character 10 of the line)\n",
    )
    code, output, out = run_partners_on(tmp_path, b'\xef\xbb\xbf{"id": "a", "texts": ["\xe9"]}\n')
    assert (code, output) == (
        1,
        f"error: --organisations {tmp_path / 'orgs.jsonl'}:1: "
        "not UTF-8 (byte 0xe9 at character 24 of the line)\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["C.txt", "Qx.txt", "orgs.jsonl"]


@pytest.mark.parametrize("content", [b"", b"\n  \n\t\n", b"\xef\xbb\xbf\n"])
def test_partners_without_any_organisation_is_refused(tmp_path: Path, content: bytes) -> None:
    code, output, out = run_partners_on(tmp_path, content)
    expected = f"error: --organisations {tmp_path / 'orgs.jsonl'}: the file holds no organisation\n"
    assert (code, output) == (1, expected)
    assert not out.exists()


def test_partners_missing_file_names_its_option(tmp_path: Path) -> None:
    nope, out = tmp_path / "nope.jsonl", tmp_path / "out.jsonl"
    args = ["match", "partners", "--organisations", str(nope), "--output", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.output.startswith(f"error: --organisations {nope}: cannot read ([Errno 2] ")
    assert len(result.output.splitlines()) == 1 and not out.exists()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            '{"id": "b" "texts": []}',
            "invalid JSON: Expecting ',' delimiter at character 12 of the line",
        ),
        ('{"id": "b", "texts": null}', "field 'texts': null (a list of strings is required; [] "),
        (
            '{"id": "b", "texts": [], "languages": ["klingon"]}',
            "field 'languages': 'klingon' is not",
        ),
        ('{"id": "b", "texts": [], "languages": ["French"]}', "code; write 'fr'"),
    ],
)
def test_partners_bad_line_is_located_and_nothing_written(
    tmp_path: Path, line: str, reason: str
) -> None:
    content = '{"id": "a", "texts": ["t"]}\n' + line + "\n"
    code, output, out = run_partners_on(tmp_path, content.encode())
    assert code == 1 and len(output.splitlines()) == 1
    assert output.startswith(f"error: --organisations {tmp_path / 'orgs.jsonl'}:2: ")
    assert reason in output
    assert not out.exists()


def test_partners_language_codes_in_any_case_make_a_shared_language(tmp_path: Path) -> None:
    orgs = [
        {"id": "a", "country": "FR", "texts": ["Bornes de recharge"], "languages": [" NL "]},
        {"id": "b", "country": "NL", "texts": ["Laadpalen"], "languages": ["nl"]},
        {"id": "c", "country": "NL", "texts": ["Laadpalen"], "languages": ["de"]},
    ]
    content = "".join(json.dumps(org) + "\n" for org in orgs).encode()
    code, output, out = run_partners_on(tmp_path, content)
    assert code == 0, output
    first = json.loads(out.read_text("utf-8").splitlines()[0])["recommendations"]
    reasons = {item["id"]: item["reasons"] for item in first}
    assert "You share a working language: Dutch" in reasons["b"]
    assert not any("working language" in reason for reason in reasons["c"])
