"""The desk's participants of a mission: the list, uploads, one person's form, invitations.

`GET …/participants` lists the people with their organisation, e-mail, languages, when they
were invited and whether they opened their personal link. Files are uploaded as
`rencontre import` reads them (`rencontre.services.participant_roster`): a refused upload
shows every problem located (file, row, field, reason) and writes nothing. Invitations go by
e-mail in each person's language (`rencontre.services.invitations`), through the server the
environment configures (`rencontre.mail.settings`: SMTP, or the outbox folder). Every form
carries the session's CSRF token, and each change answers 303 back to the list.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from rencontre.core.enums import Language, OrganisationKind
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.input_limits import InputLimits
from rencontre.core.participant import Participant
from rencontre.documents.i18n import N_
from rencontre.mail.postman import MailError
from rencontre.mail.settings import MailSettingError, MailSettings
from rencontre.services import invitations, participant_roster
from rencontre.services.accounts import AccountError
from rencontre.services.participant_roster import ParticipantForm
from rencontre.store import repositories as repo
from rencontre.web.context import web_context
from rencontre.web.errors import PageRefused
from rencontre.web.i18n import page_language
from rencontre.web.organiser.desk import DeskMission, OrganisedMission, check_form
from rencontre.web.pages import render

router = APIRouter(prefix="/organiser/missions/{key}/participants", include_in_schema=False)

NO_SUCH_PERSON = N_("There is no such participant in this mission.")
MAIL_UNAVAILABLE = N_(
    "No e-mail could be sent: the mail server cannot be reached or is not set up. Nothing "
    "was changed."
)
NO_FILE = "choose at least one file"
#: The most files of one upload (an import of every kind takes eight).
MAX_FILES = 20
KIND_NAMES: dict[OrganisationKind, str] = {
    OrganisationKind.COMPANY: N_("Company"),
    OrganisationKind.CARMAKER: N_("Carmaker"),
    OrganisationKind.SUPPLIER: N_("Supplier"),
    OrganisationKind.RESEARCH_LAB: N_("Research lab"),
    OrganisationKind.CLUSTER: N_("Cluster"),
    OrganisationKind.AGENCY: N_("Agency"),
    OrganisationKind.INVESTOR: N_("Investor"),
    OrganisationKind.PUBLIC_BODY: N_("Public body"),
}


async def _form_data(request: Request) -> FormData:
    return await request.form(max_files=MAX_FILES)


PostedForm = Annotated[FormData, Depends(_form_data)]


def _text(fields: FormData, name: str) -> str:
    value = fields.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _list_page(
    request: Request, mission: OrganisedMission, *, status: int = 200, **values: object
) -> Response:
    context = web_context(request)
    with context.transaction() as session:
        the_mission = repo.get_mission(session, mission.key)
        people = invitations.people_of(session, mission=mission.key, now=context.now())
    query = request.query_params
    shown: dict[str, object] = {
        "problems": (),
        "notes": (),
        "added": query.get("added"),
        "changed": query.get("changed"),
        "sent": query.get("sent"),
        "failed": [e for e in query.get("failed", "").split(",") if e],
        "revoked": query.get("revoked"),
        "saved": query.get("saved"),
    }
    return render(
        request,
        "organiser/participants.html",
        page_language(request),
        status=status,
        mission=the_mission,
        people=people,
        not_opened=sum(1 for p in people if p.invited_at and not p.opened),
        not_invited=sum(1 for p in people if not p.invited_at),
        shown=shown | values,
    )


def _back(mission: OrganisedMission, **query: object) -> RedirectResponse:
    url = f"/organiser/missions/{mission.key}/participants"
    given = {k: str(v) for k, v in query.items() if v is not None}
    return RedirectResponse(f"{url}?{urlencode(given)}" if given else url, status_code=303)


@router.get("")
def participants_page(request: Request, mission: DeskMission) -> Response:
    """Organiser: the people of her mission, and who has opened their link."""
    return _list_page(request, mission)


def _safe_name(name: str) -> str:
    """A file name to write the upload under: its last part, with plain characters only."""
    base = Path(name.replace("\\", "/")).name
    return re.sub(r"[^\w.() -]+", "_", base).strip(" .") or "upload"


async def _save_uploads(
    uploads: Sequence[UploadFile], folder: Path, limits: InputLimits
) -> list[Path]:
    """Each upload written to `folder` under its own name, never more than one byte past
    the limit (the import then refuses it, with its size and the limit)."""
    paths = []
    for upload in uploads:
        path = folder / _safe_name(upload.filename or "")
        while path.exists():
            path = path.with_name(f"_{path.name}")
        written = 0
        with open(path, "wb") as out:
            while written <= limits.max_file_bytes:
                chunk = await upload.read(min(1 << 20, limits.max_file_bytes + 1 - written))
                if not chunk:
                    break
                out.write(chunk)
                written += len(chunk)
        paths.append(path)
    return paths


@router.post("/upload")
async def upload_files(request: Request, mission: DeskMission, fields: PostedForm) -> Response:
    """Organiser: import files of participants (and anything else an import takes)."""
    try:
        return await _upload(request, mission, fields)
    finally:
        await fields.close()  # the uploads' temporary files


async def _upload(request: Request, mission: OrganisedMission, fields: FormData) -> Response:
    check_form(mission.organiser, _text(fields, "csrf_token"))
    uploads = [u for u in fields.getlist("files") if isinstance(u, UploadFile) and u.filename]
    if not uploads:
        refused = (Problem("", None, "files", NO_FILE),)
        return _list_page(request, mission, status=400, problems=refused)
    update = bool(_text(fields, "update"))
    context = web_context(request)
    limits = InputLimits()
    with tempfile.TemporaryDirectory(prefix="rencontre-upload-") as folder:
        paths = await _save_uploads(uploads, Path(folder), limits)
        try:
            with context.transaction() as session:
                done = participant_roster.import_for_mission(
                    session,
                    mission=mission.key,
                    paths=paths,
                    update=update,
                    actor=mission.email,
                    now=context.now(),
                    limits=limits,
                )
        except InvalidInput as refused:
            return _list_page(request, mission, status=400, problems=tuple(refused.problems))
    people = done.summary.counts["participants"]
    return _back(mission, added=people.added, changed=people.changed)


def _person_form(fields: FormData) -> ParticipantForm:
    return ParticipantForm(
        email=_text(fields, "email"),
        full_name=_text(fields, "full_name"),
        organisation=_text(fields, "organisation"),
        role=_text(fields, "role"),
        languages=tuple(v for v in fields.getlist("languages") if isinstance(v, str)),
        new_organisation=_text(fields, "new_organisation"),
        country=_text(fields, "country"),
        kind=_text(fields, "kind"),
    )


def _person_page(
    request: Request,
    mission: OrganisedMission,
    form: ParticipantForm,
    *,
    person: Participant | None,
    ident: int | None = None,
    status: int = 200,
    problems: tuple[Problem, ...] = (),
) -> Response:
    with web_context(request).transaction() as session:
        the_mission = repo.get_mission(session, mission.key)
        organisations = sorted(o.name for o in repo.organisations(session))
    return render(
        request,
        "organiser/participant_form.html",
        page_language(request),
        status=status,
        mission=the_mission,
        form=form,
        person=person,
        ident=ident,
        organisations=organisations,
        languages=list(Language),
        kinds=KIND_NAMES,
        errors={p.field: p.reason for p in problems if p.field},
        general=[p.reason for p in problems if not p.field],
        refused=bool(problems),
    )


def _participant(request: Request, mission: OrganisedMission, ident: int) -> Participant:
    with web_context(request).transaction() as session:
        person = participant_roster.find_participant(session, mission=mission.key, ident=ident)
    if person is None:
        raise PageRefused(404, NO_SUCH_PERSON)
    return person


@router.get("/new")
def new_participant_page(request: Request, mission: DeskMission) -> Response:
    """Organiser: the form of a new participant of her mission."""
    return _person_page(request, mission, ParticipantForm(), person=None)


@router.post("/new")
def add_participant(request: Request, mission: DeskMission, fields: PostedForm) -> Response:
    """Organiser: add one participant to her mission."""
    check_form(mission.organiser, _text(fields, "csrf_token"))
    return _save(request, mission, _person_form(fields), None, None)


@router.get("/{participant_id}/edit")
def edit_participant_page(request: Request, mission: DeskMission, participant_id: int) -> Response:
    """Organiser: one participant of her mission, as a form."""
    person = _participant(request, mission, participant_id)
    form = participant_roster.participant_form(person)
    return _person_page(request, mission, form, person=person, ident=participant_id)


@router.post("/{participant_id}/edit")
def save_participant(
    request: Request, mission: DeskMission, participant_id: int, fields: PostedForm
) -> Response:
    """Organiser: save one participant of her mission."""
    check_form(mission.organiser, _text(fields, "csrf_token"))
    person = _participant(request, mission, participant_id)
    return _save(request, mission, _person_form(fields), person, participant_id)


def _save(
    request: Request,
    mission: OrganisedMission,
    form: ParticipantForm,
    person: Participant | None,
    ident: int | None,
) -> Response:
    context = web_context(request)
    try:
        with context.transaction() as session:
            email = participant_roster.save_participant(
                session,
                mission=mission.key,
                form=form,
                existing=person,
                actor=mission.email,
                now=context.now(),
            )
    except InvalidInput as refused:
        problems = tuple(refused.problems)
        return _person_page(
            request, mission, form, person=person, ident=ident, status=400, problems=problems
        )
    return _back(mission, saved=email)


def _invite(request: Request, mission: OrganisedMission, people: Sequence[str] | None) -> Response:
    context = web_context(request)
    try:
        settings = MailSettings.from_environ()
        with context.transaction() as session:
            report = invitations.invite(
                session,
                mission=mission.key,
                people=people,
                by=mission.email,
                now=context.now(),
                link_url=context.web.link_url,
                mail=settings,
            )
    except AccountError:
        raise PageRefused(404, NO_SUCH_PERSON) from None
    except (MailError, MailSettingError):
        raise PageRefused(503, MAIL_UNAVAILABLE) from None
    failed = ",".join(o.email for o in report.failed) or None
    return _back(mission, sent=len(report.sent), failed=failed)


@router.post("/invite")
def invite_people(request: Request, mission: DeskMission, fields: PostedForm) -> Response:
    """Organiser: e-mail a personal link to the chosen people, or to everyone not invited."""
    check_form(mission.organiser, _text(fields, "csrf_token"))
    chosen = [v for v in fields.getlist("ids") if isinstance(v, str) and v.strip().isdigit()]
    if _text(fields, "everyone"):
        return _invite(request, mission, None)
    return _invite(request, mission, chosen) if chosen else _back(mission, sent=0)


@router.post("/{participant_id}/resend")
def resend_link(
    request: Request, mission: DeskMission, participant_id: int, fields: PostedForm
) -> Response:
    """Organiser: e-mail one participant a new personal link (earlier ones keep working)."""
    check_form(mission.organiser, _text(fields, "csrf_token"))
    return _invite(request, mission, [str(participant_id)])


@router.post("/{participant_id}/revoke")
def revoke_links(
    request: Request, mission: DeskMission, participant_id: int, fields: PostedForm
) -> Response:
    """Organiser: revoke one participant's links in her mission and end their sessions."""
    check_form(mission.organiser, _text(fields, "csrf_token"))
    context = web_context(request)
    try:
        with context.transaction() as session:
            revoked = invitations.revoke(
                session,
                mission=mission.key,
                participant=str(participant_id),
                by=mission.email,
                now=context.now(),
            )
    except AccountError:
        raise PageRefused(404, NO_SUCH_PERSON) from None
    return _back(mission, revoked=revoked.person.email)
