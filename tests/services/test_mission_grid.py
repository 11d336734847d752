from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rencontre.core.enums import ProgrammeItemKind
from rencontre.core.mission import Mission, ProgrammeItem, TableChange, TravelTime, Venue
from rencontre.core.participant import Participant, TimeWindow
from rencontre.services.mission_grid import attended_items, blocked_slots, build_grid

PARIS = ZoneInfo("Europe/Paris")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 4, 5 + day, hour, minute, tzinfo=PARIS)


def tiny_mission() -> Mission:
    return Mission(
        key="m",
        title="Tiny",
        start_date=date(2027, 4, 6),
        end_date=date(2027, 4, 7),
        venues=(Venue("hall", "Hall", tables=3), Venue("track", "Track", tables=0)),
        travel_times=(TravelTime("hall", "track", 45),),
        slot_minutes=30,
        programme=(
            ProgrammeItem(
                "b1", "B2B day 1", ProgrammeItemKind.B2B_SESSION, at(1, 14), at(1, 16), "hall"
            ),
            ProgrammeItem(
                "b2", "B2B day 2", ProgrammeItemKind.B2B_SESSION, at(2, 9), at(2, 10), "hall"
            ),
            ProgrammeItem(
                "demo",
                "Track demo",
                ProgrammeItemKind.DEMO,
                at(1, 16, 30),
                at(1, 17),
                "track",
                audience=("ann@x.example",),
            ),
        ),
    )


def test_build_grid_lays_out_slots_days_sessions_and_tables() -> None:
    grid = build_grid(tiny_mission())
    assert [s.start for s in grid.slots] == [
        at(1, 14),
        at(1, 14, 30),
        at(1, 15),
        at(1, 15, 30),
        at(2, 9),
        at(2, 9, 30),
    ]
    assert grid.day_of_slot == (0, 0, 0, 0, 1, 1)
    assert grid.session_of_slot == (0, 0, 0, 0, 1, 1)
    assert grid.tables_of_slot == (3, 3, 3, 3, 3, 3)


def test_blocked_slots_include_travel_time_before_an_attended_item() -> None:
    mission = tiny_mission()
    grid = build_grid(mission)
    ann = Participant("ann@x.example", "Ann", "X")
    bob = Participant("bob@y.example", "Bob", "Y")
    # The demo starts 16:30 at the track, 45 minutes away: Ann's 15:30-16:00 slot is blocked.
    assert blocked_slots(mission, grid, ann) == frozenset({3})
    assert blocked_slots(mission, grid, bob) == frozenset()


def test_blocked_slots_follow_availability() -> None:
    mission = tiny_mission()
    grid = build_grid(mission)
    leaves_early = Participant(
        "cy@z.example", "Cy", "Z", availability=(TimeWindow(at(1, 0), at(1, 23)),)
    )
    assert blocked_slots(mission, grid, leaves_early) == frozenset({4, 5})


def test_items_outside_a_persons_availability_are_not_theirs() -> None:
    mission = tiny_mission()
    day_two_only = Participant(
        "ann@x.example", "Ann", "X", availability=(TimeWindow(at(2, 8), at(2, 18)),)
    )
    every_day = Participant("ann@x.example", "Ann", "X")
    # The track demo (day 1, for Ann) is hers only when she is there on day 1; when it is not
    # hers it blocks no slot, not even by the travel time around it.
    assert [i.key for i in attended_items(mission, every_day)] == ["demo"]
    assert attended_items(mission, day_two_only) == ()
    grid = build_grid(mission)
    assert blocked_slots(mission, grid, day_two_only) == frozenset({0, 1, 2, 3})


def test_a_table_change_gives_slots_from_its_start_the_new_count() -> None:
    mission = tiny_mission()
    hall = replace(mission.venues[0], table_changes=(TableChange(at(1, 15), 1),))
    grid = build_grid(replace(mission, venues=(hall, mission.venues[1])))
    assert grid.tables_of_slot == (3, 3, 1, 1, 1, 1)
