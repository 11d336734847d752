"""Where a mission's requests stand: per status, per person, who has none accepted, which
organisations nobody asked to meet; on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine

from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.services.request_overview import request_overview
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

MISSION = "hdf-nl-2025"
INES = "ines@voltaique.example"
JOOST = "joost@batterijlab.example"
ANNE = "anne@wallonie.example"


def test_the_sample_mission_counted_by_status_and_person(
    engine: Engine, sample_dataset: Dataset
) -> None:
    # Inès → Joost accepted, Joost → Anne pending, Anne → Inès proposed; and a mutual
    # request Anne ↔ Joost merged into the pending one.
    mutual = MeetingRequest(MISSION, ANNE, JOOST, status=RequestStatus.PENDING)
    dataset = replace(sample_dataset, meeting_requests=(*sample_dataset.meeting_requests, mutual))
    with session_scope(engine) as session:
        repo.save_dataset(session, dataset)
        overview = request_overview(repo.load_mission(session, MISSION))
    assert dict(overview.by_status) == {
        RequestStatus.PROPOSED: 1,
        RequestStatus.PENDING: 1,
        RequestStatus.ACCEPTED: 1,
        RequestStatus.DECLINED: 0,
        RequestStatus.CANCELLED: 0,
    }
    assert overview.total == 3
    counted = {p.person.email: (p.sent, p.received, p.accepted) for p in overview.people}
    assert counted == {INES: (1, 0, 1), JOOST: (1, 2, 1), ANNE: (1, 1, 0)}
    assert [p.person.email for p in overview.without_accepted] == [ANNE]
    # Joost's lab was asked (accepted request), so was Anne's cluster (pending); Inès's
    # company only by a proposal, which is nobody's request.
    assert [g.organisation.name for g in overview.organisations_not_asked] == ["Voltaïque Charge"]
