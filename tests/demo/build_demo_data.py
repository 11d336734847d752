"""Generate the demo's participants, mission and meeting requests from the hand-written files.

Run `.venv/bin/python tests/demo/build_demo_data.py` after editing organisations.json or
opportunities.json; it rewrites participants.json, mission.json and meeting_requests.json in
`src/rencontre/demo/data/`. Everything random comes from one seeded generator, so the output is
identical on every run (tests/demo/test_demo.py checks that the committed files match).
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rencontre.core.enums import Language
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.core.taxonomy import Taxonomy, load_taxonomy
from rencontre.demo.loader import mission_from_dict, participant_from_dict
from rencontre.services.mission_grid import blocked_slots, build_grid

DATA = Path(__file__).resolve().parents[2] / "src" / "rencontre" / "demo" / "data"
SEED = 20270406
MISSION_KEY = "nl-hdf-2027"
D1, D2, D3 = "2027-04-06", "2027-04-07", "2027-04-08"
TARGET_REQUESTS = 360
# Busiest people keep slack so the schedule has room for breaks and late changes.
ACCEPTED_SHARE_OF_USABLE = 0.7

FR_FIRST = (
    "Marie Camille Julie Claire Sophie Élodie Pauline Aurélie Céline Nathalie Isabelle Léa Manon "
    "Chloé Émilie Sandrine Valérie Amandine Hélène Lucie Thomas Nicolas Julien Maxime Antoine "
    "Pierre Mathieu Alexandre Romain Vincent Sébastien Guillaume François Laurent Olivier Benoît "
    "Damien Kévin Hugo Arnaud Jérôme Cédric Fabien Yann Mehdi Karim Samir Inès Yasmine"
).split()
FR_LAST = (
    "Dupont Lefebvre Martin Bernard Petit Durand Leroy Moreau Lambert Fontaine Dubois Roussel "
    "Mercier Leclercq Delattre Vandenbussche Descamps Lemaire Dhaene Carpentier Vasseur Caron "
    "Lefort Delannoy Dumont Wattel Poulain Hennebert Delcroix Fournier Masson Duhamel Régnier "
    "Bouchez Delporte Cordier Deschamps Fabre Lheureux Benali Haddad Nguyen Ferreira Kowalski"
).split()
NL_FIRST = (
    "Sanne Eva Lotte Anouk Femke Iris Lieke Marieke Esther Ingrid Noor Fleur Marloes Petra "
    "Annemiek Renske Joost Bram Daan Sander Ruud Pieter Maarten Jeroen Wouter Bas Thijs Sjoerd "
    "Koen Erik Niels Hans Rik Stijn Tim Mark Jorn Ahmed Mehmet Floris"
).split()
NL_LAST = (
    "de Vries|van Dijk|Jansen|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|"
    "Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Vermeulen|van den Berg|Kok|"
    "Jacobs|van der Linden|Schouten|Willems|Hoekstra|Koster|Prins|Huisman|Postma|Kuipers|"
    "Verhoeven|van Beek|Yilmaz|El Amrani|Sluiter|Timmermans"
).split("|")
BE_FIRST = "Wouter Griet Lien Pieter Jan Katrien Stefaan Els Benoît Manon".split()
BE_LAST = "Claes|De Smet|Peeters|Maes|Van Damme|Wuyts|Dubois|Lemaire|Goossens|Declercq".split("|")
DE_FIRST = "Lukas Anna Jonas Katrin Felix Sabine".split()
DE_LAST = "Becker Schmitz Hoffmann Wagner Krüger Schulte".split()

ROLES = {
    "FR": {
        "company": [
            "Directeur général",
            "Responsable du développement commercial",
            "Cheffe de projet",
        ],
        "supplier": ["Directeur commercial", "Responsable grands comptes", "Responsable R&D"],
        "carmaker": [
            "Responsable achats",
            "Directeur d'usine adjoint",
            "Ingénieur industrialisation",
        ],
        "research_lab": [
            "Directeur de laboratoire",
            "Chargée de valorisation",
            "Enseignant-chercheur",
        ],
        "cluster": ["Délégué R&D et innovation", "Chargée de mission international"],
        "agency": ["Directrice projet", "Chargé d'affaires internationales"],
        "investor": ["Associé", "Chargée d'investissement"],
        "public_body": ["Chargée de mission mobilité", "Directeur de l'économie"],
    },
    "EN": {
        "company": ["Managing director", "Business development manager", "Head of sales"],
        "supplier": ["Sales director", "Key account manager", "R&D manager"],
        "carmaker": ["Purchasing manager", "Plant engineer"],
        "research_lab": ["Head of laboratory", "Technology transfer officer"],
        "cluster": ["Programme director green mobility", "International affairs advisor"],
        "agency": ["Trade advisor", "Senior advisor international business"],
        "investor": ["Partner", "Investment manager"],
        "public_body": ["Economic counsellor", "Senior policy officer"],
    },
}


@dataclass
class Person:
    email: str
    full_name: str
    organisation: str
    country: str
    role: str
    languages: list[str]
    availability: list[dict[str, str]]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _domain(organisation: dict[str, Any]) -> str:
    website = organisation["website"]
    if website:
        return website.removeprefix("https://www.")
    return re.sub(r"[^a-z0-9]+", "", _ascii(organisation["name"].split("–")[0])) + ".example"


def _languages(country: str, rng: random.Random) -> list[str]:
    """Spoken languages as in real life: some French or Dutch only, most with English."""
    r = rng.random()
    if country == "FR":
        return ["fr"] if r < 0.2 else ["fr", "en"] if r < 0.9 else ["fr", "en", "nl"]
    if country == "NL":
        return ["nl"] if r < 0.12 else ["nl", "en"] if r < 0.72 else ["nl", "en", "fr"]
    if country == "BE":
        return ["nl", "fr", "en"] if r < 0.7 else ["fr", "en"]
    return ["en"]


def _availability(rng: random.Random) -> list[dict[str, str]]:
    """Most stay throughout; some leave after day 2, arrive late on day 1 or come on day 2 only."""
    r = rng.random()
    if r < 0.06:
        return [{"start": f"{D1}T08:00", "end": f"{D2}T18:30"}]  # leaves after day 2
    if r < 0.11:
        return [{"start": f"{D1}T16:00", "end": f"{D3}T17:00"}]  # arrives day 1 afternoon
    if r < 0.14:
        return [{"start": f"{D2}T08:00", "end": f"{D2}T20:00"}]  # day 2 only
    return []


def build_participants(organisations: list[dict[str, Any]], rng: random.Random) -> list[Person]:
    used: set[str] = set()
    people: list[Person] = []
    for org in organisations:
        country = org["country"]
        if org["kind"] in ("carmaker", "agency", "cluster", "public_body") or org["size_band"] == (
            "large"
        ):
            count = 2
        else:
            count = 1 if org["size_band"] == "micro" or rng.random() < 0.6 else 2
        pools = {
            "FR": (FR_FIRST, FR_LAST),
            "NL": (NL_FIRST, NL_LAST),
            "BE": (BE_FIRST, BE_LAST),
            "DE": (DE_FIRST, DE_LAST),
        }[country]
        roles = ROLES["FR" if country == "FR" else "EN"][org["kind"]]
        for index in range(count):
            while True:
                first, last = rng.choice(pools[0]), rng.choice(pools[1])
                if f"{first} {last}" not in used:
                    break
            used.add(f"{first} {last}")
            local = f"{_ascii(first)}.{_ascii(last).replace(' ', '')}"
            people.append(
                Person(
                    email=f"{local}@{_domain(org)}",
                    full_name=f"{first} {last}",
                    organisation=org["name"],
                    country=country,
                    role=roles[index % len(roles)],
                    languages=_languages(country, rng),
                    availability=_availability(rng),
                )
            )
    return people


VENUES = [
    {
        "key": "transalley",
        "name": "Technopole Transalley",
        "address": "Campus du Mont Houy, 59300 Famars",
        "city": "Famars",
        "tables": 20,
    },
    {
        "key": "lamih-tracks",
        "name": "Pistes d'essais du LAMIH (UPHF)",
        "address": "Campus du Mont Houy, 59300 Famars",
        "city": "Famars",
        "tables": 0,
    },
    {
        "key": "hotel-escaut",
        "name": "Grand Hôtel de l'Escaut (fictional venue)",
        "address": "Place d'Armes, 59300 Valenciennes",
        "city": "Valenciennes",
        "tables": 25,
    },
    {
        "key": "toyota-onnaing",
        "name": "Toyota Motor Manufacturing France",
        "address": "Parc industriel de la Vallée de l'Escaut, 59264 Onnaing",
        "city": "Onnaing",
        "tables": 0,
    },
    {
        "key": "stellantis-hordain",
        "name": "Stellantis – site de Hordain",
        "address": "Zone industrielle, 59111 Hordain",
        "city": "Hordain",
        "tables": 0,
    },
    {
        "key": "cellunord-douai",
        "name": "CelluNord – site pilote (fictional)",
        "address": "Zone d'activités du Raquet, 59500 Douai",
        "city": "Douai",
        "tables": 0,
    },
]
TRAVEL = [
    ("transalley", "lamih-tracks", 10),
    ("transalley", "hotel-escaut", 15),
    ("transalley", "toyota-onnaing", 20),
    ("transalley", "stellantis-hordain", 25),
    ("transalley", "cellunord-douai", 35),
    ("lamih-tracks", "hotel-escaut", 15),
    ("hotel-escaut", "toyota-onnaing", 20),
    ("hotel-escaut", "stellantis-hordain", 25),
    ("hotel-escaut", "cellunord-douai", 35),
    ("toyota-onnaing", "stellantis-hordain", 30),
]
ARTICLE = "article-fr.txt"


def _item(
    key: str, title: str, kind: str, day: str, start: str, end: str, venue: str, description: str
) -> dict[str, Any]:
    return {
        "key": key,
        "title": title,
        "kind": kind,
        "start": f"{day}T{start}",
        "end": f"{day}T{end}",
        "venue": venue,
        "audience": [],
        "description": description,
    }


def build_programme() -> list[dict[str, Any]]:
    return [
        _item("d1-welcome", "Accueil café", "meal", D1, "09:30", "10:00", "transalley", ""),
        _item(
            "d1-opening",
            "Ouverture : discours de la ministre néerlandaise du Commerce extérieur",
            "talk",
            D1,
            "10:00",
            "10:45",
            "transalley",
            f"« On a besoin de plus de solutions durables et de coopération. C'est la clé du "
            f"changement. » ({ARTICLE}). Avec la Région Hauts-de-France et Nord France Invest.",
        ),
        _item(
            "d1-testimonies",
            "Témoignages d'entrepreneurs franco-néerlandais",
            "testimony",
            D1,
            "10:45",
            "12:00",
            "transalley",
            "Entreprises de la région et de la délégation racontent leurs coopérations.",
        ),
        _item("d1-lunch", "Déjeuner", "meal", D1, "12:00", "13:15", "transalley", ""),
        _item(
            "d1-projects",
            "Les projets e-mobilité de la Région Hauts-de-France",
            "talk",
            D1,
            "13:15",
            "14:15",
            "transalley",
            f"Première région de production de véhicules : 56 000 emplois, plus de 520 000 "
            f"véhicules en 2022, sept milliards investis entre 2020 et 2025 ({ARTICLE}, ARIA).",
        ),
        _item(
            "d1-b2b",
            "Rendez-vous B2B – Transalley",
            "b2b_session",
            D1,
            "14:30",
            "17:30",
            "transalley",
            "",
        ),
        _item(
            "d1-dinner", "Dîner de la délégation", "meal", D1, "19:30", "22:00", "hotel-escaut", ""
        ),
        _item(
            "d2-b2b-am",
            "Rendez-vous B2B – matin",
            "b2b_session",
            D2,
            "09:00",
            "12:20",
            "hotel-escaut",
            "",
        ),
        _item("d2-lunch", "Déjeuner", "meal", D2, "12:20", "13:30", "hotel-escaut", ""),
        _item(
            "d2-visit-toyota",
            "Visite de l'usine Toyota d'Onnaing",
            "site_visit",
            D2,
            "14:00",
            "16:30",
            "toyota-onnaing",
            "Groupe limité ; départ en car depuis l'hôtel.",
        ),
        _item(
            "d2-visit-stellantis",
            "Visite du site Stellantis de Hordain",
            "site_visit",
            D2,
            "14:00",
            "16:30",
            "stellantis-hordain",
            "Groupe limité ; départ en car depuis l'hôtel.",
        ),
        _item(
            "d2-b2b-pm",
            "Rendez-vous B2B – après-midi",
            "b2b_session",
            D2,
            "13:40",
            "17:40",
            "hotel-escaut",
            "",
        ),
        _item(
            "d2-batteries",
            "Batteries : l'ambition régionale et le cluster néerlandais",
            "talk",
            D2,
            "17:45",
            "18:30",
            "hotel-escaut",
            f"« Nous avons 378 acteurs au sein du cluster de batteries néerlandais. Il n'y a pas "
            f"encore de gigafactory dans notre pays » ({ARTICLE}).",
        ),
        _item(
            "d3-demos",
            "Démonstrations de véhicules concepts sur les pistes du LAMIH",
            "demo",
            D3,
            "09:00",
            "10:30",
            "lamih-tracks",
            f"Présentations de concepts automobiles sur les pistes de LAMIH ({ARTICLE}).",
        ),
        _item(
            "d3-b2b",
            "Rendez-vous B2B – Transalley",
            "b2b_session",
            D3,
            "10:45",
            "12:45",
            "transalley",
            "",
        ),
        _item("d3-lunch", "Déjeuner de clôture", "meal", D3, "12:45", "14:00", "transalley", ""),
        _item(
            "d3-visit-cellunord",
            "Visite du site pilote de batteries CelluNord (Douai)",
            "site_visit",
            D3,
            "14:45",
            "16:45",
            "cellunord-douai",
            "Pour les entreprises de la chaîne de valeur des batteries.",
        ),
    ]


# Who goes on the site visits: the hosts, then delegation members whose work fits the site.
VISITS = {
    "d2-visit-toyota": (
        "Toyota Motor Manufacturing France",
        ("components", "services", "logistics"),
        26,
    ),
    "d2-visit-stellantis": (
        "Stellantis – Hordain plant",
        ("components", "powertrain", "vehicles"),
        22,
    ),
    "d3-visit-cellunord": ("CelluNord", ("battery", "raw_materials", "logistics"), 20),
}


def assign_visits(
    programme: list[dict[str, Any]],
    people: list[Person],
    organisations: dict[str, dict[str, Any]],
    taxonomy: Taxonomy,
    rng: random.Random,
) -> None:
    on_day2_visit: set[str] = set()
    for key, (host, groups, size) in VISITS.items():
        hosts = [p.email for p in people if p.organisation == host]
        candidates = [
            p
            for p in people
            if p.organisation != host
            and p.email not in on_day2_visit
            and not p.availability
            and any(
                taxonomy.segment(s).group in groups
                for s in organisations[p.organisation]["segments"]
            )
        ]
        rng.shuffle(candidates)
        # The visits are for the delegation first; regional firms fill the remaining seats.
        candidates.sort(key=lambda p: p.country == "FR")
        chosen = sorted(hosts + [p.email for p in candidates[: size - len(hosts)]])
        if key.startswith("d2"):
            on_day2_visit.update(chosen)
        next(item for item in programme if item["key"] == key)["audience"] = chosen


# Hand-picked first: the stories the mission is about (requester org, requested org, message).
STORIES = [
    (
        "VoltaFlux",
        "Laadnet Nederland",
        3,
        "en",
        "We need partners and operator networks to distribute our AC and DC chargers in the "
        "Netherlands; your 12,000 public points make you our first choice.",
    ),
    (
        "Lumacell Batterijen",
        "CelluNord",
        3,
        "en",
        "We are looking for a European LFP cell supply from 2028 for our bus and truck packs. "
        "Could we discuss volumes and samples?",
    ),
    (
        "Circulion Recycling",
        "Régénère Batteries",
        3,
        "en",
        "We produce 5,000 t of black mass a year and need a hydrometallurgy partner close by.",
    ),
    (
        "Veldhoven Power Electronics",
        "Motelec Hainaut",
        3,
        "en",
        "Our 800 V SiC inverter and your rare-earth-free motors could make one integrated unit.",
    ),
    (
        "GridFlex Energy",
        "Flexinord Énergies",
        2,
        "en",
        "Shall we build the Utrecht–Lille vehicle-to-grid pilot together?",
    ),
    (
        "SensiQ Mobility",
        "LAMIH – Université Polytechnique Hauts-de-France",
        3,
        "en",
        "We would like to validate our radar-camera fusion on your test tracks.",
    ),
    (
        "Van den Berg Busretrofit",
        "Mobihainaut",
        3,
        "fr",
        "Nous convertissons des bus diesel en bus électriques : parlons de vos 40 bus.",
    ),
    (
        "Hydrovolt Mobility",
        "Hydrogène des Flandres",
        2,
        "en",
        "A hydrogen corridor Rotterdam–Dunkirk–Lille needs both ends: let us meet.",
    ),
    (
        "Kathodix",
        "Régénère Batteries",
        2,
        "en",
        "Your recycled lithium and manganese could feed our cobalt-free cathode pilot.",
    ),
    (
        "Stroomwijzer Mobility",
        "Recharge Opale",
        2,
        "en",
        "Roaming between our app and your coastal network would serve Dutch tourists.",
    ),
    (
        "Dijkstra Laadsystemen",
        "Borne & Co Installations",
        3,
        "fr",
        "Nous cherchons un installateur certifié pour nos bornes rapides dans le Nord.",
    ),
    (
        "Nederlands Batterijcluster",
        "CelluNord",
        3,
        "en",
        "Dutch pack makers need European cells; can we agree on a framework with the cluster?",
    ),
    (
        "Chargeo",
        "Dijkstra Laadsystemen",
        2,
        "en",
        "We would like to integrate your DC chargers into our OCPP 2.0.1 platform.",
    ),
    (
        "Stadsvracht Electric Vehicles",
        "Axelec Industries",
        2,
        "en",
        "Your compact e-axle might fit our urban van; can we see drawings?",
    ),
]

TEMPLATES = {
    "fr": [
        "Votre activité « {their} » complète la nôtre (« {ours} »). Pouvons-nous nous rencontrer ?",
        "Nous travaillons dans « {ours} » et cherchons des partenaires en « {their} ». "
        "Un rendez-vous pendant la mission ?",
        "Votre offre en « {their} » nous intéresse pour nos projets ; échangeons à Famars.",
    ],
    "nl": [
        "Uw activiteit ‘{their}’ sluit aan bij de onze (‘{ours}’). Kunnen we afspreken?",
        "Wij zijn actief in ‘{ours}’ en zoeken partners in ‘{their}’. Graag een afspraak tijdens "
        "de missie.",
        "Interesse in uw aanbod op het gebied van ‘{their}’; laten we in Famars kennismaken.",
    ],
    "en": [
        "Your work in '{their}' complements ours in '{ours}'. Could we meet?",
        "We are active in '{ours}' and looking for partners in '{their}'. Happy to meet during "
        "the mission.",
        "Interested in your '{their}' offer for our projects; let's talk in Famars.",
    ],
}
FOLLOW_UP = {
    "fr": "Suite à notre demande « {title} » : votre profil nous intéresse.",
    "nl": "Naar aanleiding van onze vraag ‘{title}’: uw profiel spreekt ons aan.",
    "en": "Regarding our request '{title}': your profile looks like a good fit.",
}


def _message_language(requester: Person, requested: Person) -> str:
    """The requester writes in a language both speak, preferring the requested party's own."""
    for language in requested.languages:
        if language in requester.languages:
            return language
    return "en" if "en" in requester.languages else requester.languages[0]


