"""`/me/directory`: the other participants of her mission, searched by words and by meaning.

One GET form (no script needed): `q` (words or a meaning, in French, Dutch or English),
`country` (ISO code), `segment` (value-chain code) and `kind` (of organisation). What
matches is in `rencontre.services.participant_directory`; this module turns it into the page,
which says which people were found by their words and which only by meaning. Profiles are
public ones: never an e-mail address.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rencontre.core.enums import OrganisationKind
from rencontre.core.taxonomy import load_taxonomy
from rencontre.documents.i18n import N_
from rencontre.services import participant_directory as people
from rencontre.services.meaning_search import SEARCHER
from rencontre.web.agendas import person_in_mission
from rencontre.web.auth.visitors import ParticipantVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import PageRefused
from rencontre.web.i18n import page_language
from rencontre.web.pages import render
from rencontre.web.participant.requests import deadline_text

router = APIRouter(prefix="/me", include_in_schema=False)

NO_LONGER_LISTED = N_("This mission no longer has an agenda for you.")
#: The kinds of organisation, as the filter names them.
KINDS: dict[OrganisationKind, str] = {
    OrganisationKind.COMPANY: N_("Company"),
    OrganisationKind.CARMAKER: N_("Carmaker"),
    OrganisationKind.SUPPLIER: N_("Supplier"),
    OrganisationKind.RESEARCH_LAB: N_("Research lab"),
    OrganisationKind.CLUSTER: N_("Cluster"),
    OrganisationKind.AGENCY: N_("Agency"),
    OrganisationKind.INVESTOR: N_("Investor"),
    OrganisationKind.PUBLIC_BODY: N_("Public body"),
}


@router.get("/directory")
def directory_page(
    request: Request,
    visitor: ParticipantVisitor,
    q: str = "",
    country: str = "",
    segment: str = "",
    kind: str = "",
) -> Response:
    """Participant: the other participants of my mission, searchable by words and meaning."""
    assert visitor.participant_id is not None and visitor.mission_id is not None
    context = web_context(request)
    with context.transaction() as session:
        found = person_in_mission(
            session, participant_id=visitor.participant_id, mission_id=visitor.mission_id
        )
    if found is None:
        raise PageRefused(404, NO_LONGER_LISTED)
    language = page_language(request, found.language)
    mission = found.snapshot.mission
    search = people.DirectorySearch(text=q, country=country, segment=segment, kind=kind)
    with context.transaction() as session:
        listed = people.directory(
            session,
            mission=mission,
            email=found.person.email,
            language=language,
            search=search,
            searcher=SEARCHER,
        )
    taxonomy = load_taxonomy()
    return render(
        request,
        "participant/directory.html",
        language,
        mission=mission,
        listed=listed,
        searched=bool(q.strip()),
        q=q,
        country=country.strip().upper(),
        segment=segment.strip().upper(),
        kind=kind.strip().lower(),
        segment_labels={
            code: taxonomy.label(code, language) if taxonomy.is_known(code) else code
            for code in listed.segments
        },
        kind_labels={k.value: KINDS[k] for k in listed.kinds},
        open=mission.requests_open(context.now()),
        deadline=deadline_text(mission, language) if mission.requests_close_at else "",
    )
