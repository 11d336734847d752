"""Times and people as organisers read them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rencontre.core.participant import Participant
from rencontre.services.mission_wording import (
    merged_spans,
    outsiders_text,
    person_text,
    span_text,
    spans_text,
)

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = PARIS) -> datetime:
    return datetime(2027, 10, day, hour, minute, tzinfo=zone)


def test_a_span_is_written_in_the_zone_asked_for() -> None:
    # 08:00 UTC is 10:00 in Paris in October (summer time).
    assert span_text(at(13, 8, zone=UTC), at(13, 10, 30, zone=UTC), PARIS) == "13 Oct 10:00–12:30"
    assert span_text(at(13, 23), at(14, 1), PARIS) == "13 Oct 23:00–14 Oct 01:00"


def test_touching_spans_merge_and_a_gap_keeps_them_apart() -> None:
    slots = [
        (at(13, 10, 20), at(13, 10, 40)),
        (at(13, 10), at(13, 10, 20)),
        (at(14, 14), at(14, 14, 20)),
        (at(13, 10, 40), at(13, 11)),
    ]
    assert merged_spans(slots) == [(at(13, 10), at(13, 11)), (at(14, 14), at(14, 14, 20))]
    assert spans_text(slots, PARIS) == "13 Oct 10:00–11:00, 14 Oct 14:00–14:20"
    assert spans_text([], PARIS) == "none"


def test_people_are_named_with_their_email_and_outsiders_by_email() -> None:
    people = {"a@x.example": Participant("a@x.example", "Ann Smit", "X")}
    assert person_text("a@x.example", people) == "Ann Smit <a@x.example>"
    assert person_text("z@y.example", people) == "z@y.example"
    assert outsiders_text(["z@y.example"], "m") == "z@y.example is not a participant of mission 'm'"
    assert outsiders_text(["z@y.example", "w@y.example"], "m") == (
        "z@y.example and w@y.example are not participants of mission 'm'"
    )