def _linked_segments(
    taxonomy: Taxonomy, ours: list[str], theirs: list[str]
) -> tuple[str, str] | None:
    for mine in ours:
        for other in theirs:
            if taxonomy.are_linked(mine, other):
                return mine, other
    return None


def _pair_score(
    a: Person,
    b: Person,
    organisations: dict[str, dict[str, Any]],
    needs: dict[str, set[str]],
    taxonomy: Taxonomy,
) -> float:
    seg_a, seg_b = (
        organisations[a.organisation]["segments"],
        organisations[b.organisation]["segments"],
    )
    score = 0.0
    if _linked_segments(taxonomy, seg_a, seg_b):
        score += 3
    if needs[a.organisation] & set(seg_b) or needs[b.organisation] & set(seg_a):
        score += 3
    if {a.country, b.country} == {"FR", "NL"} or (
        a.country != b.country and "FR" in (a.country, b.country)
    ):
        score += 2
    if "PUB-AG" in seg_a + seg_b or "PUB-CLU" in seg_a + seg_b:
        score += 1
    if not set(a.languages) & set(b.languages):
        score -= 1
    return score


def build_requests(
    people: list[Person],
    organisations: dict[str, dict[str, Any]],
    opportunities: list[dict[str, Any]],
    usable: dict[str, frozenset[int]],
    taxonomy: Taxonomy,
    rng: random.Random,
) -> list[dict[str, Any]]:
    needs: dict[str, set[str]] = {name: set() for name in organisations}
    requests_of: dict[str, list[dict[str, Any]]] = {name: [] for name in organisations}
    for opp in opportunities:
        if opp["type"] in ("business_request", "technology_request", "rd_request"):
            needs[opp["organisation"]].update(opp["segments"])
            requests_of[opp["organisation"]].append(opp)
    by_org: dict[str, list[Person]] = {}
    for person in people:
        by_org.setdefault(person.organisation, []).append(person)
    accepted: dict[str, int] = {p.email: 0 for p in people}
    sent: dict[str, int] = {p.email: 0 for p in people}
    seen_pairs: set[frozenset[str]] = set()
    org_pairs: dict[frozenset[str], int] = {}
    result: list[dict[str, Any]] = []

    def status_for(a: Person, b: Person, wanted: str) -> str:
        common = usable[a.email] & usable[b.email]
        if wanted == "accepted" and len(common) < 3:
            return "declined"  # no time in common: a realistic reason to decline
        if wanted == "accepted" and any(
            accepted[p.email] + 1 > int(ACCEPTED_SHARE_OF_USABLE * len(usable[p.email]))
            for p in (a, b)
        ):
            return "pending"  # the agenda is full: left waiting, as organisers see it
        return wanted

    def add(a: Person, b: Person, priority: int, language: str, message: str, wanted: str) -> None:
        status = status_for(a, b, wanted)
        if status == "accepted":
            accepted[a.email] += 1
            accepted[b.email] += 1
        sent[a.email] += 1
        seen_pairs.add(frozenset((a.email, b.email)))
        key = frozenset((a.organisation, b.organisation))
        org_pairs[key] = org_pairs.get(key, 0) + 1
        result.append(
            {
                "mission": MISSION_KEY,
                "requester": a.email,
                "requested": b.email,
                "priority": priority,
                "message": message,
                "status": status,
                "language": language,
            }
        )

    for org_a, org_b, priority, language, message in STORIES:
        add(by_org[org_a][0], by_org[org_b][0], priority, language, message, "accepted")

    candidates: list[tuple[float, Person, Person]] = []
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            if a.organisation == b.organisation or a.country == b.country == "NL":
                continue
            score = _pair_score(a, b, organisations, needs, taxonomy)
            if score >= 4:
                candidates.append((score + rng.uniform(0, 4), a, b))
    candidates.sort(key=lambda c: (-c[0], c[1].email, c[2].email))
    for key, a, b in candidates:
        if len(result) >= TARGET_REQUESTS:
            break
        pair = frozenset((a.email, b.email))
        org_pair = frozenset((a.organisation, b.organisation))
        if pair in seen_pairs or org_pairs.get(org_pair, 0) >= 2:
            continue
        # The side with a matching request asks; otherwise the visiting delegation does.
        seg_a = set(organisations[a.organisation]["segments"])
        seg_b = set(organisations[b.organisation]["segments"])
        if needs[b.organisation] & seg_a and not needs[a.organisation] & seg_b:
            a, b = b, a
        elif not needs[a.organisation] & seg_b and b.country == "NL":
            a, b = b, a
        if sent[a.email] >= 8:
            continue
        language = _message_language(a, b)
        wanted_request = next(
            (
                o
                for o in requests_of[a.organisation]
                if set(o["segments"]) & set(organisations[b.organisation]["segments"])
                and o["language"] == language
            ),
            None,
        )
        if wanted_request is not None and rng.random() < 0.6:
            message = FOLLOW_UP[language].format(title=wanted_request["title"])
        else:
            link = _linked_segments(
                taxonomy,
                organisations[a.organisation]["segments"],
                organisations[b.organisation]["segments"],
            ) or (
                organisations[a.organisation]["segments"][0],
                organisations[b.organisation]["segments"][0],
            )
            message = rng.choice(TEMPLATES[language]).format(
                ours=taxonomy.label(link[0], Language(language)),
                their=taxonomy.label(link[1], Language(language)),
            )
        priority = 3 if key >= 10.5 else 2 if key >= 8 else 1
        r = rng.random()
        wanted = "accepted" if r < 0.74 else "declined" if r < 0.86 else "pending"
        add(a, b, priority, language, message, wanted)
    for row in result:
        del row["language"]
    return result


