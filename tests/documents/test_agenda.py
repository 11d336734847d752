from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from rencontre.core.enums import ProgrammeItemKind
from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission, ProgrammeItem, Venue
from rencontre.core.participant import Participant
from rencontre.documents.agenda import (
    build_agenda,
    overlapping,
    render_csv,
    render_ics,
    render_text,
)

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


def mission() -> Mission:
    day = date(2027, 4, 6)
    return Mission(
        key="m",
        title="Tiny mission",
        start_date=day,
        end_date=day,
        venues=(Venue("hall", "Hall", tables=2), Venue("track", "Track")),
        programme=(
            ProgrammeItem(
                "b2b",
                "B2B",
                ProgrammeItemKind.B2B_SESSION,
                datetime(2027, 4, 6, 14, tzinfo=PARIS),
                datetime(2027, 4, 6, 16, tzinfo=PARIS),
                "hall",
            ),
            ProgrammeItem(
                "talk",
                "Welcome",
                ProgrammeItemKind.TALK,
                datetime(2027, 4, 6, 9, tzinfo=PARIS),
                datetime(2027, 4, 6, 10, tzinfo=PARIS),
                "hall",
            ),
            ProgrammeItem(
                "demo",
                "Track demo",
                ProgrammeItemKind.DEMO,
                datetime(2027, 4, 6, 10, 30, tzinfo=PARIS),
                datetime(2027, 4, 6, 11, 30, tzinfo=PARIS),
                "track",
                audience=("bob@y.example",),
            ),
        ),
    )


ANN = Participant("ann@x.example", "Ann Aa", "X Corp")
BOB = Participant("bob@y.example", "Bob Bee", "Y BV")
PEOPLE = {p.email: p for p in (ANN, BOB)}
# Stored in UTC, shown in Paris time (UTC+2 in April).
MEETING = Meeting(
    "m",
    "ann@x.example",
    "bob@y.example",
    datetime(2027, 4, 6, 12, 20, tzinfo=UTC),
    datetime(2027, 4, 6, 12, 40, tzinfo=UTC),
    "hall",
    2,
)


def test_build_agenda_interleaves_meetings_and_attended_items_without_the_session() -> None:
    entries = build_agenda(mission(), ANN, [MEETING], PEOPLE)
    assert [(e.start.strftime("%H:%M"), e.kind, e.title) for e in entries] == [
        ("09:00", "talk", "Welcome"),
        ("14:20", "meeting", "B2B: Bob Bee (Y BV)"),
    ]
    assert entries[1].start.tzinfo == PARIS
    assert overlapping(entries) == []


def test_build_agenda_shows_parallel_items_only_to_their_audience() -> None:
    entries = build_agenda(mission(), BOB, [MEETING], PEOPLE)
    assert [e.title for e in entries] == ["Welcome", "Track demo", "B2B: Ann Aa (X Corp)"]


def test_render_text_and_csv_carry_table_partner_and_offset() -> None:
    entries = build_agenda(mission(), ANN, [MEETING], PEOPLE)
    text = render_text(ANN, entries)
    assert "  14:20-14:40 CEST  B2B: Bob Bee (Y BV)  [Hall, table 2]" in text.splitlines()
    rows = render_csv(entries).splitlines()
    assert rows[2] == (
        "2027-04-06T14:20:00+02:00,2027-04-06T14:40:00+02:00,meeting,B2B: Bob Bee (Y BV),"
        "Hall,2,Bob Bee,Y BV,bob@y.example"
    )


def test_render_ics_round_trips_with_time_zone() -> None:
    entries = build_agenda(mission(), ANN, [MEETING], PEOPLE)
    cal = Calendar.from_ical(render_ics(mission(), ANN, entries))
    events = cal.walk("VEVENT")
    assert len(events) == 2
    start = events[1].decoded("dtstart")
    assert start == datetime(2027, 4, 6, 14, 20, tzinfo=PARIS)
    assert str(events[1]["dtstart"].params["TZID"]) == "Europe/Paris"
    assert len(cal.walk("VTIMEZONE")) == 1
