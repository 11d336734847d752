"""The organiser curates the matching's proposals: she approves or rejects them, one or many.

Decisions:
- the proposals are the mission's `proposed` requests, the engine's (a matching job or
  `rencontre match mission`) and any imported from a file; the engine's reasons are its
  message, written in English (`services.mission_matching`), split back into reasons;
- **approving** a proposal makes it a `pending` request in its stored direction: the
  requester asks the requested, who accepts or declines it on her requests page, as if the
  requester had sent it. The reasons stay as its message, so both see why. Both people get
  one e-mail per decision in the language the mission writes to them, listing every pair
  approved for them, with a link to their requests page and a new personal link (that page
  needs a session, which a link opens). Approving is refused once requests are closed:
  nobody could answer the request any more;
- **rejecting** a proposal makes it `cancelled`, not `declined`: declined says that the
  requested person refused, which nobody did; cancelled says that whoever made the
  suggestion took it back. Either keeps the pair out of the next matching run (which
  proposes no pair that has a request of another status) and out of the schedule;
- a decision is all or nothing: when one chosen id is no longer a proposal of the mission
  (a new matching run replaced it, another organiser decided it), nothing changes;
- each approved or rejected pair has its audit log entry, in the same transaction, with the
  organiser's e-mail as actor; starting a matching run has one too.

E-mail is sent after the transaction (`send_notices`): a message that cannot be sent does
not undo the decision, and the caller says which were not sent.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from rencontre.core.enums import Language, RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.documents import request_log
from rencontre.documents.request_mails import ApprovedRequest, approved_requests_mail
from rencontre.mail.messages import Mail
from rencontre.mail.postman import DeliveryReport, send_mail
from rencontre.mail.settings import MailSettings
from rencontre.services import accounts, audit_log
from rencontre.services.interpreters import spoken_by
from rencontre.services.jobs import JobKind, start_job
from rencontre.services.mission_matching import REASON_SEPARATOR
from rencontre.store import desk_requests as stored
from rencontre.store import jobs as stored_jobs
from rencontre.store import repositories as repo
from rencontre.store.jobs import Job

#: The language filter's value for pairs who share no language (an interpreter is needed).
NO_SHARED_LANGUAGE = "none"


@dataclass(frozen=True)
class Proposal:
    """A proposed request with what the desk shows and filters it by."""

    id: int
    request: MeetingRequest
    requester: Participant
    requested: Participant
    requester_country: str
    requested_country: str
    #: Value-chain segments of either organisation (taxonomy codes).
    segments: frozenset[str]
    #: Languages both people can be expected to speak (ISO codes), sorted.
    shared_languages: tuple[str, ...]
    #: Stored by the matching engine, whose reasons are in English.
    from_engine: bool

    @property
    def countries(self) -> str:
        """The pair's two countries in alphabetical order: "FR-NL"."""
        return "-".join(sorted((self.requester_country, self.requested_country)))

    @property
    def reasons(self) -> tuple[str, ...]:
        message = self.request.message.strip()
        if not message:
            return ()
        if not self.from_engine:
            return (message,)
        return tuple(r.strip() for r in message.split(REASON_SEPARATOR) if r.strip())


@dataclass(frozen=True)
class ProposalFilter:
    """Which proposals to list: a country pair ("FR-NL"), a segment, a shared language."""

    countries: str = ""
    segment: str = ""
    language: str = ""  # an ISO code, or NO_SHARED_LANGUAGE

    def keeps(self, proposal: Proposal) -> bool:
        countries = "-".join(sorted(self.countries.upper().split("-")))
        if self.countries and proposal.countries != countries:
            return False
        if self.segment and self.segment.upper() not in proposal.segments:
            return False
        if self.language == NO_SHARED_LANGUAGE:
            return not proposal.shared_languages
        return not self.language or self.language.lower() in proposal.shared_languages


@dataclass(frozen=True)
class Proposals:
    """Every proposal of a mission, best score first, and the values its filters offer."""

    mission: Mission
    items: tuple[Proposal, ...]

    def filtered(self, chosen: ProposalFilter) -> tuple[Proposal, ...]:
        return tuple(p for p in self.items if chosen.keeps(p))

    @property
    def country_pairs(self) -> tuple[str, ...]:
        return tuple(sorted({p.countries for p in self.items}))

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(sorted({s for p in self.items for s in p.segments}))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted({lang for p in self.items for lang in p.shared_languages}))


def mission_proposals(session: Session, *, mission: str) -> Proposals:
    """The proposed requests of `mission` with their people, best score first."""
    found = repo.get_mission(session, mission)
    proposed = stored.requests_with_status(session, mission, RequestStatus.PROPOSED)
    people = {p.email: p for p in repo.participants(session)}
    involved = {people[e].organisation for line in proposed for e in line.request.pair}
    organisations = {o.name: o for o in repo.organisations(session, names=involved)}
    by_engine = stored_jobs.engine_proposal_ids(session, [s.id for s in proposed])

    def country(person: Participant) -> str:
        organisation = organisations.get(person.organisation)
        return organisation.country if organisation is not None else ""

    def segments(person: Participant) -> frozenset[str]:
        organisation = organisations.get(person.organisation)
        return frozenset(organisation.segments) if organisation is not None else frozenset()

    items = []
    for line in proposed:
        requester, requested = people[line.request.requester], people[line.request.requested]
        first, second = country(requester), country(requested)
        shared = spoken_by(requester, first) & spoken_by(requested, second)
        items.append(
            Proposal(
                id=line.id,
                request=line.request,
                requester=requester,
                requested=requested,
                requester_country=first,
                requested_country=second,
                segments=segments(requester) | segments(requested),
                shared_languages=tuple(sorted(shared)),
                from_engine=line.id in by_engine,
            )
        )
    items.sort(key=lambda p: -(p.request.score or 0.0))
    return Proposals(found, tuple(items))


