"""`/me/profile`: a participant edits her own profile (one form, no script needed).

What she may change and the rules each value follows are in
`rencontre.services.participant_profile` (the import's rules); this module turns the form
into the service's `ProfileForm` and its refusals into messages beside the fields, in her
language. A refused form comes back (400) with what she typed and nothing saved; a saved
one answers 303 to `/me/profile?done=saved`, so a reload does not send it twice. The form
carries the session's CSRF token; a post without it is refused (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from rencontre.core.enums import Language, OpportunityType
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.taxonomy import Group, Segment, load_taxonomy
from rencontre.documents.i18n import N_
from rencontre.services import participant_profile as service
from rencontre.services.accounts import Visitor, same_secret
from rencontre.services.participant_profile import (
    EditableProfile,
    OpportunityEntry,
    ProfileForm,
    WindowEntry,
)
from rencontre.store import accounts as store
from rencontre.web.auth.routes import FORM_EXPIRED
from rencontre.web.auth.visitors import ParticipantVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import PageRefused, message_page
from rencontre.web.i18n import page_language
from rencontre.web.pages import render

router = APIRouter(prefix="/me", include_in_schema=False)

PROFILE_PAGE = "/me/profile"
#: Empty lines the form offers for a new time window, and for a new offer or need.
BLANK_WINDOWS = 2
BLANK_OPPORTUNITIES = 1
#: The most entries of each kind read from one form (a page never shows that many).
MAX_ENTRIES = 200

NO_PROFILE = N_("This mission no longer has an agenda for you.")
SAVED = N_("Your profile has been saved.")
#: The names of the Enterprise Europe Network profile types, in the core's order.
OPPORTUNITY_TYPES: dict[OpportunityType, str] = {
    OpportunityType.BUSINESS_OFFER: N_("Business offer"),
    OpportunityType.BUSINESS_REQUEST: N_("Business request"),
    OpportunityType.TECHNOLOGY_OFFER: N_("Technology offer"),
    OpportunityType.TECHNOLOGY_REQUEST: N_("Technology request"),
    OpportunityType.RD_REQUEST: N_("R&D request"),
}
#: What is wrong with a field, by the kind of field (the last part of its name): the rule
#: the import applies, said in her language. The import's own wording stays in the problem.
FIELD_MESSAGES = {
    "segments": N_("Choose value-chain segments from the list."),
    "languages": N_("Choose languages from the list."),
    "type": N_("Choose what kind of offer or need this is."),
    "title": N_("Give this offer or need a title."),
    "language": N_("Choose the language this text is written in."),
    "description": N_("This text cannot be saved."),
    "window": N_("Give a day of the mission and two times (HH:MM), the end after the start."),
    "availability": N_(
        "Say when you can meet: throughout the mission, or at least one time of one day."
    ),
}
#: A refused value she cannot edit (the organisers stored it).
STORED_VALUE = N_(
    "Your profile cannot be saved as it is stored: please ask the organisers of your mission."
)


@dataclass(frozen=True)
class SegmentGroup:
    """One stage of the value chain and its segments, as the checkboxes show them."""

    group: Group
    segments: tuple[Segment, ...]


def _segment_groups() -> tuple[SegmentGroup, ...]:
    taxonomy = load_taxonomy()
    return tuple(
        SegmentGroup(group, tuple(taxonomy.segment(code) for code in taxonomy.in_group(group.code)))
        for group in taxonomy.groups
    )


def _where(visitor: Visitor, request: Request) -> tuple[str, str]:
    """The key of her mission and her e-mail; 404 when either is gone."""
    assert visitor.participant_id is not None and visitor.mission_id is not None
    with web_context(request).transaction() as session:
        mission = store.mission_key(session, visitor.mission_id)
        email = store.participant_email(session, visitor.participant_id)
    if mission is None or email is None:
        raise PageRefused(404, NO_PROFILE)
    return mission, email


def _profile(request: Request, mission: str, email: str) -> EditableProfile:
    try:
        with web_context(request).transaction() as session:
            return service.editable_profile(session, mission=mission, email=email)
    except service.ProfileNotFound:
        raise PageRefused(404, NO_PROFILE) from None


def _page(
    request: Request,
    profile: EditableProfile,
    form: ProfileForm,
    *,
    status: int = 200,
    problems: tuple[Problem, ...] = (),
) -> Response:
    language = page_language(request, profile.language)
    errors = {p.field: _message(p.field) for p in problems if p.field}
    # Room to add: blank lines after what the form holds, unless it holds some already (a
    # refused form comes back as posted, so that each problem stays on its line).
    opportunities: tuple[OpportunityEntry, ...] = form.opportunities
    if not any(entry.is_blank for entry in opportunities):
        opportunities += (OpportunityEntry(),) * BLANK_OPPORTUNITIES
    windows: tuple[WindowEntry, ...] = form.windows
    if not any(entry.is_blank for entry in windows):
        windows += (WindowEntry(profile.days[0].isoformat()),) * BLANK_WINDOWS
    return render(
        request,
        "participant/profile_form.html",
        language,
        status=status,
        profile=profile,
        mission=profile.mission,
        person=profile.participant,
        form=form,
        opportunities=opportunities,
        windows=windows,
        languages=list(Language),
        opportunity_types=OPPORTUNITY_TYPES,
        segment_groups=_segment_groups(),
        zone=profile.mission.timezone,
        tz=ZoneInfo(profile.mission.timezone),
        errors=errors,
        refused=bool(problems),
        stored_value=any(p.field is None for p in problems),
        stored_value_message=STORED_VALUE,
        saved=SAVED if request.query_params.get("done") == "saved" else "",
    )


def _message(field: str) -> str:
    kind = field.rsplit("-", 1)[-1] if field.startswith("opportunity-") else field
    if field.startswith("window-"):
        kind = "window"
    if field.startswith("description_"):
        kind = "description"
    return FIELD_MESSAGES.get(kind, FIELD_MESSAGES["description"])


async def _form_data(request: Request) -> FormData:
    return await request.form()


PostedForm = Annotated[FormData, Depends(_form_data)]


def profile_form(fields: FormData) -> ProfileForm:
    """The form as posted; lines end in `\\n` as stored (browsers send `\\r\\n`)."""

    def text(name: str) -> str:
        value = fields.get(name, "")
        return value.replace("\r\n", "\n") if isinstance(value, str) else ""

    def texts(name: str) -> tuple[str, ...]:
        return tuple(v for v in fields.getlist(name) if isinstance(v, str))

    opportunities = tuple(
        OpportunityEntry(
            reference=text(f"opportunity-{n}-reference").strip(),
            type=text(f"opportunity-{n}-type"),
            title=text(f"opportunity-{n}-title"),
            description=text(f"opportunity-{n}-description"),
            language=text(f"opportunity-{n}-language"),
            remove=bool(text(f"opportunity-{n}-remove")),
        )
        for n in range(MAX_ENTRIES)
        if f"opportunity-{n}-type" in fields
    )
    windows = tuple(
        WindowEntry(text(f"window-{n}-day"), text(f"window-{n}-start"), text(f"window-{n}-end"))
        for n in range(MAX_ENTRIES)
        if f"window-{n}-day" in fields
    )
    return ProfileForm(
        descriptions={language: text(f"description_{language.value}") for language in Language},
        segments=texts("segments"),
        languages=texts("languages"),
        opportunities=opportunities,
        availability=text("availability"),
        windows=windows,
    )


@router.get("/profile")
def profile_page(request: Request, visitor: ParticipantVisitor) -> Response:
    """Participant: my profile, as a form."""
    mission, email = _where(visitor, request)
    profile = _profile(request, mission, email)
    return _page(request, profile, profile.form)


@router.post("/profile")
def save_profile(request: Request, visitor: ParticipantVisitor, fields: PostedForm) -> Response:
    """Participant: save my profile (all of it, or nothing)."""
    token = fields.get("csrf_token")
    if not same_secret(token if isinstance(token, str) else None, visitor.csrf_token):
        return message_page(request, 403, FORM_EXPIRED)
    mission, email = _where(visitor, request)
    form = profile_form(fields)
    try:
        with web_context(request).transaction() as session:
            service.save_profile(session, mission=mission, email=email, form=form)
    except service.ProfileNotFound:
        raise PageRefused(404, NO_PROFILE) from None
    except InvalidInput as refused:
        profile = _profile(request, mission, email)
        return _page(request, profile, form, status=400, problems=tuple(refused.problems))
    return RedirectResponse(f"{PROFILE_PAGE}?done=saved", status_code=303)
