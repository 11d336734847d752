"""Which time zone a time without a UTC offset is read in."""

from __future__ import annotations

from rencontre.exchange.zones import LocalZone, MissionZone, TimeZones

PARIS = MissionZone("hdf", "Europe/Paris", ("ines@x.example", "joost@y.example"))
LISBON = MissionZone("lis", "Europe/Lisbon", ("joost@y.example",))


def test_a_mission_reads_in_its_own_zone() -> None:
    zones = TimeZones([PARIS, LISBON])
    assert zones.for_mission("lis") == LocalZone("Europe/Lisbon")
    assert zones.for_mission("nope") == LocalZone(None, "mission 'nope' is not known")


def test_a_person_reads_in_the_zone_of_their_missions() -> None:
    zones = TimeZones([PARIS, LISBON])
    assert zones.for_person("ines@x.example") == LocalZone("Europe/Paris")
    assert zones.for_person("joost@y.example") == LocalZone(
        None, "joost@y.example takes part in missions in Europe/Lisbon, Europe/Paris"
    )


def test_a_person_in_no_mission_reads_in_the_one_zone_all_missions_share() -> None:
    assert TimeZones([LISBON]).for_person("anne@z.example") == LocalZone("Europe/Lisbon")
    assert TimeZones([]).for_person("anne@z.example") == LocalZone("Europe/Paris")
    assert TimeZones([PARIS, LISBON]).for_person("anne@z.example") == LocalZone(
        None, "anne@z.example is in no mission yet and the missions are in Europe/Lisbon, "
        "Europe/Paris"
    )  # fmt: skip


def test_a_later_mission_of_one_key_replaces_the_earlier_and_bad_zones_count_for_nothing() -> None:
    moved = MissionZone("hdf", "Europe/Brussels", ("ines@x.example",))
    bad = MissionZone("bad", "Mars/Olympus", ("anne@z.example",))
    zones = TimeZones([PARIS, moved, bad])
    assert zones.for_person("ines@x.example") == LocalZone("Europe/Brussels")
    assert zones.for_mission("bad") == LocalZone(None, "mission 'bad' is not known")