def start_matching(session: Session, *, mission: str, by: str, now: datetime) -> Job:
    """Queue a matching run of `mission` started by `by`, logged.

    Raises `store.jobs.JobAlreadyActive` while one is queued or running.
    """
    job = start_job(session, JobKind.MATCHING, mission, by, now=now)
    audit_log.record(
        session,
        mission=mission,
        actor=by,
        action="matching.started",
        message=request_log.MATCHING_STARTED,
        values={},
        now=now,
    )
    return job


class Decision(StrEnum):
    """What the organiser does with proposals: the status they take."""

    APPROVE = "approve"
    REJECT = "reject"

    @property
    def status(self) -> RequestStatus:
        return RequestStatus.PENDING if self is Decision.APPROVE else RequestStatus.CANCELLED

    @property
    def logged_as(self) -> str:
        """The audit log's action."""
        return "match.approved" if self is Decision.APPROVE else "match.rejected"


class CurationRefusal(StrEnum):
    NONE_CHOSEN = "none_chosen"
    NOT_PROPOSED = "not_proposed"
    CLOSED = "closed"


class CurationRefused(Exception):
    def __init__(self, refusal: CurationRefusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


@dataclass(frozen=True)
class Curated:
    """What a decision changed, and the e-mail it calls for (approvals only)."""

    decision: Decision
    proposals: tuple[Proposal, ...]
    mails: tuple[Mail, ...]


def curate(
    session: Session,
    *,
    mission: str,
    ids: Collection[int],
    decision: Decision,
    by: str,
    now: datetime,
    requests_url: str,
    personal_link: Callable[[str], str],
) -> Curated:
    """Approve or reject the proposals `ids` of `mission` (see the module docstring).

    `requests_url` is the participants' requests page; `personal_link(token)` the address
    of a personal link. Raises CurationRefused: NONE_CHOSEN, NOT_PROPOSED (nothing
    changed), CLOSED (approving after the requests closed).
    """
    if not ids:
        raise CurationRefused(CurationRefusal.NONE_CHOSEN)
    wanted = set(ids)
    everything = mission_proposals(session, mission=mission)
    chosen = tuple(p for p in everything.items if p.id in wanted)
    if len(chosen) != len(wanted):
        raise CurationRefused(CurationRefusal.NOT_PROPOSED)
    if decision is Decision.APPROVE and not everything.mission.requests_open(now):
        raise CurationRefused(CurationRefusal.CLOSED)
    changed = stored.change_statuses(
        session, [p.id for p in chosen], was=RequestStatus.PROPOSED, to=decision.status
    )
    if changed != len(chosen):  # decided in between by someone else
        raise CurationRefused(CurationRefusal.NOT_PROPOSED)
    if decision is Decision.APPROVE:
        # Now the requester's request: a participant later withdrawing it withdraws a request.
        stored_jobs.unlink_proposals(session, [p.id for p in chosen])
    message = (
        request_log.PROPOSAL_APPROVED
        if decision is Decision.APPROVE
        else request_log.PROPOSAL_REJECTED
    )
    for proposal in chosen:
        audit_log.record(
            session,
            mission=mission,
            actor=by,
            action=decision.logged_as,
            message=message,
            values={
                "requester": proposal.requester.full_name,
                "requested": proposal.requested.full_name,
            },
            note=proposal.request.message,
            now=now,
        )
    mails: tuple[Mail, ...] = ()
    if decision is Decision.APPROVE:
        mails = _approval_mails(
            session, everything.mission, chosen, now, requests_url, personal_link
        )
    return Curated(decision, chosen, mails)


def send_notices(settings: MailSettings, curated: Curated, *, now: datetime) -> DeliveryReport:
    """Send the e-mail of a decision (after its transaction); raises `MailError`."""
    return send_mail(settings, curated.mails, now=lambda: now)


def _approval_mails(
    session: Session,
    mission: Mission,
    approved: Sequence[Proposal],
    now: datetime,
    requests_url: str,
    personal_link: Callable[[str], str],
) -> tuple[Mail, ...]:
    """One message per person of the approved pairs, in the order they first appear."""
    lines: dict[str, list[ApprovedRequest]] = {}
    people: dict[str, Participant] = {}
    for proposal in approved:
        reasons = "; ".join(proposal.reasons)
        for person, other, sent in (
            (proposal.requester, proposal.requested, True),
            (proposal.requested, proposal.requester, False),
        ):
            people[person.email] = person
            lines.setdefault(person.email, []).append(
                ApprovedRequest(other, sent, reasons, reasons_in_english=proposal.from_engine)
            )
    mails = []
    for email, approved_for_them in lines.items():
        person = people[email]
        link = accounts.issue_link(
            session, participant=email, mission=mission.key, days=None, now=now
        )
        mails.append(
            approved_requests_mail(
                person=person,
                language=_language(mission, person),
                mission_title=mission.title,
                requests=approved_for_them,
                requests_url=requests_url,
                personal_link=personal_link(link.token),
            )
        )
    return tuple(mails)


def _language(mission: Mission, person: Participant) -> Language:
    return mission.language_for(person.languages)
