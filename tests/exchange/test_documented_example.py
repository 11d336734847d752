"""The example files of the data formats document import as they are."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rencontre.core.enums import Language, ProgrammeItemKind
from rencontre.core.mission import TableChange
from rencontre.exchange import read_import
from rencontre.exchange.missions import MISSION_KEYS

DOCUMENT = Path(__file__).parents[2] / "docs" / "data-formats.md"
PARIS = ZoneInfo("Europe/Paris")


def documented_examples(directory: Path) -> list[Path]:
    """Write every file the document shows after `<!-- example: NAME -->` into `directory`."""
    text = DOCUMENT.read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- example: (\S+) -->\n```\w*\n(.*?)```", text, flags=re.DOTALL)
    paths = []
    for name, body in blocks:
        path = directory / name
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def test_the_documented_example_imports(tmp_path: Path) -> None:
    paths = documented_examples(tmp_path)
    assert [p.name for p in paths] == ["organisations.csv", "participants.csv", "missions.json"]
    incoming = read_import(paths)
    [mission] = incoming.dataset.missions
    assert (mission.key, mission.slot_minutes, mission.languages) == (
        "nl-hdf-2027",
        30,
        (Language.FR, Language.NL, Language.EN),
    )
    assert mission.venues[0].table_changes == (
        TableChange(datetime(2027, 4, 6, 15, tzinfo=PARIS), 6),
    )
    demo = mission.programme[1]
    assert (demo.kind, demo.start, demo.audience, demo.sequence) == (
        ProgrammeItemKind.DEMO, datetime(2027, 4, 6, 10, tzinfo=PARIS),
        ("joost@laadpaal.example",), 1,
    )  # fmt: skip
    assert [o.country for o in incoming.dataset.organisations] == ["FR", "NL"]
    assert incoming.notes == (
        "4 times without a UTC offset were read in Europe/Paris",
        "Country names read as their codes: 'Pays-Bas' → NL (1 cell)",
    )


def test_the_documented_example_uses_every_key_of_a_mission() -> None:
    [mission] = json.loads(
        re.findall(
            r"<!-- example: missions.json -->\n```json\n(.*?)```",
            DOCUMENT.read_text(encoding="utf-8"),
            flags=re.DOTALL,
        )[0]
    )
    assert set(mission) == MISSION_KEYS
    assert {key for item in mission["programme"] for key in item} == {
        "key", "title", "kind", "start", "end", "venue", "audience", "description", "sequence",
    }  # fmt: skip
    assert {key for venue in mission["venues"] for key in venue} == {
        "key", "name", "address", "city", "tables", "table_changes",
    }  # fmt: skip


def test_every_key_of_a_mission_is_documented() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    section = text[text.index("### `missions.json`") :]
    for key in MISSION_KEYS:
        assert f"`{key}`" in section, key
