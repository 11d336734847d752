from datetime import date

from rencontre.core.enums import Language, OpportunityType, RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import LocalizedText, Organisation
from rencontre.core.participant import Participant
from rencontre.matching.profiles import Reason, Recommendation, Recommendations
from rencontre.services.mission_matching import organisation_profiles, proposed_requests

EN, FR, NL = Language.EN, Language.FR, Language.NL
PEOPLE = (
    Participant("a@volt.example", "A", "Volt", languages=(FR,)),
    Participant("b@laad.example", "B", "Laad", languages=(NL,)),
    Participant("c@laad.example", "C", "Laad", languages=(FR, NL)),
    Participant("d@cel.example", "D", "Cel", languages=(NL,)),
)


def test_organisation_profiles_use_live_offers_and_requests() -> None:
    orgs = (
        Organisation("Volt", "FR", descriptions=(LocalizedText(FR, "Bornes de recharge"),)),
        Organisation("Absent", "NL"),
    )
    opportunities = (
        Opportunity("o1", "Volt", OpportunityType.BUSINESS_OFFER, "Bornes DC", "22 kW"),
        Opportunity("o2", "Volt", OpportunityType.BUSINESS_REQUEST, "Distributeur NL"),
        Opportunity(
            "o3", "Volt", OpportunityType.TECHNOLOGY_REQUEST, "Old", expires_on=date(2020, 1, 1)
        ),
    )
    (profile,) = organisation_profiles(orgs, PEOPLE, opportunities, today=date(2027, 4, 6))
    assert profile.id == "Volt"
    assert profile.texts == ("Bornes de recharge",)
    assert profile.offers == ("Bornes DC. 22 kW",)
    assert profile.needs == ("Distributeur NL",)
    assert profile.languages == frozenset({"fr"})


def test_proposed_requests_pick_a_shared_language_and_skip_known_pairs() -> None:
    reason = (Reason("text", "They sell what you need", 1.0),)
    recs = [
        Recommendations(
            "Volt",
            (Recommendation("Laad", 0.9, reason), Recommendation("Cel", 0.5, reason)),
        ),
        Recommendations("Laad", (Recommendation("Volt", 0.9, reason),)),
    ]
    existing = [MeetingRequest("m", "d@cel.example", "a@volt.example")]
    (request,) = proposed_requests("m", recs, PEOPLE, existing)
    assert request == MeetingRequest(
        mission="m",
        requester="a@volt.example",
        requested="c@laad.example",
        priority=2,
        message="They sell what you need",
        status=RequestStatus.PROPOSED,
        score=0.9,
    )


def _pairs(people: tuple[Participant, ...], orgs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(requester, requested) e-mail pairs proposed for each (organisation, recommended) pair."""
    recs = [Recommendations(org, (Recommendation(other, 0.5, ()),)) for org, other in orgs]
    return [(r.requester, r.requested) for r in proposed_requests("m", recs, people, [])]


def test_proposed_requests_pair_colleagues_who_share_a_language() -> None:
    people = (
        Participant("hugo@region.example", "Hugo", "Region", languages=(FR,)),
        Participant("jerome@region.example", "Jérôme", "Region", languages=(EN, FR)),
        Participant("hans@rai.example", "Hans", "Rai", languages=(EN, NL)),
        Participant("claire@toyota.example", "Claire", "Toyota", languages=(EN, FR)),
        Participant("chloe@toyota.example", "Chloé", "Toyota", languages=(EN, FR, NL)),
        Participant("iris@kabel.example", "Iris", "Kabel", languages=(NL,)),
    )
    assert _pairs(people, [("Region", "Rai"), ("Toyota", "Kabel")]) == [
        ("jerome@region.example", "hans@rai.example"),
        ("chloe@toyota.example", "iris@kabel.example"),
    ]


def test_proposed_requests_prefer_first_participants_then_participant_order() -> None:
    languages = {
        "A": [(FR,), (NL,)], "B": [(NL,), (FR,)],
        "C": [(EN,), (NL,), (FR,)], "D": [(FR,), (NL,)],
        "E": [(EN,), (NL,), (FR,)], "F": [(), (FR,), (NL,)],
        "G": [(FR,)], "H": [(NL,), (NL,)],
    }  # fmt: skip
    people = tuple(
        Participant(f"{org.lower()}{n}@x.example", f"{org}{n}", org, languages=spoken)
        for org, each in languages.items()
        for n, spoken in enumerate(each, start=1)
    )
    assert _pairs(people, [("A", "B"), ("C", "D"), ("E", "F"), ("G", "H")]) == [
        ("a1@x.example", "b2@x.example"),  # the requester organisation's first participant
        ("c3@x.example", "d1@x.example"),  # then the other organisation's first participant
        ("e2@x.example", "f3@x.example"),  # then the first pair in participant order
        ("g1@x.example", "h1@x.example"),  # nobody shares a language: the first participants
    ]
