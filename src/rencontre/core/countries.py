"""ISO 3166-1 alpha-2 country codes, with the EU's own `EL` and `UK` accepted."""

from __future__ import annotations

# Every officially assigned alpha-2 code (ISO 3166-1, 249 entries).
ISO_ALPHA2: frozenset[str] = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
    """.split()
)

# The EU writes Greece and the United Kingdom differently from ISO.
EU_ALIASES: dict[str, str] = {"EL": "GR", "UK": "GB"}


def normalise_country(code: str) -> str:
    """Return the ISO alpha-2 code for `code`; raise ValueError naming it when unknown."""
    upper = code.strip().upper()
    upper = EU_ALIASES.get(upper, upper)
    if upper not in ISO_ALPHA2:
        raise ValueError(f"unknown country code {code!r} (expected ISO 3166-1 alpha-2)")
    return upper


# "based in …" for the countries of European programmes and their neighbours, in the reasons'
# languages (French needs its own preposition per country): code → (en, fr, nl).
_LOCATIVES: dict[str, tuple[str, str, str]] = {
    "AT": ("in Austria", "en Autriche", "in Oostenrijk"),
    "BE": ("in Belgium", "en Belgique", "in België"),
    "BG": ("in Bulgaria", "en Bulgarie", "in Bulgarije"),
    "CH": ("in Switzerland", "en Suisse", "in Zwitserland"),
    "CY": ("in Cyprus", "à Chypre", "in Cyprus"),
    "CZ": ("in Czechia", "en Tchéquie", "in Tsjechië"),
    "DE": ("in Germany", "en Allemagne", "in Duitsland"),
    "DK": ("in Denmark", "au Danemark", "in Denemarken"),
    "EE": ("in Estonia", "en Estonie", "in Estland"),
    "ES": ("in Spain", "en Espagne", "in Spanje"),
    "FI": ("in Finland", "en Finlande", "in Finland"),
    "FR": ("in France", "en France", "in Frankrijk"),
    "GB": ("in the United Kingdom", "au Royaume-Uni", "in het Verenigd Koninkrijk"),
    "GR": ("in Greece", "en Grèce", "in Griekenland"),
    "HR": ("in Croatia", "en Croatie", "in Kroatië"),
    "HU": ("in Hungary", "en Hongrie", "in Hongarije"),
    "IE": ("in Ireland", "en Irlande", "in Ierland"),
    "IL": ("in Israel", "en Israël", "in Israël"),
    "IS": ("in Iceland", "en Islande", "in IJsland"),
    "IT": ("in Italy", "en Italie", "in Italië"),
    "LT": ("in Lithuania", "en Lituanie", "in Litouwen"),
    "LU": ("in Luxembourg", "au Luxembourg", "in Luxemburg"),
    "LV": ("in Latvia", "en Lettonie", "in Letland"),
    "MT": ("in Malta", "à Malte", "in Malta"),
    "NL": ("in the Netherlands", "aux Pays-Bas", "in Nederland"),
    "NO": ("in Norway", "en Norvège", "in Noorwegen"),
    "PL": ("in Poland", "en Pologne", "in Polen"),
    "PT": ("in Portugal", "au Portugal", "in Portugal"),
    "RO": ("in Romania", "en Roumanie", "in Roemenië"),
    "SE": ("in Sweden", "en Suède", "in Zweden"),
    "SI": ("in Slovenia", "en Slovénie", "in Slovenië"),
    "SK": ("in Slovakia", "en Slovaquie", "in Slowakije"),
    "TR": ("in Turkey", "en Turquie", "in Turkije"),
    "US": ("in the United States", "aux États-Unis", "in de Verenigde Staten"),
}
_LANGUAGE_COLUMN = {"en": 0, "fr": 1, "nl": 2}


def located_in(code: str, lang: str) -> str:
    """ "in the Netherlands", "aux Pays-Bas", "in Nederland"; the code itself where the country
    has no name here ("in XK", "en XK")."""
    upper = code.strip().upper()
    names = _LOCATIVES.get(EU_ALIASES.get(upper, upper))
    if names is not None:
        return names[_LANGUAGE_COLUMN[lang]]
    return f"{'en' if lang == 'fr' else 'in'} {upper}"


# French "from" for each preposition of the locatives above: aux → des, au → du, en/à → de.
_FRENCH_FROM = {"aux ": "des ", "au ": "du ", "en ": "de ", "à ": "de "}


def coming_from(code: str, lang: str) -> str:
    """ "from the Netherlands", "des Pays-Bas", "uit Nederland": where an organisation is
    from, which is not always where it sits (an embassy)."""
    where = located_in(code, lang)
    if lang == "nl":
        return "uit " + where.removeprefix("in ")
    if lang == "fr":
        for at, source in _FRENCH_FROM.items():
            if where.startswith(at):
                name = where.removeprefix(at)
                elided = source == "de " and name[:1].lower() in tuple("aeiouyéèêâîôûœ")
                return ("d'" if elided else source) + name
        return where
    return "from " + where.removeprefix("in ")