def usable_slots(mission: Mission, participants: list[Participant]) -> dict[str, frozenset[int]]:
    """Per e-mail, the B2B slots the person can meet in (availability, programme, travel)."""
    grid = build_grid(mission)
    every = frozenset(slot.index for slot in grid.slots)
    return {p.email: every - blocked_slots(mission, grid, p) for p in participants}


def _dump(key: str, rows: list[Any]) -> str:
    # One record per line: readable diffs when the generator or the sources change.
    lines = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in rows)
    return '{\n "' + key + '": [\n' + lines + "\n ]\n}\n"


def build() -> dict[str, str]:
    """The generated files, by name, as text."""
    rng = random.Random(SEED)
    taxonomy = load_taxonomy()
    organisations = json.loads((DATA / "organisations.json").read_text("utf-8"))["organisations"]
    opportunities = json.loads((DATA / "opportunities.json").read_text("utf-8"))["opportunities"]
    by_name = {org["name"]: org for org in organisations}
    people = build_participants(organisations, rng)
    programme = build_programme()
    assign_visits(programme, people, by_name, taxonomy, rng)
    mission_raw: dict[str, Any] = {
        "key": MISSION_KEY,
        "title": "Mission automobile néerlandaise en Hauts-de-France – Transalley, Famars",
        "start_date": D1,
        "end_date": D3,
        "timezone": "Europe/Paris",
        "description": (
            "Trois jours de visite d'une délégation d'une trentaine d'entreprises automobiles "
            "néerlandaises à la technopole Transalley, d'après " + ARTICLE + " ; les dates, "
            "le programme détaillé et les entreprises sont illustratifs."
        ),
        "slot_minutes": 20,
        "venues": VENUES,
        "travel_times": [{"from_venue": a, "to_venue": b, "minutes": m} for a, b, m in TRAVEL],
        "programme": programme,
        "participants": [p.email for p in people],
    }
    mission = mission_from_dict(mission_raw)
    zone = ZoneInfo(mission.timezone)
    participant_rows = [
        {
            "email": p.email,
            "full_name": p.full_name,
            "organisation": p.organisation,
            "role": p.role,
            "languages": p.languages,
            "availability": p.availability,
        }
        for p in people
    ]
    core_people = [participant_from_dict(row, zone) for row in participant_rows]
    usable = usable_slots(mission, core_people)
    requests = build_requests(people, by_name, opportunities, usable, taxonomy, rng)
    mission_text = json.dumps(mission_raw, ensure_ascii=False, indent=1) + "\n"
    return {
        "participants.json": _dump("participants", participant_rows),
        "mission.json": mission_text,
        "meeting_requests.json": _dump("meeting_requests", requests),
    }


def main() -> None:
    for name, text in build().items():
        (DATA / name).write_text(text, "utf-8")
        print(f"wrote {DATA / name}")


if __name__ == "__main__":
    main()
