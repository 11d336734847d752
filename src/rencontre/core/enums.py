"""Closed vocabularies of the domain; values are the stable strings used in files and the DB."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    FR = "fr"
    NL = "nl"
    EN = "en"


class OrganisationKind(StrEnum):
    COMPANY = "company"
    CARMAKER = "carmaker"
    SUPPLIER = "supplier"
    RESEARCH_LAB = "research_lab"
    CLUSTER = "cluster"
    AGENCY = "agency"
    INVESTOR = "investor"
    PUBLIC_BODY = "public_body"


class SizeBand(StrEnum):
    """EU SME size classes by head count."""

    MICRO = "micro"  # < 10
    SMALL = "small"  # 10-49
    MEDIUM = "medium"  # 50-249
    LARGE = "large"  # >= 250


class OpportunityType(StrEnum):
    """Enterprise Europe Network profile types."""

    BUSINESS_OFFER = "business_offer"
    BUSINESS_REQUEST = "business_request"
    TECHNOLOGY_OFFER = "technology_offer"
    TECHNOLOGY_REQUEST = "technology_request"
    RD_REQUEST = "rd_request"


class PartnershipType(StrEnum):
    COMMERCIAL = "commercial"
    DISTRIBUTION = "distribution"
    SUPPLY = "supply"
    OUTSOURCING = "outsourcing"
    INVESTMENT = "investment"
    RD_COOPERATION = "rd_cooperation"


class ProgrammeItemKind(StrEnum):
    TALK = "talk"
    TESTIMONY = "testimony"
    SITE_VISIT = "site_visit"
    DEMO = "demo"
    MEAL = "meal"
    B2B_SESSION = "b2b_session"


class RequestStatus(StrEnum):
    PROPOSED = "proposed"  # suggested by matching, not yet sent
    PENDING = "pending"  # sent, awaiting the requested party
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"  # withdrawn by the organiser or by a change on the day


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class OutcomeKind(StrEnum):
    NO_FOLLOW_UP = "no_follow_up"
    FOLLOW_UP = "follow_up"
    QUOTATION = "quotation"
    AGREEMENT = "agreement"
    INVESTMENT = "investment"


class Attendance(StrEnum):
    """Whether a meeting took place, as one of its sides says afterwards."""

    HELD = "held"
    NO_SHOW = "no_show"


class NextStep(StrEnum):
    """What one side of a meeting means to do next with the other."""

    NONE = "none"
    CALL = "call"
    VISIT = "visit"
    NDA = "nda"
    PILOT = "pilot"
    SUPPLY_AGREEMENT = "supply_agreement"
    DISTRIBUTION_AGREEMENT = "distribution_agreement"
    RD_PROJECT = "rd_project"
    INVESTMENT = "investment"
