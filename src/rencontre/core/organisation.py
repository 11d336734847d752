"""Organisations of an ecosystem and the texts that describe them."""

from __future__ import annotations

from dataclasses import dataclass

from rencontre.core.enums import Language, OrganisationKind, SizeBand


@dataclass(frozen=True)
class LocalizedText:
    """A text written in one language (profiles are mixed FR/NL/EN, as in real life)."""

    language: Language
    text: str


@dataclass(frozen=True)
class Organisation:
    """A company, lab, cluster, agency, investor or public body.

    `name` is the organisation's identity in files and in the database: it is unique.
    """

    name: str
    country: str
    kind: OrganisationKind = OrganisationKind.COMPANY
    legal_name: str = ""
    region: str = ""
    city: str = ""
    size_band: SizeBand | None = None
    website: str = ""
    descriptions: tuple[LocalizedText, ...] = ()
    segments: tuple[str, ...] = ()  # value-chain taxonomy codes
    nace_codes: tuple[str, ...] = ()  # NACE Rev.2, e.g. "27.20"
    fictional: bool = False  # demo data invented for illustration
    source: str = ""  # where public facts come from

    def description(self, language: Language) -> str:
        """The description in `language`, or the empty string."""
        for text in self.descriptions:
            if text.language == language:
                return text.text
        return ""

    @property
    def languages(self) -> tuple[Language, ...]:
        return tuple(t.language for t in self.descriptions)
