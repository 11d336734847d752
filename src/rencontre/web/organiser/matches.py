"""`/organiser/missions/{key}/matches`: the matching's proposals, run, filtered and curated.

The page shows the mission's latest matching run (queued, running with its progress, done or
failed) and starts a new one (`POST …/matches/run`, a background job). While a run is queued
or running the page reloads itself every few seconds (a `Refresh` header: no script) and
lists no proposal, since the run replaces them. Otherwise it lists the proposals, best first,
filtered by a GET form (country pair, value-chain segment, shared language), each with a
checkbox and its own approve and reject buttons; the buttons under the list act on every
pair ticked (`POST …/matches/approve|reject`). What approving and rejecting do is in
`rencontre.services.match_curation`; each answers 303 back to the page, filters kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from rencontre.core.enums import Language
from rencontre.core.taxonomy import load_taxonomy
from rencontre.documents.i18n import N_, words_for
from rencontre.mail.postman import MailError
from rencontre.mail.settings import MailSettings
from rencontre.services import match_curation as curation
from rencontre.services.match_curation import CurationRefusal, CurationRefused, Decision
from rencontre.store import jobs as stored_jobs
from rencontre.store.jobs import JobAlreadyActive
from rencontre.web.context import web_context
from rencontre.web.i18n import page_language
from rencontre.web.organiser.desk import DeskMission, OrganisedMission, check_form
from rencontre.web.pages import render

router = APIRouter(prefix="/organiser/missions/{key}", include_in_schema=False)

#: Seconds between reloads of the page while a matching run is queued or running.
REFRESH_S = 3
#: What each stage of a running matching job is called on the page.
STAGES = {
    "": N_("Waiting for its turn."),
    "reading": N_("Reading the profiles."),
    "encoding": N_("Reading the profiles in every language."),
    "scoring": N_("Comparing the organisations."),
    "storing": N_("Storing the proposals."),
}
#: A refused decision: its status and what the page says beside the list.
REFUSALS: dict[CurationRefusal, tuple[int, str]] = {
    CurationRefusal.NONE_CHOSEN: (400, N_("Tick at least one proposal.")),
    CurationRefusal.NOT_PROPOSED: (
        409,
        N_(
            "Some of these pairs are no longer proposed (a new matching run, or another "
            "organiser decided them): nothing was changed. Here is the list as it is now."
        ),
    ),
    CurationRefusal.CLOSED: (
        409,
        N_("Meeting requests are closed: reopen them before approving proposals."),
    ),
}

FormText = Annotated[str, Form()]
FormList = Annotated[list[str], Form()]


def matches_url(key: str, **query: str | int) -> str:
    kept = {name: value for name, value in query.items() if value}
    return f"/organiser/missions/{key}/matches" + (f"?{urlencode(kept)}" if kept else "")


def moment_text(moment: datetime, timezone: str, language: Language) -> str:
    """A moment in the mission's time zone: "12 juin 2025, 18:00"."""
    words = words_for(language)
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{words.short_day(local.date())}, {words.time(local)}"


def _page(
    request: Request,
    mission: OrganisedMission,
    chosen: curation.ProposalFilter,
    *,
    status: int = 200,
    error: str = "",
) -> Response:
    context = web_context(request)
    language = page_language(request)
    with context.transaction() as session:
        job = stored_jobs.latest_job(session, mission=mission.key, kind="matching")
        proposals = curation.mission_proposals(session, mission=mission.key)
    the_mission = proposals.mission
    running = job is not None and job.active
    shown = () if running else proposals.filtered(chosen)
    taxonomy = load_taxonomy()
    query = request.query_params
    return render(
        request,
        "organiser/matches.html",
        language,
        status=status,
        headers={"Refresh": str(REFRESH_S)} if running else None,
        mission=the_mission,
        job=job,
        running=running,
        stage=STAGES.get(str(job.progress.get("stage", "")), STAGES[""]) if job else "",
        finished=moment_text(job.finished_at, the_mission.timezone, language)
        if job is not None and job.finished_at is not None
        else "",
        proposals=shown,
        total=len(proposals.items),
        english_reasons=language is not Language.EN and any(p.from_engine for p in shown),
        chosen=chosen,
        country_pairs=proposals.country_pairs,
        segments=proposals.segments,
        segment_labels={
            code: taxonomy.label(code, language) if taxonomy.is_known(code) else code
            for code in proposals.segments
        },
        languages=proposals.languages,
        no_shared_language=curation.NO_SHARED_LANGUAGE,
        open=the_mission.requests_open(context.now()),
        done=query.get("done", ""),
        count=int(query.get("count", "0")) if query.get("count", "").isdecimal() else 0,
        unsent=int(query.get("unsent", "0")) if query.get("unsent", "").isdecimal() else 0,
        error=error,
    )


