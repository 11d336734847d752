"""The desk's missions: a new one, one edited or duplicated, and its audit log.

The form holds the mission's dates and time zone, its venues, travel times and programme
(B2B sessions are programme items of that kind; `slot_minutes` is their slot length), each
list as repeated lines with a few blank ones to add to, no script needed. The values go
through the import's rules (`rencontre.services.mission_editing`): a refused form comes back
(400) as typed, each problem beside its field, nothing saved; a saved one answers 303 to the
edit page. Only organisers reach these pages; a mission's pages only its own organisers
(`DeskMission`).
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, available_timezones

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from rencontre.core.enums import ProgrammeItemKind
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.documents.i18n import N_
from rencontre.services import audit_log
from rencontre.services import mission_editing as service
from rencontre.services.mission_editing import ItemEntry, MissionForm, TravelEntry, VenueEntry
from rencontre.store import accounts as store
from rencontre.store import repositories as repo
from rencontre.web.auth.visitors import OrganiserVisitor
from rencontre.web.context import web_context
from rencontre.web.i18n import page_language
from rencontre.web.organiser.desk import DeskMission, OrganisedMission, check_form
from rencontre.web.pages import render

router = APIRouter(prefix="/organiser/missions", include_in_schema=False)

#: Blank lines offered for adding a venue, a travel time, a programme item.
BLANK_VENUES = 2
BLANK_TRAVEL_TIMES = 2
BLANK_ITEMS = 3
#: The most lines of each list read from one form.
MAX_LINES = 300
#: Entries of the audit log on its page.
LOG_LINES = 500

KIND_NAMES: dict[ProgrammeItemKind, str] = {
    ProgrammeItemKind.TALK: N_("Talk"),
    ProgrammeItemKind.TESTIMONY: N_("Testimony"),
    ProgrammeItemKind.SITE_VISIT: N_("Site visit"),
    ProgrammeItemKind.DEMO: N_("Demonstration"),
    ProgrammeItemKind.MEAL: N_("Meal"),
    ProgrammeItemKind.B2B_SESSION: N_("B2B session"),
}
DONE = {
    "created": N_("The mission has been created: you organise it."),
    "saved": N_("The mission has been saved."),
    "copied": N_("This is the copy: its dates, venues and programme are yours to adjust."),
}


async def _form_data(request: Request) -> FormData:
    return await request.form()


PostedForm = Annotated[FormData, Depends(_form_data)]


def _text(fields: FormData, name: str) -> str:
    value = fields.get(name, "")
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""


def mission_form(fields: FormData, *, key: str = "") -> MissionForm:
    """The form as posted (`key`: the edited mission's, which the form does not change)."""

    def text(name: str) -> str:
        return _text(fields, name)

    venues = tuple(
        VenueEntry(*(text(f"venue-{n}-{f}") for f in ("key", "name", "address", "city", "tables")))
        for n in range(MAX_LINES)
        if f"venue-{n}-name" in fields
    )
    travel = tuple(
        TravelEntry(*(text(f"travel-{n}-{f}") for f in ("from_venue", "to_venue", "minutes")))
        for n in range(MAX_LINES)
        if f"travel-{n}-minutes" in fields
    )
    items = tuple(
        ItemEntry(
            key=text(f"item-{n}-key"),
            title=text(f"item-{n}-title"),
            kind=text(f"item-{n}-kind"),
            start=text(f"item-{n}-start"),
            end=text(f"item-{n}-end"),
            venue=text(f"item-{n}-venue"),
            for_everyone=text(f"item-{n}-for") != "chosen",
            audience=tuple(v for v in fields.getlist(f"item-{n}-audience") if isinstance(v, str)),
        )
        for n in range(MAX_LINES)
        if f"item-{n}-title" in fields
    )
    return MissionForm(
        key=key or text("key"),
        title=text("title"),
        start_date=text("start_date"),
        end_date=text("end_date"),
        timezone=text("timezone"),
        slot_minutes=text("slot_minutes"),
        requests_close_at=text("requests_close_at"),
        venues=venues,
        travel_times=travel,
        programme=items,
    )


def _page(
    request: Request,
    form: MissionForm,
    *,
    mission: Mission | None,
    people: tuple[Participant, ...] = (),
    status: int = 200,
    problems: tuple[Problem, ...] = (),
    copy_problems: tuple[Problem, ...] = (),
    copy_values: dict[str, str] | None = None,
) -> Response:
    venues = form.venues + (VenueEntry(),) * BLANK_VENUES
    travel = form.travel_times + (TravelEntry(),) * BLANK_TRAVEL_TIMES
    items = form.programme + (ItemEntry(),) * BLANK_ITEMS
    done = request.query_params.get("done", "")
    return render(
        request,
        "organiser/mission_form.html",
        page_language(request),
        status=status,
        mission=mission,
        form=form,
        venues=venues,
        travel_times=travel,
        items=items,
        people=people,
        kinds=KIND_NAMES,
        zones=sorted(available_timezones()),
        errors={p.field: p.reason for p in problems if p.field},
        general=[p.reason for p in problems if not p.field],
        refused=bool(problems),
        copy_errors={f"copy-{p.field}": p.reason for p in copy_problems if p.field},
        copy_values=copy_values or {},
        done=DONE.get(done, ""),
    )


def _editable(request: Request, mission: OrganisedMission) -> service.EditableMission:
    with web_context(request).transaction() as session:
        return service.editable_mission(session, mission.key)


def _user_id(visitor: OrganiserVisitor) -> int:
    assert visitor.user_id is not None
    return visitor.user_id


def _email(request: Request, visitor: OrganiserVisitor) -> str:
    with web_context(request).transaction() as session:
        user = store.get_user(session, _user_id(visitor))
    return user.email if user is not None else ""


@router.get("/new")
def new_mission_page(request: Request, visitor: OrganiserVisitor) -> Response:
    """Organiser: the form of a new mission."""
    return _page(request, MissionForm(), mission=None)


@router.post("/new")
def create_mission(request: Request, visitor: OrganiserVisitor, fields: PostedForm) -> Response:
    """Organiser: store a new mission, which she then organises."""
    check_form(visitor, _text(fields, "csrf_token"))
    form = mission_form(fields)
    context = web_context(request)
    actor = _email(request, visitor)
    try:
        with context.transaction() as session:
            key = service.create_mission(
                session, form=form, user_id=_user_id(visitor), actor=actor, now=context.now()
            )
    except InvalidInput as refused:
        return _page(request, form, mission=None, status=400, problems=tuple(refused.problems))
    return RedirectResponse(f"/organiser/missions/{key}/edit?done=created", status_code=303)


@router.get("/{key}/edit")
def edit_mission_page(request: Request, mission: DeskMission) -> Response:
    """Organiser: her mission's settings, venues and programme, as a form."""
    editable = _editable(request, mission)
    return _page(request, editable.form, mission=editable.mission, people=editable.participants)


@router.post("/{key}/edit")
def save_mission(request: Request, mission: DeskMission, fields: PostedForm) -> Response:
    """Organiser: save her mission's form (all of it, or nothing)."""
    check_form(mission.organiser, _text(fields, "csrf_token"))
    form = mission_form(fields, key=mission.key)
    context = web_context(request)
    try:
        with context.transaction() as session:
            service.update_mission(
                session, key=mission.key, form=form, actor=mission.email, now=context.now()
            )
    except InvalidInput as refused:
        editable = _editable(request, mission)
        return _page(
            request,
            form,
            mission=editable.mission,
            people=editable.participants,
            status=400,
            problems=tuple(refused.problems),
        )
    return RedirectResponse(f"/organiser/missions/{mission.key}/edit?done=saved", status_code=303)


@router.post("/{key}/duplicate")
def duplicate_mission(request: Request, mission: DeskMission, fields: PostedForm) -> Response:
    """Organiser: a copy of her mission under a new key, title and start date."""
    check_form(mission.organiser, _text(fields, "csrf_token"))
    values = {name: _text(fields, f"copy-{name}") for name in ("key", "title", "start_date")}
    context = web_context(request)
    try:
        with context.transaction() as session:
            key = service.duplicate_mission(
                session,
                key=mission.key,
                new_key=values["key"],
                title=values["title"],
                start_date=values["start_date"],
                user_id=_user_id(mission.organiser),
                actor=mission.email,
                now=context.now(),
            )
    except InvalidInput as refused:
        editable = _editable(request, mission)
        return _page(
            request,
            editable.form,
            mission=editable.mission,
            people=editable.participants,
            status=400,
            copy_problems=tuple(refused.problems),
            copy_values=values,
        )
    return RedirectResponse(f"/organiser/missions/{key}/edit?done=copied", status_code=303)


@router.get("/{key}/log")
def mission_log(request: Request, mission: DeskMission) -> Response:
    """Organiser: who changed what in her mission, the latest first, in her language."""
    language = page_language(request)
    with web_context(request).transaction() as session:
        the_mission = repo.get_mission(session, mission.key)
        lines = audit_log.read_log(session, mission=mission.key, language=language, limit=LOG_LINES)
        total = audit_log.count(session, mission=mission.key)
    return render(
        request,
        "organiser/log.html",
        language,
        mission=the_mission,
        lines=lines,
        total=total,
        shown=len(lines),
        tz=ZoneInfo(the_mission.timezone),
    )
