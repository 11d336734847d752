"""The schedule of a mission on the desk: run the scheduler, follow it, publish, versions.

`GET …/schedule` shows the latest scheduling job (its progress while it runs: the page
reloads itself every two seconds, a `<meta>` refresh, as the CSP forbids inline scripts),
its result, the accepted meetings left unplaced and why, and whether the stored schedule
passes the validator. `POST …/schedule/run` queues a job (the job thread on SQLite, `rencontre
worker` on PostgreSQL). `POST …/schedule/publish` publishes a schedule the validator accepts
and e-mails every participant their agenda once the answer is sent; `GET …/schedule/versions`
lists what each publication changed, when and by whom.
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import RedirectResponse, Response

from rencontre.documents.i18n import N_
from rencontre.mail.settings import MailSettings
from rencontre.services.schedule_publishing import (
    Letter,
    PublishRefused,
    latest_scheduling,
    publish_schedule,
    schedule_state,
    send_letters,
    start_scheduling,
    version_changes,
    versions,
)
from rencontre.store import repositories as repo
from rencontre.web.context import Clock, web_context
from rencontre.web.i18n import page_language
from rencontre.web.organiser.desk import DeskMission, check_form
from rencontre.web.pages import render

router = APIRouter(prefix="/organiser/missions/{key}", include_in_schema=False)

#: The stages a job writes in its progress, as the page says them.
STAGES = {
    "reading": N_("Reading the mission"),
    "solving": N_("Searching for the best schedule"),
    "storing": N_("Storing the meetings"),
}
PUBLISHED = N_("The schedule is published; every participant is being sent their agenda.")
NOT_PUBLISHED = N_("The schedule was not published: it breaks these rules.")


@router.get("/schedule")
def schedule_page(request: Request, mission: DeskMission) -> Response:
    """Organiser: the scheduler's latest run, the schedule's state, publishing."""
    return _page(request, mission)


@router.post("/schedule/run")
def run_scheduler(
    request: Request, mission: DeskMission, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    """Organiser: queue a scheduling run of the mission (none if one is under way)."""
    check_form(mission.organiser, csrf_token)
    context = web_context(request)
    with context.transaction() as session:
        start_scheduling(session, mission.key, by=mission.email, now=context.now())
    return RedirectResponse(f"/organiser/missions/{mission.key}/schedule", status_code=303)


@router.post("/schedule/publish")
def publish(
    request: Request,
    mission: DeskMission,
    background: BackgroundTasks,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Organiser: publish the schedule and e-mail every participant their agenda."""
    check_form(mission.organiser, csrf_token)
    context = web_context(request)
    try:
        with context.transaction() as session:
            publication = publish_schedule(
                session, mission.key, by=mission.email, now=context.now(),
                link_url=context.web.link_url,
            )  # fmt: skip
    except PublishRefused as refused:
        return _page(request, mission, status=422, refused=refused.reasons)
    background.add_task(_send, publication.letters, context.now)
    number = publication.version.number
    target = f"/organiser/missions/{mission.key}/schedule/versions?published={number}"
    return RedirectResponse(target, status_code=303)


@router.get("/schedule/versions")
def versions_page(request: Request, mission: DeskMission, published: int | None = None) -> Response:
    """Organiser: every published version, latest first, with what it changed."""
    with web_context(request).transaction() as session:
        the_mission = repo.get_mission(session, mission.key)
        found = versions(session, mission.key)
        people = {p.email: p.full_name for p in repo.mission_participants(session, mission.key)}
    rows = []
    for n, version in enumerate(found):
        previous = found[n + 1].meetings if n + 1 < len(found) else ()
        rows.append((version, version_changes(previous, version.meetings)))
    return render(
        request,
        "organiser/schedule_versions.html",
        page_language(request),
        mission=the_mission,
        versions=rows,
        people=people,
        published=published,
        message=PUBLISHED,
        local=lambda moment: moment.astimezone(ZoneInfo(the_mission.timezone)),
    )


def _page(
    request: Request, mission: DeskMission, *, status: int = 200, refused: tuple[str, ...] = ()
) -> Response:
    with web_context(request).transaction() as session:
        the_mission = repo.get_mission(session, mission.key)
        job = latest_scheduling(session, mission.key)
        state = schedule_state(session, mission.key)
        people = {p.email: p.full_name for p in repo.mission_participants(session, mission.key)}
    stage = STAGES.get(str(job.progress.get("stage", ""))) if job is not None else None
    return render(
        request,
        "organiser/schedule.html",
        page_language(request),
        status=status,
        headers={"Refresh": "2"} if job is not None and job.active else None,
        mission=the_mission,
        job=job,
        stage=stage,
        state=state,
        people=people,
        refused=refused,
        not_published=NOT_PUBLISHED,
    )


def _send(letters: tuple[Letter, ...], now: Clock) -> None:
    send_letters(MailSettings.from_environ(), letters, now=now)