@router.get("/matches")
def matches_page(
    request: Request,
    mission: DeskMission,
    countries: str = "",
    segment: str = "",
    language: str = "",
) -> Response:
    """Organiser: the matching's proposals of her mission, to approve or reject."""
    return _page(request, mission, curation.ProposalFilter(countries, segment, language))


@router.post("/matches/run")
def run_matching(request: Request, mission: DeskMission, csrf_token: FormText = "") -> Response:
    """Organiser: start a matching run of her mission (one at a time)."""
    check_form(mission.organiser, csrf_token)
    context = web_context(request)
    try:
        with context.transaction() as session:
            curation.start_matching(
                session, mission=mission.key, by=mission.email, now=context.now()
            )
    except JobAlreadyActive:
        pass  # the page shows the run already under way
    return RedirectResponse(matches_url(mission.key), status_code=303)


def _decide(
    request: Request,
    mission: OrganisedMission,
    decision: Decision,
    ids: list[str],
    only: str,
    csrf_token: str,
    chosen: curation.ProposalFilter,
) -> Response:
    check_form(mission.organiser, csrf_token)
    context = web_context(request)
    wanted = [only] if only else ids
    numbers = {int(i) for i in wanted if i.strip().isdecimal()}
    base_url = context.web.base_url
    now = context.now()
    try:
        with context.transaction() as session:
            curated = curation.curate(
                session,
                mission=mission.key,
                ids=numbers,
                decision=decision,
                by=mission.email,
                now=now,
                requests_url=f"{base_url}/me/requests",
                personal_link=context.web.link_url,
            )
    except CurationRefused as refused:
        status, message = REFUSALS[refused.refusal]
        return _page(request, mission, chosen, status=status, error=message)
    unsent = 0
    if curated.mails:
        try:
            report = curation.send_notices(MailSettings.from_environ(), curated, now=now)
            unsent = len(report.failed)
        except MailError:
            unsent = len(curated.mails)
    url = matches_url(
        mission.key,
        countries=chosen.countries,
        segment=chosen.segment,
        language=chosen.language,
        done=decision.value,
        count=len(curated.proposals),
        unsent=unsent,
    )
    return RedirectResponse(url, status_code=303)


@router.post("/matches/approve")
def approve_matches(
    request: Request,
    mission: DeskMission,
    ids: FormList = [],  # noqa: B006 -- FastAPI copies defaults
    only: FormText = "",
    countries: FormText = "",
    segment: FormText = "",
    language: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    """Organiser: approve the ticked proposals (or `only` one): pending requests, mailed."""
    chosen = curation.ProposalFilter(countries, segment, language)
    return _decide(request, mission, Decision.APPROVE, ids, only, csrf_token, chosen)


@router.post("/matches/reject")
def reject_matches(
    request: Request,
    mission: DeskMission,
    ids: FormList = [],  # noqa: B006 -- FastAPI copies defaults
    only: FormText = "",
    countries: FormText = "",
    segment: FormText = "",
    language: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    """Organiser: reject the ticked proposals (or `only` one): they become cancelled."""
    chosen = curation.ProposalFilter(countries, segment, language)
    return _decide(request, mission, Decision.REJECT, ids, only, csrf_token, chosen)
