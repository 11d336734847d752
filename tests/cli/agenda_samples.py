"""The sample mission with two monolingual people added, its meetings imported as placed.

Claire Vasseur speaks French only and Jeroen de Vries Dutch only; they meet at 10:00 (table
1) with no common language. Claire meets Inès (French, English) at 10:30, Jeroen meets Joost
(Dutch, English, French) at 11:00, Inès meets Joost at 10:00 (table 4), and Anne (who
declares no language; her organisation is Belgian) had a meeting with Jeroen at 11:30 that
is cancelled. All on 10 June 2025 at the Technopole, Paris time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from typer.testing import Result

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language, MeetingStatus, RequestStatus
from rencontre.core.meeting import Meeting, MeetingRequest
from rencontre.core.participant import Participant
from rencontre.exchange import FileFormat, write_files

RunCli = Callable[..., Result]
PARIS = ZoneInfo("Europe/Paris")

INES = "ines@voltaique.example"
JOOST = "joost@batterijlab.example"
ANNE = "anne@wallonie.example"
CLAIRE = "claire@voltaique.example"
JEROEN = "jeroen.devries@example.nl"
MISSION_TITLE = "Mission néerlandaise en Hauts-de-France"

NEW_PEOPLE = (
    Participant(CLAIRE, "Claire Vasseur", "Voltaïque Charge", languages=(Language.FR,)),
    Participant(JEROEN, "Jeroen de Vries", "Batterij Lab Eindhoven", languages=(Language.NL,)),
)
# (first, second, hour, minute, table, status)
PLACED = (
    (CLAIRE, JEROEN, 10, 0, 1, MeetingStatus.SCHEDULED),
    (INES, JOOST, 10, 0, 4, MeetingStatus.SCHEDULED),
    (CLAIRE, INES, 10, 30, 2, MeetingStatus.SCHEDULED),
    (JEROEN, JOOST, 11, 0, 3, MeetingStatus.SCHEDULED),
    (ANNE, JEROEN, 11, 30, 1, MeetingStatus.CANCELLED),
)


def language_dataset(sample: Dataset) -> Dataset:
    """The sample dataset with Claire and Jeroen, and the meetings of `PLACED`."""
    (mission,) = sample.missions
    participants = (*sample.participants, *NEW_PEOPLE)
    mission = replace(mission, participants=tuple(p.email for p in participants))
    meetings = tuple(
        Meeting(mission.key, first, second, start, start + timedelta(minutes=30), "technopole",
                table, status=status)
        for first, second, hour, minute, table, status in PLACED
        for start in [datetime(2025, 6, 10, hour, minute, tzinfo=PARIS)]
    )  # fmt: skip
    requests = tuple(
        MeetingRequest(mission.key, m.requester, m.requested, status=RequestStatus.ACCEPTED)
        for m in meetings
    )
    return replace(
        sample,
        participants=participants,
        missions=(mission,),
        meeting_requests=requests,
        meetings=meetings,
        outcomes=(),
    )


def import_language_mission(rencontre: RunCli, sample: Dataset, directory: Path) -> None:
    """Import `language_dataset(sample)` through `rencontre import`."""
    files = write_files(language_dataset(sample), directory, FileFormat.CSV)
    result = rencontre("import", *map(str, files))
    assert result.exit_code == 0, result.output
