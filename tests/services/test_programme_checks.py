"""Programme checks: travel between items, overlaps, sessions, dates."""

from __future__ import annotations

from rencontre.core.enums import ProgrammeItemKind
from rencontre.core.mission import ProgrammeItem, TableChange, Venue
from rencontre.services.findings import FindingCode
from rencontre.services.programme_checks import (
    b2b_sessions_without_slots,
    b2b_sessions_without_tables,
    check_programme,
    items_outside_dates,
    overlapping_attended_items,
    overlapping_b2b_sessions,
    travel_shortfalls,
)

from .checks_samples import ANNE, B2B, JULIEN, MARC, PEOPLE, PIET, PROGRAMME, VENUES, at, mission


def test_travel_shortfall_names_both_items_the_people_and_the_minutes_missing() -> None:
    found = travel_shortfalls(mission(), PEOPLE)
    assert [f.message for f in found] == [
        "“Lunch” at Grand Palais, 13 Oct 12:00–13:30 then “Site visit” at Douai plant, "
        "13 Oct 13:45–16:00: 15 minutes between them for a 45-minute journey, 30 minutes "
        "short, for 2 participants: Julien Dupont <julien@dupont.example>, "
        "Anne Peeters <anne@peeters.example>",
        "“Keynote” at Grand Palais, 14 Oct 09:00–10:00 then “Line demo” at Douai plant, "
        "14 Oct 10:15–11:00: 15 minutes between them for a 45-minute journey, 30 minutes "
        "short, for 3 participants: Julien Dupont <julien@dupont.example>, "
        "Piet Jansen <piet@jansen.example>, Marc Leroy <marc@leroy.example>",
    ]
    first = found[0]
    assert first.code is FindingCode.TRAVEL_SHORTFALL
    assert (first.items, first.people) == (("lunch", "visit"), (JULIEN, ANNE))
    assert (first.minutes_short, first.needed, first.available) == (30, 45, 15)
    assert (first.start, first.end) == (at(13, 13, 30), at(13, 13, 45))


def test_a_person_here_on_day_one_only_gets_no_warning_about_day_two() -> None:
    day_two = [f for f in travel_shortfalls(mission(), PEOPLE) if f.items == ("talk", "demo")]
    assert [f.people for f in day_two] == [(JULIEN, PIET, MARC)]


def test_enough_time_to_travel_gives_no_warning() -> None:
    later = [
        ProgrammeItem(p.key, p.title, p.kind, at(13, 14, 15), at(13, 16), p.venue, p.audience)
        if p.key == "visit"
        else p
        for p in PROGRAMME
    ]
    assert [f.items for f in travel_shortfalls(mission(later), PEOPLE)] == [("talk", "demo")]


def test_travel_is_checked_from_the_item_a_person_leaves_last() -> None:
    # A coffee in Lille between lunch and the visit: the coffee, not lunch, is left for Douai.
    coffee = ProgrammeItem(
        "coffee", "Coffee", ProgrammeItemKind.MEAL, at(13, 13, 30), at(13, 13, 40), "lille"
    )
    found = travel_shortfalls(mission((*PROGRAMME, coffee)), PEOPLE)
    assert [(f.items, f.minutes_short) for f in found] == [
        (("coffee", "visit"), 40),
        (("talk", "demo"), 30),
    ]


def test_attended_items_at_the_same_time_are_an_error_for_their_audience_only() -> None:
    briefing = ProgrammeItem(
        "briefing",
        "Press briefing",
        ProgrammeItemKind.TALK,
        at(13, 15),
        at(13, 15, 30),
        "lille",
        audience=(JULIEN, PIET),
    )
    found = overlapping_attended_items(mission((*PROGRAMME, briefing)), PEOPLE)
    assert [f.message for f in found] == [
        "“Site visit” at Douai plant, 13 Oct 13:45–16:00 and “Press briefing” at Grand Palais, "
        "13 Oct 15:00–15:30 overlap, for 1 participant: Julien Dupont <julien@dupont.example>"
    ]
    assert found[0].code is FindingCode.PROGRAMME_OVERLAP
    assert found[0].is_error


def test_overlapping_b2b_sessions_are_an_error() -> None:
    extra = ProgrammeItem("b2b-3", "B2B extra", B2B, at(13, 10, 30), at(13, 11, 30), "hall")
    found = overlapping_b2b_sessions(mission((*PROGRAMME, extra)))
    assert [f.message for f in found] == [
        "B2B sessions “B2B morning” at Hall B2B, 13 Oct 10:00–11:00 and “B2B extra” at "
        "Hall B2B, 13 Oct 10:30–11:30 overlap: one person cannot be in both; merge them into "
        "one session at one venue or move one"
    ]
    assert (found[0].items, found[0].start, found[0].end) == (
        ("b2b-1", "b2b-3"),
        at(13, 10, 30),
        at(13, 11),
    )
    assert overlapping_b2b_sessions(mission()) == []


def test_a_b2b_session_at_a_venue_without_tables_is_an_error() -> None:
    at_lunch_venue = ProgrammeItem("b2b-3", "B2B lunch", B2B, at(14, 12), at(14, 13), "lille")
    found = b2b_sessions_without_tables(mission((*PROGRAMME, at_lunch_venue)))
    assert [(f.code, f.items, f.venue) for f in found] == [
        (FindingCode.B2B_SESSION_WITHOUT_TABLES, ("b2b-3",), "lille")
    ]
    assert found[0].message == (
        "B2B session “B2B lunch” at Grand Palais, 14 Oct 12:00–13:00: the venue has no B2B "
        "table then; give the venue tables or move the session"
    )


def test_a_venue_that_loses_its_tables_for_a_whole_session_is_an_error() -> None:
    closing = Venue("hall", "Hall B2B", tables=2, table_changes=(TableChange(at(14, 12), 0),))
    venues = [closing if v.key == "hall" else v for v in VENUES]
    found = b2b_sessions_without_tables(mission(venues=venues))
    assert [f.items for f in found] == [("b2b-2",)]


def test_a_session_shorter_than_a_slot_is_a_warning() -> None:
    short = ProgrammeItem("b2b-3", "B2B short", B2B, at(14, 16), at(14, 16, 15), "hall")
    found = b2b_sessions_without_slots(mission((*PROGRAMME, short)))
    assert [(f.code, f.items, f.needed, f.available, f.is_error) for f in found] == [
        (FindingCode.B2B_SESSION_WITHOUT_SLOTS, ("b2b-3",), 20, 15, False)
    ]


def test_items_outside_the_mission_dates_are_a_warning() -> None:
    dinner = ProgrammeItem(
        "dinner", "Gala dinner", ProgrammeItemKind.MEAL, at(15, 19), at(15, 22), "lille"
    )
    until_midnight = ProgrammeItem(
        "late", "Late talk", ProgrammeItemKind.TALK, at(14, 23), at(15, 0), "lille"
    )
    found = items_outside_dates(mission((*PROGRAMME, dinner, until_midnight)))
    assert [f.message for f in found] == [
        "“Gala dinner” at Grand Palais, 15 Oct 19:00–22:00 is outside the mission's dates, "
        "13–14 Oct 2027"
    ]
    assert not found[0].is_error


def test_the_sample_programme_has_only_its_two_travel_warnings() -> None:
    found = check_programme(mission(), PEOPLE)
    assert [(f.code, f.items) for f in found] == [
        (FindingCode.TRAVEL_SHORTFALL, ("lunch", "visit")),
        (FindingCode.TRAVEL_SHORTFALL, ("talk", "demo")),
    ]
