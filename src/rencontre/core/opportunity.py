"""Partnering opportunities, after the Enterprise Europe Network profile types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rencontre.core.enums import Language, OpportunityType, PartnershipType


@dataclass(frozen=True)
class Opportunity:
    """An offer or request published by an organisation; `reference` is unique."""

    reference: str
    organisation: str  # Organisation.name
    type: OpportunityType
    title: str
    description: str = ""
    language: Language = Language.EN
    partnership_types: tuple[PartnershipType, ...] = ()
    target_countries: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    expires_on: date | None = None

    @property
    def is_offer(self) -> bool:
        return self.type in (OpportunityType.BUSINESS_OFFER, OpportunityType.TECHNOLOGY_OFFER)

    def is_expired(self, today: date) -> bool:
        return self.expires_on is not None and self.expires_on < today
