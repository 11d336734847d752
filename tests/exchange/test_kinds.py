"""The kind a file or sheet holds, from names as organisers write them."""

from __future__ import annotations

import pytest

from rencontre.exchange.kinds import KINDS, SHEET_KINDS, NamedKind, kind_of_name

ACCEPTED = "one of " + ", ".join(KINDS)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("participants", "participants"),
        ("participants_v2", "participants"),
        ("Organisations 2026", "organisations"),
        ("meeting-requests (final)", "meeting_requests"),
        ("Meeting requests", "meeting_requests"),
        ("MEETINGS.day1", "meetings"),
        ("participants2", "participants"),
        ("Participants (mission HDF-NL)", "participants"),
        ("missions_2027", "missions"),
        ("outcomes", "outcomes"),
    ],
)
def test_a_name_that_starts_with_a_kind_holds_it(name: str, kind: str) -> None:
    assert kind_of_name(name) == NamedKind(kind)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("meetings_requests", "the name could mean meetings or meeting_requests: rename it to "
                              "say which"),
        ("Meetings requests 2026", "the name could mean meetings or meeting_requests: rename it "
                                   "to say which"),
        ("participants_and_organisations", "the name could mean participants or organisations: "
                                           "rename it to say which"),
        ("meetings with outcomes", "the name could mean meetings or outcomes: rename it to say "
                                   "which"),
    ],
)  # fmt: skip
def test_a_name_that_names_two_kinds_is_refused(name: str, reason: str) -> None:
    assert kind_of_name(name) == NamedKind(None, reason)


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("participant", "participants"),
        ("participant list", "participants"),
        ("organizations", "organisations"),
        ("opportunity", "opportunities"),
        ("participantslist", "participants"),  # the kind runs on into a word: not a suffix
    ],
)
def test_an_unknown_name_lists_the_kinds_and_the_one_probably_meant(name: str, meant: str) -> None:
    reason = f"start its name with what it holds: {ACCEPTED} (did you mean {meant}?)"
    assert kind_of_name(name) == NamedKind(None, reason)


def test_an_unknown_name_far_from_any_kind_lists_the_kinds() -> None:
    assert kind_of_name("Feuil1") == NamedKind(
        None, f"start its name with what it holds: {ACCEPTED}"
    )


def test_sheets_list_the_kinds_a_sheet_may_hold() -> None:
    assert kind_of_name("people", accepted=SHEET_KINDS).reason == (
        "start its name with what it holds: one of organisations, participants, "
        "opportunities, meeting_requests, meetings, outcomes, meeting_outcomes"
    )
