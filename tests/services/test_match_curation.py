"""Curating the matching's proposals: listed and filtered, approved (pending requests, an
e-mail to both people in their language through a real SMTP server) or rejected (cancelled),
all or nothing, logged; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy import Engine
from tests.mail.smtp_server import SmtpServer, running_smtp_server

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language, OrganisationKind, RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.mail.settings import MailSettings, parse_smtp_url
from rencontre.services import accounts, audit_log
from rencontre.services import match_curation as curation
from rencontre.services.jobs import record_matching_run
from rencontre.services.match_curation import (
    CurationRefusal,
    CurationRefused,
    Decision,
    ProposalFilter,
)
from rencontre.services.participant_requests import (
    Answer,
    answer_request,
    participant_requests,
    send_request,
)
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.desk_requests import set_requests_close_at

MISSION = "hdf-nl-2025"
INES = "ines@voltaique.example"
ANNE = "anne@wallonie.example"
SANNE = "sanne@laadnet.example"
OLIVIA = "olivia@agency.example"
NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
BASE = "https://missions.example"
REASONS = "Both build charging networks; Complementary positions in the value chain"


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        yield server


def curation_dataset(sample: Dataset) -> Dataset:
    """The sample, with Sanne (a Dutch speaker of a Dutch charging company) and the
    matching's proposal that Inès meets her, beside the sample's Anne → Inès."""
    sanne = Participant(SANNE, "Sanne de Vries", "Laadnet Utrecht", languages=(Language.NL,))
    laadnet = Organisation("Laadnet Utrecht", "NL", OrganisationKind.COMPANY, segments=("CHG-AC",))
    mission = replace(sample.missions[0], participants=(*sample.missions[0].participants, SANNE))
    proposal = MeetingRequest(
        MISSION, INES, SANNE, status=RequestStatus.PROPOSED, score=0.9, message=REASONS
    )
    return replace(
        sample,
        organisations=(*sample.organisations, laadnet),
        participants=(*sample.participants, sanne),
        missions=(mission,),
        meeting_requests=(*sample.meeting_requests, proposal),
        outcomes=(),
    )


@pytest.fixture
def stored(engine: Engine, sample_dataset: Dataset) -> Engine:
    with session_scope(engine) as session:
        repo.save_dataset(session, curation_dataset(sample_dataset))
        # The proposals stand for the engine's: a matching run stored them.
        record_matching_run(session, MISSION, by=OLIVIA, now=NOW, organisations=4)
    return engine


def proposals(engine: Engine) -> curation.Proposals:
    with session_scope(engine) as session:
        return curation.mission_proposals(session, mission=MISSION)


def decide(engine: Engine, ids: set[int], decision: Decision) -> curation.Curated:
    with session_scope(engine) as session:
        return curation.curate(
            session,
            mission=MISSION,
            ids=ids,
            decision=decision,
            by=OLIVIA,
            now=NOW,
            requests_url=f"{BASE}/me/requests",
            personal_link=lambda token: f"{BASE}/l/{token}",
        )


def statuses(engine: Engine) -> dict[frozenset[str], RequestStatus]:
    with session_scope(engine) as session:
        return {r.pair: r.status for r in repo.load_mission(session, MISSION).requests}


def test_proposals_come_best_first_with_countries_languages_and_reasons(stored: Engine) -> None:
    found = proposals(stored)
    assert [(p.requester.email, p.requested.email) for p in found.items] == [
        (INES, SANNE),
        (ANNE, INES),
    ]
    first, second = found.items
    assert (first.countries, first.shared_languages, first.from_engine) == ("FR-NL", (), True)
    assert first.reasons == (
        "Both build charging networks",
        "Complementary positions in the value chain",
    )
    assert first.segments == frozenset({"CHG-DC", "CHG-SMART", "CHG-AC"})
    # Anne declares no language: she is taken to speak her country's (Belgium's).
    assert (second.countries, "fr" in second.shared_languages) == ("BE-FR", True)
    assert second.reasons == ()
    assert found.country_pairs == ("BE-FR", "FR-NL")


@pytest.mark.parametrize(
    ("chosen", "kept"),
    [
        (ProposalFilter(countries="NL-FR"), [SANNE]),
        (ProposalFilter(countries="BE-FR"), [ANNE]),
        (ProposalFilter(segment="chg-ac"), [SANNE]),
        (ProposalFilter(segment="CHG-DC"), [SANNE, ANNE]),
        (ProposalFilter(segment="BAT-CELL"), []),
        (ProposalFilter(language=curation.NO_SHARED_LANGUAGE), [SANNE]),
        (ProposalFilter(language="fr"), [ANNE]),
        (ProposalFilter(), [SANNE, ANNE]),
    ],
)
def test_filters_keep_the_pairs_of_a_country_pair_segment_or_shared_language(
    stored: Engine, chosen: ProposalFilter, kept: list[str]
) -> None:
    shown = proposals(stored).filtered(chosen)
    assert [next(iter(p.request.pair - {INES})) for p in shown] == kept


def test_approving_sends_the_request_and_mails_both_in_their_language(
    stored: Engine, smtp_server: SmtpServer
) -> None:
    ines_sanne = proposals(stored).items[0]
    curated = decide(stored, {ines_sanne.id}, Decision.APPROVE)
    report = curation.send_notices(
        MailSettings(smtp=parse_smtp_url(smtp_server.url)), curated, now=NOW
    )
    assert [d.sent for d in report.deliveries] == [True, True]
    assert statuses(stored)[frozenset({INES, SANNE})] is RequestStatus.PENDING
    with session_scope(stored) as session:
        request = next(r for r in repo.load_mission(session, MISSION).requests if SANNE in r.pair)
    assert (request.requester, request.requested) == (INES, SANNE)  # Inès asks Sanne
    mails = {m["To"]: m for m in smtp_server.mailbox.messages}
    assert sorted(mails) == [INES, SANNE]
    ines, sanne = mails[INES], mails[SANNE]
    assert ines["Content-Language"] == "fr" and sanne["Content-Language"] == "nl"
    title = "Mission néerlandaise en Hauts-de-France"
    assert ines["Subject"] == f"{title} : nouvelles demandes de rendez-vous"
    assert sanne["Subject"] == f"{title}: nieuwe afspraakverzoeken"
    ines_text, sanne_text = body(ines), body(sanne)
    assert "Sanne de Vries (Laadnet Utrecht) : une demande de rendez-vous" in ines_text
    assert "Inès Dubois (Voltaïque Charge) wil u ontmoeten" in sanne_text
    assert f"Waarom, zoals de matching het in het Engels schreef: {REASONS}" in sanne_text
    assert f"Vos demandes : {BASE}/me/requests" in ines_text
    # Each message carries a personal link of its reader that opens her space.
    for email, text in ((INES, ines_text), (SANNE, sanne_text)):
        token = re.search(rf"{re.escape(BASE)}/l/(\S+)", text)
        assert token is not None
        with session_scope(stored) as session:
            opening = accounts.open_link(session, token=token.group(1), now=NOW)
            assert opening.started is not None
            visitor = accounts.session_visitor(session, key=opening.started.key, now=NOW)
            assert visitor is not None
            assert visitor.participant_id == repo.participant_ids(session)[email]


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def test_one_decision_writes_one_mail_per_person_listing_each_pair(stored: Engine) -> None:
    both = {p.id for p in proposals(stored).items}
    curated = decide(stored, both, Decision.APPROVE)
    # Inès is in both pairs: one message lists her two new requests.
    assert sorted(m.to for m in curated.mails) == [ANNE, INES, SANNE]
    ines = next(m for m in curated.mails if m.to == INES)
    assert ines.text.count("\n- ") == 2
    assert "Anne Peeters (Wallonie Mobilité) souhaite vous rencontrer" in ines.text


def test_rejecting_cancels_the_proposal_sends_nothing_and_logs_it(stored: Engine) -> None:
    ines_sanne = proposals(stored).items[0]
    curated = decide(stored, {ines_sanne.id}, Decision.REJECT)
    assert curated.mails == ()
    assert statuses(stored)[frozenset({INES, SANNE})] is RequestStatus.CANCELLED
    assert [p.request.pair for p in proposals(stored).items] == [frozenset({ANNE, INES})]
    with session_scope(stored) as session:
        log = audit_log.read_log(session, mission=MISSION, language=Language.FR)
    assert [(line.actor, line.action, line.text, line.note) for line in log] == [
        (OLIVIA, "match.rejected", "Proposition rejetée : Inès Dubois et Sanne de Vries.", REASONS)
    ]


def test_approving_is_logged_per_pair(stored: Engine) -> None:
    decide(stored, {p.id for p in proposals(stored).items}, Decision.APPROVE)
    with session_scope(stored) as session:
        log = audit_log.read_log(session, mission=MISSION, language=Language.EN)
    assert sorted(line.text for line in log) == [
        "Proposal approved: Anne Peeters asks Inès Dubois for a meeting.",
        "Proposal approved: Inès Dubois asks Sanne de Vries for a meeting.",
    ]


def test_a_decision_on_an_id_no_longer_proposed_changes_nothing(stored: Engine) -> None:
    ines_sanne, anne_ines = proposals(stored).items
    decide(stored, {anne_ines.id}, Decision.REJECT)
    with pytest.raises(CurationRefused) as refused:
        decide(stored, {ines_sanne.id, anne_ines.id}, Decision.APPROVE)
    assert refused.value.refusal is CurationRefusal.NOT_PROPOSED
    assert statuses(stored)[frozenset({INES, SANNE})] is RequestStatus.PROPOSED
    with pytest.raises(CurationRefused) as nothing:
        decide(stored, set(), Decision.REJECT)
    assert nothing.value.refusal is CurationRefusal.NONE_CHOSEN


def test_approving_is_refused_once_requests_are_closed_rejecting_is_not(stored: Engine) -> None:
    ines_sanne, anne_ines = proposals(stored).items
    with session_scope(stored) as session:
        set_requests_close_at(session, MISSION, NOW - timedelta(hours=1))
    with pytest.raises(CurationRefused) as refused:
        decide(stored, {ines_sanne.id}, Decision.APPROVE)
    assert refused.value.refusal is CurationRefusal.CLOSED
    assert statuses(stored)[frozenset({INES, SANNE})] is RequestStatus.PROPOSED
    decide(stored, {anne_ines.id}, Decision.REJECT)
    assert statuses(stored)[frozenset({ANNE, INES})] is RequestStatus.CANCELLED


def test_starting_the_matching_is_logged(stored: Engine) -> None:
    with session_scope(stored) as session:
        job = curation.start_matching(session, mission=MISSION, by=OLIVIA, now=NOW)
        log = audit_log.read_log(session, mission=MISSION, language=Language.NL)
    assert (job.kind, job.state, job.started_by) == ("matching", "queued", OLIVIA)
    assert [(line.action, line.text) for line in log] == [
        ("matching.started", "Matching gestart: de voorstellen ervan vervangen de huidige.")
    ]


def test_a_rejected_proposal_is_not_shown_to_either_side_nor_stops_their_own_request(
    stored: Engine,
) -> None:
    ines_sanne = proposals(stored).items[0]
    decide(stored, {ines_sanne.id}, Decision.REJECT)
    with session_scope(stored) as session:
        for email in (INES, SANNE):
            mine = participant_requests(session, mission=MISSION, email=email)
            assert SANNE not in {line.other.email for line in (*mine.sent, *mine.received)}
        to_sanne = repo.participant_ids(session)[SANNE]
        send_request(
            session, mission=MISSION, email=INES, to=to_sanne, priority=2, message="", now=NOW
        )
    assert statuses(stored)[frozenset({INES, SANNE})] is RequestStatus.PENDING


def test_an_approved_proposal_withdrawn_later_stays_listed_as_withdrawn(stored: Engine) -> None:
    ines_sanne = proposals(stored).items[0]
    decide(stored, {ines_sanne.id}, Decision.APPROVE)
    with session_scope(stored) as session:
        answer_request(
            session, mission=MISSION, email=INES, request_id=ines_sanne.id,
            answer=Answer.WITHDRAW, message="", now=NOW,
        )  # fmt: skip
        mine = participant_requests(session, mission=MISSION, email=INES)
    [line] = [line for line in mine.sent if line.other.email == SANNE]
    assert line.request.status is RequestStatus.CANCELLED
