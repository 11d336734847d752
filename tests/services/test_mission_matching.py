import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date

from rencontre.core.enums import Language, OpportunityType, RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import LocalizedText, Organisation
from rencontre.core.participant import Participant
from rencontre.matching.explain import INTERPRETER, TEMPLATES
from rencontre.matching.profiles import Reason, Recommendation, Recommendations
from rencontre.services.mission_matching import (
    organisation_profiles,
    proposal_message,
    proposed_requests,
)

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


def _colleagues() -> tuple[Participant, ...]:
    """Two organisations of two people each, and three of one person; everyone speaks French."""
    return (
        Participant("n1@nord.example", "N1", "Nord", languages=(FR, NL)),
        Participant("n2@nord.example", "N2", "Nord", languages=(FR, NL)),
        Participant("z1@zuid.example", "Z1", "Zuid", languages=(FR, NL)),
        Participant("z2@zuid.example", "Z2", "Zuid", languages=(FR, NL)),
        Participant("x@x.example", "X", "X", languages=(FR,)),
        Participant("y@y.example", "Y", "Y", languages=(FR,)),
        Participant("w@w.example", "W", "W", languages=(FR,)),
    )


def _recommend(*orgs: tuple[str, tuple[str, ...]]) -> list[Recommendations]:
    return [
        Recommendations(org, tuple(Recommendation(other, 0.5, ()) for other in others))
        for org, others in orgs
    ]


def test_proposed_requests_spread_proposals_over_colleagues() -> None:
    recs = _recommend(("Nord", ("X", "Y", "W", "Zuid")), ("Zuid", ("X", "Y")))
    proposals = proposed_requests("m", recs, _colleagues(), [])
    assert [(r.requester, r.requested) for r in proposals] == [
        ("n1@nord.example", "x@x.example"),  # nobody has any: the first participant
        ("n2@nord.example", "y@y.example"),  # n1 has one
        ("n1@nord.example", "w@w.example"),  # one each: the first participant again
        ("n2@nord.example", "z1@zuid.example"),  # the pair whose busier person has fewest
        ("z2@zuid.example", "x@x.example"),  # x has one either way: the lighter pair
        ("z1@zuid.example", "y@y.example"),  # one each again
    ]
    load = Counter(e for r in proposals for e in (r.requester, r.requested))
    colleagues = ("n1@nord.example", "n2@nord.example", "z1@zuid.example", "z2@zuid.example")
    assert [load[email] for email in colleagues] == [2, 2, 2, 1]


def test_a_shared_language_comes_before_balance() -> None:
    people = (
        Participant("n1@nord.example", "N1", "Nord", languages=(FR,)),
        Participant("n2@nord.example", "N2", "Nord", languages=(NL,)),
        *_colleagues()[4:],
    )
    recs = _recommend(("Nord", ("X", "Y", "W")))
    assert {r.requester for r in proposed_requests("m", recs, people, [])} == {"n1@nord.example"}


def test_accepted_and_pending_requests_count_as_load_declined_ones_do_not() -> None:
    recs = _recommend(("Nord", ("X",)))

    def chosen(status: RequestStatus) -> str:
        booked = [MeetingRequest("m", "n1@nord.example", "y@y.example", status=status)]
        (proposal,) = proposed_requests("m", recs, _colleagues(), booked)
        return proposal.requester

    assert chosen(RequestStatus.ACCEPTED) == "n2@nord.example"
    assert chosen(RequestStatus.PENDING) == "n2@nord.example"
    assert chosen(RequestStatus.DECLINED) == "n1@nord.example"


# Run in a fresh process, where iterating a set of e-mails would follow PYTHONHASHSEED.
HASH_SEED_SCRIPT = """
import json, sys
from rencontre.core.enums import Language
from rencontre.core.participant import Participant
from rencontre.matching.profiles import Recommendation, Recommendations
from rencontre.services.mission_matching import proposed_requests
people, orgs = json.loads(sys.argv[1])
people = [Participant(e, e, o, languages=tuple(map(Language, s))) for e, o, s in people]
recs = [Recommendations(o, tuple(Recommendation(t, 0.5, ()) for t in ts)) for o, ts in orgs]
print([(r.requester, r.requested) for r in proposed_requests("m", recs, people, [])])
"""


def test_proposed_requests_are_the_same_whatever_the_string_hash_seed() -> None:
    people = [(p.email, p.organisation, [str(x) for x in p.languages]) for p in _colleagues()]
    orgs = [("Nord", ["X", "Y", "W", "Zuid"]), ("Zuid", ["X", "Y", "W"]), ("W", ["Nord"])]
    case = json.dumps([people, orgs])

    def run(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-c", HASH_SEED_SCRIPT, case]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout

    outputs = {run(seed) for seed in ("1", "2", "3")}
    assert len(outputs) == 1
    assert outputs.pop().count("@") == 2 * 7


def test_the_message_holds_the_top_reasons_and_the_interpreter_warning() -> None:
    def reason(signal: str, text: str) -> Reason:
        return Reason(signal, text, 1.0)

    reasons = (
        reason("value_chain", "Value chain: your segment supplies theirs"),
        reason("need_offer", "Offers “DC chargers”, which answers your need “chargers”"),
        reason("cross_border", "Cross-border partner based in France"),
        reason("text", "Similar activity: “batteries”"),
        reason(INTERPRETER, "No shared language: an interpreter will be needed"),
    )
    recs = [Recommendations("Volt", (Recommendation("Cel", 0.7, reasons),))]
    (request,) = proposed_requests("m", recs, PEOPLE, [])
    assert request.message == (
        "Value chain: your segment supplies theirs; "
        "Offers “DC chargers”, which answers your need “chargers”; "
        "Cross-border partner based in France; "
        "No shared language: an interpreter will be needed"
    )
    assert proposal_message(reasons[:1]) == "Value chain: your segment supplies theirs"
    assert proposal_message(()) == ""


def test_the_interpreter_signal_is_the_one_the_engine_writes() -> None:
    assert INTERPRETER in TEMPLATES
