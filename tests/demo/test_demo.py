"""The embedded demo mission: counts, referential integrity, languages, and a schedulable load."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from rencontre.core.countries import normalise_country
from rencontre.core.enums import Language, OrganisationKind, ProgrammeItemKind, RequestStatus
from rencontre.core.taxonomy import load_taxonomy
from rencontre.core.validation import check_nace, normalise_email
from rencontre.demo import DEMO_MISSION_KEY, load_demo
from rencontre.shared_data import shared_dir

COMPANY_KINDS = {OrganisationKind.COMPANY, OrganisationKind.SUPPLIER, OrganisationKind.INVESTOR}


def _builder() -> ModuleType:
    # The generator is a script, not a package module: import it by path.
    path = Path(__file__).with_name("build_demo_data.py")
    spec = importlib.util.spec_from_file_location("build_demo_data", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up in sys.modules while the module is being executed.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    return _builder()


def test_demo_counts() -> None:
    demo = load_demo()
    assert len(demo.organisations) == 92
    assert Counter(o.country for o in demo.organisations) == {"FR": 58, "NL": 31, "BE": 2, "DE": 1}
    assert Counter(o.kind for o in demo.organisations) == {
        OrganisationKind.COMPANY: 48,
        OrganisationKind.SUPPLIER: 28,
        OrganisationKind.AGENCY: 3,
        OrganisationKind.CLUSTER: 3,
        OrganisationKind.PUBLIC_BODY: 3,
        OrganisationKind.CARMAKER: 3,
        OrganisationKind.RESEARCH_LAB: 2,
        OrganisationKind.INVESTOR: 2,
    }
    assert len(demo.participants) == 136
    assert len(demo.opportunities) == 128
    assert len(demo.missions) == 1
    assert Counter(r.status for r in demo.meeting_requests) == {
        RequestStatus.ACCEPTED: 286,
        RequestStatus.PENDING: 45,
        RequestStatus.DECLINED: 29,
    }


def test_demo_is_cached() -> None:
    assert load_demo() is load_demo()


def test_demo_organisation_names_unique_and_described_in_three_languages() -> None:
    organisations = load_demo().organisations
    assert len({o.name for o in organisations}) == len(organisations)
    for organisation in organisations:
        assert organisation.languages == (Language.FR, Language.NL, Language.EN), organisation.name
        lengths = [len(organisation.description(language)) for language in Language]
        assert min(lengths) >= 100, organisation.name


def test_demo_segments_known_to_the_taxonomy() -> None:
    taxonomy = load_taxonomy()
    demo = load_demo()
    unknown = [
        s
        for item in (*demo.organisations, *demo.opportunities)
        for s in item.segments
        if not taxonomy.is_known(s)
    ]
    assert unknown == []
    assert all(o.segments for o in demo.organisations)


def test_demo_countries_and_nace_codes_valid() -> None:
    demo = load_demo()
    countries = [o.country for o in demo.organisations]
    countries += [c for opp in demo.opportunities for c in opp.target_countries]
    assert [normalise_country(c) for c in countries] == countries
    codes = [n for o in demo.organisations for n in o.nace_codes]
    assert [check_nace(n) for n in codes] == codes
    assert all(o.nace_codes for o in demo.organisations)


def test_demo_companies_are_fictional_and_public_facts_are_sourced() -> None:
    organisations = load_demo().organisations
    for organisation in organisations:
        if organisation.kind in COMPANY_KINDS:
            assert organisation.fictional, organisation.name
        if organisation.fictional:
            assert organisation.website.endswith(".example"), organisation.name
            assert organisation.source == "", organisation.name
        else:
            assert organisation.source != "", organisation.name
    from_article = sorted(o.name for o in organisations if o.source.startswith("article-fr.txt: "))
    assert from_article == [
        "ARIA Hauts-de-France",
        "LAMIH – Université Polytechnique Hauts-de-France",
        "Ministerie van Buitenlandse Zaken – Buitenlandse Handel en Ontwikkelingssamenwerking",
        "Nederlands Batterijcluster",
        "Nord France Invest",
        "RAI Automotive",
        "Renault Group – Hauts-de-France plants",
        "Région Hauts-de-France",
        "Stellantis – Hordain plant",
        "Toyota Motor Manufacturing France",
        "Transalley",
    ]
    assert sum(not o.fictional for o in organisations) == 13


def test_demo_article_quotes_in_sources_come_from_the_article() -> None:
    # The article lives beside the repository, in CI too: its absence is a failure.
    article = shared_dir() / "seed" / "article-fr.txt"
    text = article.read_text("utf-8").replace("’", "'")
    for organisation in load_demo().organisations:
        for quote in organisation.source.split("« ")[1:]:
            assert quote.split(" »")[0] in text, organisation.name


def test_demo_participants_belong_to_known_organisations_with_valid_emails() -> None:
    demo = load_demo()
    names = {o.name for o in demo.organisations}
    emails = [p.email for p in demo.participants]
    assert len(set(emails)) == len(emails)
    assert [normalise_email(e) for e in emails] == emails
    assert all(e.endswith(".example") for e in emails)
    assert sorted({p.organisation for p in demo.participants}) == sorted(names)
    assert all(p.languages and p.role for p in demo.participants)


def test_demo_language_mix_includes_monolingual_people() -> None:
    mix = Counter(tuple(p.languages) for p in load_demo().participants)
    assert mix[(Language.FR,)] == 16
    assert mix[(Language.NL,)] == 10
    assert sum(n for langs, n in mix.items() if Language.EN in langs) == 110


def test_demo_some_participants_have_availability_windows() -> None:
    assert sum(bool(p.availability) for p in load_demo().participants) == 12


def test_demo_opportunities_reference_organisations() -> None:
    demo = load_demo()
    names = {o.name for o in demo.organisations}
    assert {opp.organisation for opp in demo.opportunities} <= names
    assert len({opp.reference for opp in demo.opportunities}) == 128
    assert Counter(opp.language for opp in demo.opportunities) == {
        Language.FR: 55,
        Language.EN: 54,
        Language.NL: 19,
    }
    assert sum(opp.is_expired(demo.missions[0].start_date) for opp in demo.opportunities) == 4


def test_demo_programme_references_venues_and_people() -> None:
    mission = load_demo().missions[0]
    assert mission.key == DEMO_MISSION_KEY
    venues = {v.key for v in mission.venues}
    assert {item.venue for item in mission.programme} <= venues
    emails = {p.email for p in load_demo().participants}
    assert set(mission.participants) == emails
    assert {e for item in mission.programme for e in item.audience} <= emails
    assert all(item.start < item.end for item in mission.programme)
    assert {t.from_venue for t in mission.travel_times} | {
        t.to_venue for t in mission.travel_times
    } <= venues


def test_demo_b2b_sessions_at_two_venues() -> None:
    mission = load_demo().missions[0]
    sessions = mission.b2b_sessions
    assert [s.key for s in sessions] == ["d1-b2b", "d2-b2b-am", "d2-b2b-pm", "d3-b2b"]
    assert {s.venue for s in sessions} == {"transalley", "hotel-escaut"}
    assert [mission.venue(v).tables for v in ("transalley", "hotel-escaut")] == [20, 25]
    assert mission.slot_minutes == 20
    assert Counter(slot.session for slot in mission.slots()) == {
        "d1-b2b": 9,
        "d2-b2b-am": 10,
        "d2-b2b-pm": 12,
        "d3-b2b": 6,
    }
    kinds = Counter(item.kind for item in mission.programme)
    assert kinds[ProgrammeItemKind.SITE_VISIT] == 3
    assert kinds[ProgrammeItemKind.DEMO] == 1
    assert mission.travel_minutes("hotel-escaut", "toyota-onnaing") == 20


def test_demo_parallel_site_visits_have_disjoint_audiences() -> None:
    programme = {item.key: item for item in load_demo().missions[0].programme}
    toyota = set(programme["d2-visit-toyota"].audience)
    stellantis = set(programme["d2-visit-stellantis"].audience)
    assert (len(toyota), len(stellantis), len(programme["d3-visit-cellunord"].audience)) == (
        26,
        22,
        20,
    )
    assert toyota & stellantis == set()


def test_demo_requests_between_distinct_organisations() -> None:
    demo = load_demo()
    organisation_of = {p.email: p.organisation for p in demo.participants}
    pairs = set()
    for request in demo.meeting_requests:
        assert request.mission == DEMO_MISSION_KEY
        assert organisation_of[request.requester] != organisation_of[request.requested]
        assert 1 <= request.priority <= 3
        assert request.message
        pairs.add(frozenset((request.requester, request.requested)))
    assert len(pairs) == len(demo.meeting_requests)
    country = {o.name: o.country for o in demo.organisations}
    borders = Counter(
        tuple(sorted(country[organisation_of[e]] for e in (r.requester, r.requested)))
        for r in demo.meeting_requests
    )
    assert borders[("FR", "NL")] == 270
    assert borders[("FR", "FR")] == 53


def test_demo_accepted_requests_fit_usable_slots(builder: ModuleType) -> None:
    demo = load_demo()
    mission = demo.missions[0]
    usable = builder.usable_slots(mission, list(demo.participants))
    accepted = Counter[str]()
    for request in demo.meeting_requests:
        if request.status is RequestStatus.ACCEPTED:
            accepted[request.requester] += 1
            accepted[request.requested] += 1
            assert len(usable[request.requester] & usable[request.requested]) >= 3
    over = [e for e, n in accepted.items() if n > 0.7 * len(usable[e])]
    assert over == []
    assert max(accepted.values()) == 18


def test_demo_generated_files_match_the_generator(builder: ModuleType) -> None:
    data = resources.files("rencontre.demo").joinpath("data")
    for name, text in builder.build().items():
        assert data.joinpath(name).read_text("utf-8") == text, name


def test_every_participant_can_travel_between_consecutive_programme_items() -> None:
    # Meetings are placed with travel times; the fixed programme must leave room for them too
    # (a visit once began 15 minutes after a lunch 20–25 minutes away).
    from rencontre.documents.agenda import build_agenda

    demo = load_demo()
    (mission,) = demo.missions
    minutes = {}
    for travel in mission.travel_times:
        minutes[travel.from_venue, travel.to_venue] = travel.minutes
        minutes[travel.to_venue, travel.from_venue] = travel.minutes
    venue_key = {venue.name: venue.key for venue in mission.venues}
    people = {p.email: p for p in demo.participants}
    late = []
    for person in demo.participants:
        entries = build_agenda(mission, person, (), people)
        for before, after in zip(entries, entries[1:], strict=False):
            trip = minutes.get((venue_key[before.venue], venue_key[after.venue]), 0)
            if (after.start - before.end).total_seconds() < trip * 60:
                late.append((person.email, before.title, after.title))
    assert late == []
