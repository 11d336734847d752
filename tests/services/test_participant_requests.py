"""A participant's own requests (send, answer, withdraw) and the mission's request deadline,
on the sample dataset: Inès → Joost accepted, Joost → Anne pending, Anne → Inès proposed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.exchange.missions import mission_item, parse_mission
from rencontre.exchange.tables import Row
from rencontre.services.participant_requests import (
    Answer,
    Refusal,
    RequestRefused,
    answer_request,
    participant_requests,
    send_request,
)
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.updates import store_records

MISSION = "hdf-nl-2025"
INES = "ines@voltaique.example"
JOOST = "joost@batterijlab.example"
ANNE = "anne@wallonie.example"
NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


@pytest.fixture
def stored(engine: Engine, sample_dataset: Dataset) -> Engine:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    return engine


def ids(session: Session) -> dict[str, int]:
    return repo.participant_ids(session)


def requests(session: Session) -> list[tuple[str, str, RequestStatus]]:
    return sorted(
        (r.requester, r.requested, r.status) for r in repo.meeting_requests(session, MISSION)
    )


def refusal(session: Session, email: str, to: str, priority: int = 2) -> Refusal:
    with pytest.raises(RequestRefused) as refused:
        send_request(session, mission=MISSION, email=email, to=ids(session)[to],
                     priority=priority, message="", now=NOW)  # fmt: skip
    return refused.value.refusal


def request_id(session: Session, email: str, other: str) -> int:
    mine = participant_requests(session, mission=MISSION, email=email)
    return next(line.id for line in (*mine.sent, *mine.received) if line.other.email == other)


def test_a_sent_request_takes_the_place_of_the_pairs_proposal(stored: Engine) -> None:
    with session_scope(stored) as session:
        sent = send_request(session, mission=MISSION, email=INES, to=ids(session)[ANNE],
                            priority=3, message=" Bonjour ", now=NOW)  # fmt: skip
        assert (sent.other.email, sent.merged) == (ANNE, False)
    with session_scope(stored) as session:
        assert requests(session) == [
            (INES, ANNE, RequestStatus.PENDING),
            (INES, JOOST, RequestStatus.ACCEPTED),
            (JOOST, ANNE, RequestStatus.PENDING),
        ]
        (mine,) = [r for r in repo.meeting_requests(session, MISSION) if r.requested == ANNE
                   and r.requester == INES]  # fmt: skip
        assert (mine.priority, mine.message, mine.score) == (3, "Bonjour", None)


def test_a_request_to_someone_who_asked_first_is_merged_as_an_import_merges(
    stored: Engine,
) -> None:
    with session_scope(stored) as session:
        sent = send_request(session, mission=MISSION, email=ANNE, to=ids(session)[JOOST],
                            priority=3, message="Moi aussi", now=NOW)  # fmt: skip
        assert sent.merged
    with session_scope(stored) as session:
        (merged,) = [r for r in repo.meeting_requests(session, MISSION) if r.requester == JOOST
                     and r.requested == ANNE]  # fmt: skip
        assert merged == MeetingRequest(
            MISSION, JOOST, ANNE, priority=3, status=RequestStatus.PENDING,
            reverse_message="Moi aussi",
            origin=f"{JOOST} → {ANNE} (stored) + {ANNE} → {JOOST} (web page, row 1)",
        )  # fmt: skip
        assert len(repo.meeting_requests(session, MISSION)) == 3


def test_sending_is_refused_with_its_reason_and_changes_nothing(stored: Engine) -> None:
    with session_scope(stored) as session:
        before = requests(session)
        assert refusal(session, INES, INES) == Refusal.TO_HERSELF
        assert refusal(session, INES, JOOST) == Refusal.ALREADY_SENT
        assert refusal(session, JOOST, INES) == Refusal.ALREADY_EXISTS  # Inès's, accepted
        assert refusal(session, INES, ANNE, priority=4) == Refusal.BAD_PRIORITY
        with pytest.raises(RequestRefused) as unknown:
            send_request(session, mission=MISSION, email=INES, to=999_999, priority=2,
                         message="", now=NOW)  # fmt: skip
        assert unknown.value.refusal is Refusal.NOT_IN_MISSION
        assert requests(session) == before


def test_only_the_requested_person_answers_and_only_the_requester_withdraws(
    stored: Engine,
) -> None:
    with session_scope(stored) as session:
        number = request_id(session, ANNE, JOOST)  # Joost → Anne, pending
        for email, answer, expected in (
            (INES, Answer.ACCEPT, Refusal.NOT_FOUND),
            (INES, Answer.WITHDRAW, Refusal.NOT_FOUND),
            (JOOST, Answer.ACCEPT, Refusal.NOT_ALLOWED),
            (ANNE, Answer.WITHDRAW, Refusal.NOT_ALLOWED),
        ):
            with pytest.raises(RequestRefused) as refused:
                answer_request(session, mission=MISSION, email=email, request_id=number,
                               answer=answer, now=NOW)  # fmt: skip
            assert refused.value.refusal is expected, (email, answer)
        line = answer_request(session, mission=MISSION, email=ANNE, request_id=number,
                              answer=Answer.DECLINE, message=" Non merci ", now=NOW)  # fmt: skip
        assert (line.request.status, line.request.reverse_message) == (
            RequestStatus.DECLINED,
            "Non merci",
        )
        with pytest.raises(RequestRefused) as again:
            answer_request(session, mission=MISSION, email=ANNE, request_id=number,
                           answer=Answer.ACCEPT, now=NOW)  # fmt: skip
        assert again.value.refusal is Refusal.NOT_ALLOWED
    with session_scope(stored) as session:
        assert (JOOST, ANNE, RequestStatus.DECLINED) in requests(session)


def test_a_pending_request_is_withdrawn_by_its_sender(stored: Engine) -> None:
    with session_scope(stored) as session:
        number = request_id(session, JOOST, ANNE)
        line = answer_request(session, mission=MISSION, email=JOOST, request_id=number,
                              answer=Answer.WITHDRAW, now=NOW)  # fmt: skip
        assert line.request.status is RequestStatus.CANCELLED
    with session_scope(stored) as session:
        assert (JOOST, ANNE, RequestStatus.CANCELLED) in requests(session)


def test_the_requests_page_leaves_proposals_out(stored: Engine) -> None:
    with session_scope(stored) as session:
        ines = participant_requests(session, mission=MISSION, email=INES)
        assert [(line.other.email, line.sent) for line in (*ines.sent, *ines.received)] == [
            (JOOST, True)
        ]
        anne = participant_requests(session, mission=MISSION, email=ANNE)
        assert [line.other.email for line in anne.received] == [JOOST]
        assert [line.can_answer for line in anne.received] == [True]


def close_requests(engine: Engine, moment: datetime | None) -> None:
    with session_scope(engine) as session:
        mission = repo.get_mission(session, MISSION)
        store_records(session, Dataset(missions=(replace(mission, requests_close_at=moment),)))


def test_the_deadline_is_stored_and_closes_every_action(stored: Engine) -> None:
    deadline = datetime(2025, 6, 1, 18, tzinfo=ZoneInfo("Europe/Paris"))
    close_requests(stored, deadline)
    with session_scope(stored) as session:
        mission = repo.get_mission(session, MISSION)
        assert mission.requests_close_at == deadline
        assert mission.requests_open(deadline - timedelta(seconds=1))
        assert not mission.requests_open(deadline)
        later = deadline + timedelta(minutes=1)
        with pytest.raises(RequestRefused) as closed:
            send_request(session, mission=MISSION, email=INES, to=ids(session)[ANNE],
                         priority=2, message="", now=later)  # fmt: skip
        assert closed.value.refusal is Refusal.CLOSED
        number = request_id(session, ANNE, JOOST)
        with pytest.raises(RequestRefused) as answer_closed:
            answer_request(session, mission=MISSION, email=ANNE, request_id=number,
                           answer=Answer.ACCEPT, now=later)  # fmt: skip
        assert answer_closed.value.refusal is Refusal.CLOSED
        # Before it, the same answer goes through.
        answer_request(session, mission=MISSION, email=ANNE, request_id=number,
                       answer=Answer.ACCEPT, now=deadline - timedelta(hours=1))  # fmt: skip
    close_requests(stored, None)  # the organiser lifts it
    with session_scope(stored) as session:
        assert repo.get_mission(session, MISSION).requests_close_at is None


def test_the_deadline_goes_through_missions_json_in_the_missions_zone(
    sample_dataset: Dataset,
) -> None:
    (mission,) = sample_dataset.missions
    closing = replace(mission, requests_close_at=datetime(2025, 6, 1, 16, tzinfo=UTC))
    item = mission_item(closing)
    assert item["requests_close_at"] == "2025-06-01T18:00:00+02:00"
    assert "requests_close_at" not in mission_item(mission)
    read, problems = parse_mission("missions.json", Row(1, item))
    assert (problems, read.requests_close_at) == ([], closing.requests_close_at)
    local = {**item, "requests_close_at": "2025-06-01T18:00"}  # no offset: the mission's zone
    assert parse_mission("missions.json", Row(1, local))[0].requests_close_at == datetime(
        2025, 6, 1, 16, tzinfo=UTC
    )
    bad, bad_problems = parse_mission(
        "missions.json", Row(1, {**item, "requests_close_at": "soon"})
    )
    assert [p.field for p in bad_problems] == ["requests_close_at"]
