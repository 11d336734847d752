"""`/organiser/missions/{key}/requests`: where the mission's meeting requests stand.

Counts per status and per participant (sent, received, accepted), the participants with no
accepted request, the organisations nobody asked to meet
(`rencontre.services.request_overview`), and the participants' deadline: closing the
requests now or reopening them (`POST …/requests/close|reopen`,
`rencontre.services.request_deadline`), each answering 303 back to the page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from rencontre.core.enums import RequestStatus
from rencontre.documents.i18n import N_
from rencontre.services.request_deadline import close_requests, reopen_requests
from rencontre.services.request_overview import request_overview
from rencontre.store import repositories as repo
from rencontre.web.context import web_context
from rencontre.web.i18n import page_language
from rencontre.web.organiser.desk import DeskMission, check_form
from rencontre.web.organiser.matches import moment_text
from rencontre.web.pages import render

router = APIRouter(prefix="/organiser/missions/{key}", include_in_schema=False)

#: Each status as the desk names it.
STATUSES = {
    RequestStatus.PROPOSED: N_("Proposed by the matching"),
    RequestStatus.PENDING: N_("Waiting for an answer"),
    RequestStatus.ACCEPTED: N_("Accepted"),
    RequestStatus.DECLINED: N_("Declined"),
    RequestStatus.CANCELLED: N_("Withdrawn or rejected"),
}
#: The one-line confirmation after a change, by `?done=`.
CONFIRMATIONS = {
    "closed": N_("Meeting requests are closed: participants can no longer send or answer them."),
    "reopened": N_("Meeting requests are open again."),
}

FormText = Annotated[str, Form()]


def _requests_url(key: str, done: str) -> str:
    return f"/organiser/missions/{key}/requests?done={done}"


@router.get("/requests")
def requests_page(request: Request, mission: DeskMission) -> Response:
    """Organiser: the requests of her mission, counted, and who is left out."""
    context = web_context(request)
    language = page_language(request)
    with context.transaction() as session:
        overview = request_overview(repo.load_mission(session, mission.key))
    the_mission = overview.mission
    close_at = the_mission.requests_close_at
    return render(
        request,
        "organiser/requests.html",
        language,
        mission=the_mission,
        overview=overview,
        statuses=STATUSES,
        open=the_mission.requests_open(context.now()),
        deadline=moment_text(close_at, the_mission.timezone, language) if close_at else "",
        confirmation=CONFIRMATIONS.get(request.query_params.get("done", ""), ""),
    )


@router.post("/requests/close")
def close(request: Request, mission: DeskMission, csrf_token: FormText = "") -> Response:
    """Organiser: close the participants' requests now."""
    check_form(mission.organiser, csrf_token)
    context = web_context(request)
    with context.transaction() as session:
        close_requests(session, mission=mission.key, by=mission.email, now=context.now())
    return RedirectResponse(_requests_url(mission.key, "closed"), status_code=303)


@router.post("/requests/reopen")
def reopen(request: Request, mission: DeskMission, csrf_token: FormText = "") -> Response:
    """Organiser: reopen the participants' requests (the deadline is taken away)."""
    check_form(mission.organiser, csrf_token)
    context = web_context(request)
    with context.transaction() as session:
        reopen_requests(session, mission=mission.key, by=mission.email, now=context.now())
    return RedirectResponse(_requests_url(mission.key, "reopened"), status_code=303)
