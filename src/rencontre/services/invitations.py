"""Inviting a mission's participants: a personal link each, sent by e-mail in their language.

`invite` makes a new link per person (`rencontre.services.accounts.issue_links`), writes the
e-mail in the language the mission writes to them (subject and body from the catalogs, the
link alone on its line, `Content-Language` set) and sends the lot (`rencontre.mail`). Each
e-mail the server took is recorded as an invitation, with an audit log entry, in the
caller's transaction; one the server refused is reported and not recorded, so that person
still counts as not invited (the link made for them was never shown to anyone). A server
that cannot be reached raises `MailError` and the caller's transaction rolls back: no link,
no invitation.

Without chosen people, everyone of the mission not invited yet is invited. `people_of`
lists the mission's people with when they were invited and whether they opened their link.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from rencontre.core.enums import Language
from rencontre.documents.i18n import N_, Words, words_for
from rencontre.mail.messages import Mail
from rencontre.mail.postman import Delivery, send_mail
from rencontre.mail.settings import MailSettings
from rencontre.services import accounts, audit_log
from rencontre.services.accounts import IssuedLink
from rencontre.store import accounts as store
from rencontre.store import repositories as repo

EMAIL = "email"

SUBJECT = N_("Your personal link to %(mission)s")
GREETING = N_("Hello %(name)s,")
INTRO = N_(
    "You take part in %(mission)s (%(dates)s). Your personal link opens your space on the "
    "mission's site: your agenda, your meeting requests and your profile."
)
VALIDITY = N_(
    "The link works until %(until)s. Keep it to yourself: it opens your space without a password."
)
SIGNATURE = N_("The organisers of %(mission)s")
INVITED = N_("Personal link sent to %(name)s by e-mail")
REVOKED = N_("Personal links of %(name)s revoked (%(count)s)")


@dataclass(frozen=True)
class PersonStatus:
    """One participant of a mission as the desk lists them."""

    id: int
    email: str
    full_name: str
    organisation: str
    languages: tuple[Language, ...]
    invited_at: datetime | None
    first_opened_at: datetime | None
    live_links: int

    @property
    def opened(self) -> bool:
        return self.first_opened_at is not None


@dataclass(frozen=True)
class Sent:
    """What happened to one invitation: `delivery.sent`, or why not."""

    email: str
    full_name: str
    language: Language
    delivery: Delivery


@dataclass(frozen=True)
class InvitationReport:
    outcomes: tuple[Sent, ...]

    @property
    def sent(self) -> tuple[Sent, ...]:
        return tuple(o for o in self.outcomes if o.delivery.sent)

    @property
    def failed(self) -> tuple[Sent, ...]:
        return tuple(o for o in self.outcomes if not o.delivery.sent)


def people_of(session: Session, *, mission: str, now: datetime) -> tuple[PersonStatus, ...]:
    """The mission's participants, in its order, with their invitation and link state."""
    snapshot = repo.load_mission(session, mission)
    mission_id = store.mission_ids(session, [mission])[mission]
    statuses = store.link_statuses(session, mission_id, now)
    ids = repo.participant_ids(session)
    people = []
    for person in snapshot.participants:
        ident = ids[person.email]
        status = statuses.get(ident)
        people.append(
            PersonStatus(
                ident, person.email, person.full_name, person.organisation, person.languages,
                status.invited_at if status else None,
                status.first_opened_at if status else None,
                status.live_links if status else 0,
            )
        )  # fmt: skip
    return tuple(people)


def not_invited(session: Session, *, mission: str, now: datetime) -> tuple[str, ...]:
    """E-mails of the mission's participants never invited."""
    return tuple(p.email for p in people_of(session, mission=mission, now=now) if not p.invited_at)


def invite(
    session: Session,
    *,
    mission: str,
    people: Sequence[str] | None,
    by: str,
    now: datetime,
    link_url: Callable[[str], str],
    mail: MailSettings,
) -> InvitationReport:
    """Send a new personal link to each of `people` (e-mails or ids; None: everyone not
    invited yet). AccountError for someone not taking part; MailError when nothing could
    be sent. `link_url` makes the address of a token."""
    wanted = list(not_invited(session, mission=mission, now=now) if people is None else people)
    if not wanted:
        return InvitationReport(())
    issued = accounts.issue_links(session, participants=wanted, mission=mission, now=now)
    mails = [invitation_mail(link, link_url(link.token)) for link in issued]
    report = send_mail(mail, mails, now=lambda: now)
    mission_id = store.mission_ids(session, [mission])[mission]
    outcomes = []
    for link, message, delivery in zip(issued, mails, report.deliveries, strict=True):
        outcomes.append(Sent(link.person.email, link.person.full_name, message.language, delivery))
        if not delivery.sent:
            continue
        person_id = store.participant_id(session, link.person.email)
        assert person_id is not None
        store.add_invitation(
            session,
            participant_id=person_id,
            mission_id=mission_id,
            link_id=store.link_id_of(session, accounts.digest(link.token)),
            sent_at=now,
            sent_by=by,
            channel=EMAIL,
        )
        audit_log.record(session, mission=mission, actor=by, action="participant.invited",
                         message=INVITED, values={"name": link.person.full_name},
                         note=link.person.email, now=now)  # fmt: skip
    return InvitationReport(tuple(outcomes))


def revoke(
    session: Session, *, mission: str, participant: str, by: str, now: datetime
) -> accounts.RevokedLinks:
    """Revoke `participant`'s links in `mission` (and end their sessions), logged."""
    revoked = accounts.revoke_links(session, participant=participant, mission=mission, now=now)
    values = {"name": revoked.person.full_name, "count": revoked.count}
    audit_log.record(
        session,
        mission=mission,
        actor=by,
        action="participant.links_revoked",
        message=REVOKED,
        values=values,
        note=revoked.person.email,
        now=now,
    )
    return revoked


def invitation_mail(link: IssuedLink, url: str) -> Mail:
    """The e-mail that hands `link` (at `url`) to its participant, in their language."""
    mission, person = link.mission, link.person
    language = mission.language_for(person.languages)
    words = words_for(language)
    zone = ZoneInfo(mission.timezone)
    expires = link.expires_at.astimezone(zone)
    until = f"{words.short_day(expires)} {words.time(expires)} ({words.zone(mission.timezone)})"
    text = "\n\n".join(
        (
            words.gettext(GREETING, name=person.full_name),
            words.gettext(INTRO, mission=mission.title, dates=_dates(words, link)),
            url,
            words.gettext(VALIDITY, until=until),
            words.gettext(SIGNATURE, mission=mission.title),
        )
    )
    subject = words.gettext(SUBJECT, mission=mission.title)
    return Mail(to=person.email, subject=subject, text=text + "\n", language=language)


def _dates(words: Words, link: IssuedLink) -> str:
    start, end = link.mission.start_date, link.mission.end_date
    if start == end:
        return words.short_day(start)
    return f"{words.short_day(start)} – {words.short_day(end)}"
