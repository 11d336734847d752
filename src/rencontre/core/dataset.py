"""A set of domain objects moved as one unit: an import, an export, the demo."""

from __future__ import annotations

from dataclasses import dataclass

from rencontre.core.meeting import Meeting, MeetingRequest, Outcome
from rencontre.core.meeting_outcome import MeetingOutcome
from rencontre.core.mission import Mission
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant


@dataclass(frozen=True)
class Dataset:
    organisations: tuple[Organisation, ...] = ()
    participants: tuple[Participant, ...] = ()
    opportunities: tuple[Opportunity, ...] = ()
    missions: tuple[Mission, ...] = ()
    meeting_requests: tuple[MeetingRequest, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    meeting_outcomes: tuple[MeetingOutcome, ...] = ()
