"""ISO 639-1 language codes, and the names people write instead of them."""

from __future__ import annotations

import unicodedata

# Every ISO 639-1 code (184): a language is compared by its code, so "fr" beside "French" would
# make two languages, and an unknown one would be quoted raw in a "shared language" reason.
ISO_639_1: frozenset[str] = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
    ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
    ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
    ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
    ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
    yo za zh zu
    """.split()
)

# What people write instead of a code, to say which code they meant: the names in English,
# French, Dutch and the language itself, and the ISO 639-2 three-letter codes, for the EU's
# languages, their neighbours' and the most spoken others. Matched without case or accents.
_NAMES_BY_CODE: dict[str, str] = {
    "ar": "arabic arabe arabisch العربية ara",
    "bg": "bulgarian bulgare bulgaars български bul",
    "bs": "bosnian bosniaque bosnisch bosanski bos",
    "ca": "catalan catalaans català cat",
    "cs": "czech tchèque tsjechisch čeština ces cze",
    "da": "danish danois deens dansk dan",
    "de": "german allemand duits deutsch deu ger",
    "el": "greek grec grieks ελληνικά ell gre",
    "en": "english anglais engels eng",
    "es": "spanish espagnol spaans español castellano spa",
    "et": "estonian estonien estisch ests eesti est",
    "eu": "basque baskisch euskara eus baq",
    "fi": "finnish finnois fins suomi fin",
    "fr": "french français frans fra fre",
    "fy": "frisian frison fries frysk fry",
    "ga": "irish irlandais iers gaeilge gle",
    "gl": "galician galicien galicisch galego glg",
    "he": "hebrew hébreu hebreeuws עברית heb",
    "hi": "hindi हिन्दी hin",
    "hr": "croatian croate kroatisch hrvatski hrv",
    "hu": "hungarian hongrois hongaars magyar hun",
    "is": "icelandic islandais ijslands íslenska isl ice",
    "it": "italian italien italiaans italiano ita",
    "ja": "japanese japonais japans 日本語 jpn",
    "ko": "korean coréen koreaans 한국어 kor",
    "lb": "luxembourgish luxembourgeois luxemburgs lëtzebuergesch ltz",
    "lt": "lithuanian lituanien litouws lietuvių lit",
    "lv": "latvian letton lets latviešu lav",
    "mk": "macedonian macédonien macedonisch македонски mkd mac",
    "mt": "maltese maltais maltees malti mlt",
    "nl": "dutch flemish néerlandais flamand nederlands vlaams nld dut",
    "no": "norwegian norvégien noors norsk nor",
    "pl": "polish polonais pools polski pol",
    "pt": "portuguese portugais portugees português por",
    "ro": "romanian roumain roemeens română ron rum",
    "ru": "russian russe russisch русский rus",
    "sk": "slovak slovaque slowaaks slovenčina slk slo",
    "sl": "slovenian slovène sloveens slovenščina slv",
    "sq": "albanian albanais albanees shqip sqi alb",
    "sr": "serbian serbe servisch srpski српски srp",
    "sv": "swedish suédois zweeds svenska swe",
    "tr": "turkish turc turks türkçe tur",
    "uk": "ukrainian ukrainien oekraïens українська ukr",
    "zh": "chinese mandarin chinois chinees 中文 zho chi",
}


def _folded(text: str) -> str:
    """`text` lower-cased and without accents, as a name may be typed either way."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_CODE_BY_NAME: dict[str, str] = {
    _folded(name): code for code, names in _NAMES_BY_CODE.items() for name in names.split()
}


def meant_language(written: str) -> str | None:
    """The code `written` stands for when it is a known name, an ISO 639-2 code or a regional
    tag ("fr-BE", "en_GB"); None when it is none of these."""
    named = _CODE_BY_NAME.get(_folded(written))
    if named is not None:
        return named
    prefix = written.strip().lower().replace("_", "-").split("-", 1)[0]
    return prefix if prefix in ISO_639_1 else None
