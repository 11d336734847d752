"""ISO 3166-1 alpha-2 country codes, with the EU's own `EL` and `UK` accepted, and the names
of European countries in English, French and Dutch.

Codes are what is stored. Names are recognised without regard to case, accents, spaces,
hyphens or a leading article ("les Pays-Bas", "the Netherlands", "Nederland" are all NL), so
that a spreadsheet written by a person can be read (`code_of_name`) and a code that is in fact
a name or a misspelt name gets a suggestion (`suggest_country`).
"""

from __future__ import annotations

import difflib
import unicodedata
from functools import cache

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
    """Return the ISO alpha-2 code for `code`; raise ValueError naming it when unknown.

    Only codes are accepted here; the error suggests the code when `code` is a country's name
    or close to one ("did you mean NL?").
    """
    upper = code.strip().upper()
    upper = EU_ALIASES.get(upper, upper)
    if upper not in ISO_ALPHA2:
        raise ValueError(
            f"unknown country code {code!r} (expected ISO 3166-1 alpha-2{suggest_country(code)})"
        )
    return upper


def read_country(written: str) -> tuple[str, bool]:
    """The ISO code of a code or a country's name, and whether it was a name.

    Raise ValueError naming `written`, with a suggestion when one is close.
    """
    try:
        return normalise_country(written), False
    except ValueError:
        code = code_of_name(written)
        if code is None:
            reason = "expected an ISO 3166-1 alpha-2 code or a country's name"
            raise ValueError(
                f"unknown country {written.strip()!r} ({reason}{suggest_country(written)})"
            ) from None
        return code, True


# Names of the countries of the EU, the EEA, Switzerland, the United Kingdom and a few
# partners, in English, French and Dutch, then other names people write (endonyms, alpha-3
# codes, parts taken for the whole): code → names. The first name is the one suggestions show
# for an English-looking input; `suggest_country` shows the name the input was closest to.
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "AT": ("Austria", "Autriche", "Oostenrijk", "Österreich", "AUT"),
    "BE": ("Belgium", "Belgique", "België", "Belgien", "BEL"),
    "BG": ("Bulgaria", "Bulgarie", "Bulgarije", "BGR"),
    "CH": ("Switzerland", "Suisse", "Zwitserland", "Schweiz", "Svizzera", "CHE"),
    "CY": ("Cyprus", "Chypre", "CYP"),
    "CZ": ("Czechia", "Tchéquie", "Tsjechië", "Czech Republic", "République tchèque",
           "Tsjechische Republiek", "CZE"),
    "DE": ("Germany", "Allemagne", "Duitsland", "Deutschland", "DEU"),
    "DK": ("Denmark", "Danemark", "Denemarken", "Danmark", "DNK"),
    "EE": ("Estonia", "Estonie", "Estland", "EST"),
    "ES": ("Spain", "Espagne", "Spanje", "España", "ESP"),
    "FI": ("Finland", "Finlande", "Suomi", "FIN"),
    "FR": ("France", "Frankrijk", "Frankreich", "FRA"),
    "GB": ("United Kingdom", "Royaume-Uni", "Verenigd Koninkrijk", "Great Britain",
           "Grande-Bretagne", "Groot-Brittannië", "England", "Angleterre", "Engeland",
           "Scotland", "Écosse", "Schotland", "Wales", "Pays de Galles", "GBR"),
    "GR": ("Greece", "Grèce", "Griekenland", "Hellas", "GRC"),
    "HR": ("Croatia", "Croatie", "Kroatië", "Hrvatska", "HRV"),
    "HU": ("Hungary", "Hongrie", "Hongarije", "HUN"),
    "IE": ("Ireland", "Irlande", "Ierland", "IRL"),
    "IL": ("Israel", "Israël", "ISR"),
    "IS": ("Iceland", "Islande", "IJsland", "ISL"),
    "IT": ("Italy", "Italie", "Italië", "Italia", "ITA"),
    "LI": ("Liechtenstein", "LIE"),
    "LT": ("Lithuania", "Lituanie", "Litouwen", "LTU"),
    "LU": ("Luxembourg", "Luxemburg", "LUX"),
    "LV": ("Latvia", "Lettonie", "Letland", "LVA"),
    "MT": ("Malta", "Malte", "MLT"),
    "NL": ("Netherlands", "Pays-Bas", "Nederland", "Holland", "Hollande", "NLD"),
    "NO": ("Norway", "Norvège", "Noorwegen", "Norge", "NOR"),
    "PL": ("Poland", "Pologne", "Polen", "Polska", "POL"),
    "PT": ("Portugal", "PRT"),
    "RO": ("Romania", "Roumanie", "Roemenië", "ROU"),
    "SE": ("Sweden", "Suède", "Zweden", "Sverige", "SWE"),
    "SI": ("Slovenia", "Slovénie", "Slovenië", "SVN"),
    "SK": ("Slovakia", "Slovaquie", "Slowakije", "SVK"),
    "TR": ("Turkey", "Turquie", "Turkije", "Türkiye", "TUR"),
    "US": ("United States", "États-Unis", "Verenigde Staten", "United States of America",
           "USA"),
}  # fmt: skip

# Articles a name may start with ("the Netherlands", "les Pays-Bas", "het Verenigd Koninkrijk").
_ARTICLES = ("the", "le", "la", "les", "l", "het", "de")


def name_key(name: str) -> str:
    """`name` reduced to what tells countries apart: letters and digits, no accents, no case,
    no leading article ("Les Pays-Bas" → "paysbas")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    words = plain.split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return "".join(words)


@cache
def _codes_by_name() -> dict[str, tuple[str, str]]:
    """Every name's key → (code, the name as written above)."""
    return {name_key(name): (code, name) for code, names in COUNTRY_NAMES.items()
            for name in names}  # fmt: skip


def code_of_name(name: str) -> str | None:
    """The code of the country called `name` in English, French or Dutch (None if unknown)."""
    found = _codes_by_name().get(name_key(name))
    return None if found is None else found[0]


def suggest_country(written: str) -> str:
    """ "; did you mean NL?" when `written` names a country, or "; did you mean NL
    (Nederland)?" when it is close to a name (a typo); "" when nothing is close."""
    key = name_key(written)
    by_name = _codes_by_name()
    if key in by_name:
        return f"; did you mean {by_name[key][0]}?"
    if len(key) < 4:  # two or three letters are too short to tell a typo from another code
        return ""
    close = difflib.get_close_matches(key, list(by_name), n=1, cutoff=0.8)
    if not close:
        return ""
    code, name = by_name[close[0]]
    return f"; did you mean {code} ({name})?"


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
