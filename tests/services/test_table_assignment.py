import pytest

from rencontre.services.table_assignment import SlotPlace, assign_tables


def test_assign_tables_keeps_a_person_seated_across_consecutive_slots() -> None:
    meetings = [("a", "b"), ("c", "d"), ("e", "a")]
    places = [SlotPlace(session=0, tables=2)] * 2
    # Slot 0: a-b and c-d; slot 1: e-a. a used table 1, so e-a stays at table 1.
    tables = assign_tables(meetings, {0: 0, 1: 0, 2: 1}, places)
    assert tables == {0: 1, 1: 2, 2: 1}


def test_assign_tables_follows_the_second_person_when_the_first_moves() -> None:
    meetings = [("a", "b"), ("c", "d"), ("x", "d")]
    places = [SlotPlace(session=0, tables=2)] * 2
    tables = assign_tables(meetings, {0: 0, 1: 0, 2: 1}, places)
    assert tables == {0: 1, 1: 2, 2: 2}


def test_assign_tables_does_not_carry_seats_across_sessions() -> None:
    meetings = [("a", "b"), ("c", "d"), ("e", "d")]
    places = [SlotPlace(session=0, tables=2), SlotPlace(session=1, tables=2)]
    tables = assign_tables(meetings, {0: 0, 1: 0, 2: 1}, places)
    assert tables == {0: 1, 1: 2, 2: 1}


def test_assign_tables_refuses_an_over_full_slot() -> None:
    with pytest.raises(ValueError, match="slot 0 holds more meetings than its 1 table"):
        assign_tables([("a", "b"), ("c", "d")], {0: 0, 1: 0}, [SlotPlace(0, 1)])


def test_assign_tables_keeps_the_most_people_seated_where_greedy_would_not() -> None:
    # a-b at table 1 and c-d at table 2; then a-c and b-y. Taking table 1 for a-c (a's)
    # would leave b without his; a-c at table 2 keeps c and b-y at table 1 keeps b.
    meetings = [("a", "b"), ("c", "d"), ("a", "c"), ("b", "y")]
    places = [SlotPlace(session=0, tables=2)] * 2
    tables = assign_tables(meetings, {0: 0, 1: 0, 2: 1, 3: 1}, places)
    assert tables == {0: 1, 1: 2, 2: 2, 3: 1}


def test_a_preferred_table_outweighs_keeping_people_seated() -> None:
    # a-b at table 1, then a-c prefers table 2 (its published table): a moves, c keeps 2.
    meetings = [("a", "b"), ("a", "c")]
    places = [SlotPlace(session=0, tables=2)] * 2
    assert assign_tables(meetings, {0: 0, 1: 1}, places) == {0: 1, 1: 1}
    assert assign_tables(meetings, {0: 0, 1: 1}, places, {1: 2}) == {0: 1, 1: 2}


def test_a_preferred_table_the_slot_no_longer_has_is_ignored() -> None:
    meetings = [("a", "b"), ("c", "d")]
    places = [SlotPlace(session=0, tables=2)]
    assert assign_tables(meetings, {0: 0, 1: 0}, places, {0: 3, 1: 1}) == {0: 2, 1: 1}
