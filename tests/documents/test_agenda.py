from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from rencontre.core.enums import Language, MeetingStatus, ProgrammeItemKind
from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission, ProgrammeItem, Venue
from rencontre.core.participant import Participant
from rencontre.documents.agenda import Agenda, build_agenda, overlapping, person_agenda
from rencontre.documents.agenda_ics import render_ics
from rencontre.documents.agenda_text import render_csv, render_text

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")
STAMP = datetime(2027, 3, 1, 8, 30, tzinfo=UTC)


def mission() -> Mission:
    day = date(2027, 4, 6)
    return Mission(
        key="m",
        title="Tiny mission",
        start_date=day,
        end_date=day,
        venues=(
            Venue("hall", "Hall", "1 rue des Cités", "Famars", tables=2),
            Venue("track", "Track"),
        ),
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
                description="The minister opens the mission.",
                sequence=3,
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
CEM = Participant("cem@z.example", "Cem Cé", "Z SA")
PEOPLE = {p.email: p for p in (ANN, BOB, CEM)}
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
# Ann's meeting with Cem was dropped at the time her meeting with Bob now holds.
DROPPED = Meeting(
    "m",
    "cem@z.example",
    "ann@x.example",
    datetime(2027, 4, 6, 12, 20, tzinfo=UTC),
    datetime(2027, 4, 6, 12, 40, tzinfo=UTC),
    "hall",
    1,
    status=MeetingStatus.CANCELLED,
    sequence=2,
)


def english(person: Participant, meetings: list[Meeting], *, with_programme: bool = True) -> Agenda:
    """`person`'s agenda written in English (the people here declare no language)."""
    return person_agenda(
        mission(), person, meetings, PEOPLE, language=Language.EN, with_programme=with_programme
    )


def events_of(ics: bytes) -> dict[str, dict[str, str]]:
    """UID -> the event's properties as text, for the events of one iCalendar file."""
    return {
        str(event["uid"]): {str(name): str(value) for name, value in event.property_items()}
        for event in Calendar.from_ical(ics).walk("VEVENT")
    }


def test_build_agenda_interleaves_meetings_and_attended_items_without_the_session() -> None:
    entries = english(ANN, [MEETING]).entries
    assert [(e.start.strftime("%H:%M"), e.kind, e.title) for e in entries] == [
        ("09:00", "talk", "Welcome"),
        ("14:20", "meeting", "B2B: Bob Bee (Y BV)"),
    ]
    assert entries[1].start.tzinfo == PARIS
    assert overlapping(entries) == []


def test_build_agenda_shows_parallel_items_only_to_their_audience() -> None:
    entries = english(BOB, [MEETING]).entries
    assert [e.title for e in entries] == ["Welcome", "Track demo", "B2B: Ann Aa (X Corp)"]


def test_build_agenda_without_programme_keeps_only_meetings() -> None:
    entries = english(CEM, [MEETING, DROPPED], with_programme=False).entries
    assert [(e.title, e.status) for e in entries] == [
        ("B2B: Ann Aa (X Corp)", MeetingStatus.CANCELLED)
    ]


def test_build_agenda_writes_in_the_mission_language_of_the_person() -> None:
    # Nobody here declares a language: the mission's first (French) is theirs.
    assert mission().languages[0] == Language.FR
    entries = build_agenda(mission(), ANN, [MEETING], PEOPLE)
    assert [(e.title, e.place) for e in entries if e.is_meeting] == [
        ("Rendez-vous B2B : Bob Bee (Y BV)", "Hall, table 2")
    ]
    dutch = replace(ANN, languages=(Language.NL, Language.EN))
    entries = person_agenda(mission(), dutch, [MEETING], PEOPLE).entries
    assert [(e.title, e.place, e.location) for e in entries if e.is_meeting] == [
        ("B2B-gesprek: Bob Bee (Y BV)", "Hall, tafel 2", "Hall, 1 rue des Cités, Famars, tafel 2")
    ]


def test_overlapping_ignores_a_cancelled_meeting_in_the_same_slot() -> None:
    entries = english(ANN, [MEETING, DROPPED]).entries
    assert [e.title for e in entries if e.kind == "meeting"] == [
        "B2B: Bob Bee (Y BV)",
        "B2B: Cem Cé (Z SA)",
    ]
    assert overlapping(entries) == []
    live_clash = [MEETING, replace(DROPPED, status=MeetingStatus.SCHEDULED)]
    clashes = overlapping(english(ANN, live_clash).entries)
    assert [(a.partner, b.partner) for a, b in clashes] == [("Bob Bee", "Cem Cé")]


def test_render_text_and_csv_carry_table_partner_and_offset() -> None:
    agenda = english(ANN, [MEETING])
    assert render_text(agenda).splitlines() == [
        "Agenda of Ann Aa (X Corp) <ann@x.example>",
        "Tiny mission",
        "Local time: Paris",
        "",
        "Tuesday, 6 April 2027",
        "  09:00–10:00  Welcome  [Hall]",
        "  14:20–14:40  B2B: Bob Bee (Y BV)  [Hall, table 2]",
    ]
    rows = render_csv(agenda).splitlines()
    assert rows[0] == (
        "start,end,kind,title,venue,table,partner,partner_organisation,partner_email,status,"
        "language"
    )
    assert rows[2] == (
        "2027-04-06T14:20:00+02:00,2027-04-06T14:40:00+02:00,meeting,B2B: Bob Bee (Y BV),"
        "Hall,2,Bob Bee,Y BV,bob@y.example,scheduled,"
    )


def test_render_text_and_csv_mark_a_cancelled_meeting() -> None:
    agenda = english(ANN, [MEETING, DROPPED])
    lines = render_text(agenda).splitlines()
    assert lines[-2:] == [
        "  14:20–14:40  B2B: Bob Bee (Y BV)  [Hall, table 2]",
        "  14:20–14:40  B2B: Cem Cé (Z SA)  [Hall, table 1]  (cancelled)",
    ]
    rows = render_csv(agenda).splitlines()
    assert [row.split(",")[9] for row in rows] == [
        "status",
        "scheduled",
        "scheduled",
        "cancelled",
    ]


def test_render_text_says_nothing_is_scheduled_when_every_meeting_is_cancelled() -> None:
    agenda = english(CEM, [DROPPED], with_programme=False)
    assert render_text(agenda).splitlines()[-2:] == [
        "  14:20–14:40  B2B: Ann Aa (X Corp)  [Hall, table 1]  (cancelled)",
        "  (nothing scheduled)",
    ]
    french = person_agenda(mission(), CEM, [DROPPED], PEOPLE, with_programme=False)
    assert render_text(french).splitlines()[-2:] == [
        "  14:20–14:40  Rendez-vous B2B : Ann Aa (X Corp)  [Hall, table 1]  (annulé)",
        "  (rien de prévu)",
    ]


def test_render_ics_round_trips_with_time_zone() -> None:
    cal = Calendar.from_ical(render_ics(english(ANN, [MEETING])))
    events = cal.walk("VEVENT")
    assert len(events) == 2
    start = events[1].decoded("dtstart")
    assert start == datetime(2027, 4, 6, 14, 20, tzinfo=PARIS)
    assert str(events[1]["dtstart"].params["TZID"]) == "Europe/Paris"
    assert len(cal.walk("VTIMEZONE")) == 1


def test_render_ics_gives_a_meeting_one_uid_in_both_files_and_across_a_move() -> None:
    ann = events_of(render_ics(english(ANN, [MEETING])))
    bob = events_of(render_ics(english(BOB, [MEETING])))
    assert MEETING.uid in ann
    assert MEETING.uid in bob
    moved = replace(
        MEETING,
        start=datetime(2027, 4, 6, 13, 0, tzinfo=UTC),
        end=datetime(2027, 4, 6, 13, 20, tzinfo=UTC),
        sequence=1,
    )
    after = events_of(render_ics(english(ANN, [moved])))
    assert sorted(after) == sorted(ann)
    assert (ann[MEETING.uid]["SEQUENCE"], after[MEETING.uid]["SEQUENCE"]) == ("0", "1")
    assert after[MEETING.uid]["STATUS"] == "CONFIRMED"


def test_render_ics_writes_programme_items_with_their_uid_sequence_and_description() -> None:
    talk = mission().programme[1]
    ann = events_of(render_ics(english(ANN, [MEETING])))
    bob = events_of(render_ics(english(BOB, [MEETING])))
    assert talk.uid("m") in bob
    assert {
        name: ann[talk.uid("m")][name]
        for name in ("SUMMARY", "SEQUENCE", "STATUS", "LOCATION", "DESCRIPTION")
    } == {
        "SUMMARY": "Welcome",
        "SEQUENCE": "3",
        "STATUS": "CONFIRMED",
        "LOCATION": "Hall, 1 rue des Cités, Famars",
        "DESCRIPTION": "The minister opens the mission.",
    }
    demo = bob[mission().programme[2].uid("m")]
    assert (demo["LOCATION"], "DESCRIPTION" in demo) == ("Track", False)


def test_render_ics_writes_a_meeting_with_address_table_and_partner() -> None:
    event = events_of(render_ics(english(ANN, [MEETING])))[MEETING.uid]
    assert event["LOCATION"] == "Hall, 1 rue des Cités, Famars, table 2"
    assert event["DESCRIPTION"] == "Bob Bee - Y BV <bob@y.example>"
    assert event["SUMMARY"] == "B2B: Bob Bee (Y BV)"
    assert "TRANSP" not in event


def test_render_ics_writes_the_meeting_language_in_the_reader_language() -> None:
    ann = replace(ANN, languages=(Language.FR,))
    bob = replace(BOB, languages=(Language.NL,))
    cem = replace(CEM, languages=(Language.NL, Language.FR))
    people = {p.email: p for p in (ann, bob, cem)}
    with_cem = replace(DROPPED, status=MeetingStatus.SCHEDULED, table=1, start=MEETING.end,
                       end=MEETING.end + timedelta(minutes=20))  # fmt: skip
    french = events_of(render_ics(person_agenda(mission(), ann, [MEETING, with_cem], people)))
    assert french[MEETING.uid]["SUMMARY"] == "Rendez-vous B2B : Bob Bee (Y BV)"
    assert french[MEETING.uid]["DESCRIPTION"] == (
        "Bob Bee - Y BV <bob@y.example>\nInterprète nécessaire"
    )
    assert french[with_cem.uid]["DESCRIPTION"] == (
        "Cem Cé - Z SA <cem@z.example>\nLangue : français"
    )
    dutch = events_of(render_ics(person_agenda(mission(), bob, [MEETING], people)))
    assert dutch[MEETING.uid]["DESCRIPTION"] == "Ann Aa - X Corp <ann@x.example>\nTolk nodig"
    assert dutch[MEETING.uid]["LOCATION"] == "Hall, 1 rue des Cités, Famars, tafel 2"


def test_render_ics_writes_a_cancelled_meeting_as_cancelled_and_free() -> None:
    agenda = english(ANN, [MEETING, DROPPED])
    ann = events_of(render_ics(agenda))
    event = ann[DROPPED.uid]
    assert {
        name: event[name] for name in ("SUMMARY", "STATUS", "SEQUENCE", "TRANSP", "LOCATION")
    } == {
        "SUMMARY": "Cancelled: B2B: Cem Cé (Z SA)",
        "STATUS": "CANCELLED",
        "SEQUENCE": "2",
        "TRANSP": "TRANSPARENT",
        "LOCATION": "Hall, 1 rue des Cités, Famars, table 1",
    }
    assert len(ann) == len(agenda.entries) == 3
    dutch = person_agenda(mission(), ANN, [DROPPED], PEOPLE, language=Language.NL)
    summary = events_of(render_ics(dutch))[DROPPED.uid]["SUMMARY"]
    assert summary == "Geannuleerd: B2B-gesprek: Cem Cé (Z SA)"


def test_render_ics_stamps_every_event_in_utc() -> None:
    agenda = english(BOB, [MEETING])
    cal = Calendar.from_ical(render_ics(agenda, stamp=STAMP))
    stamps = {event.decoded("dtstamp") for event in cal.walk("VEVENT")}
    assert stamps == {STAMP}
    before = datetime.now(UTC).replace(microsecond=0)
    written_now = Calendar.from_ical(render_ics(agenda))
    after = datetime.now(UTC)
    (now,) = {event.decoded("dtstamp") for event in written_now.walk("VEVENT")}
    assert before <= now <= after
    assert now.utcoffset() == timedelta(0)


def test_render_ics_of_unchanged_data_is_the_same_file() -> None:
    def written() -> bytes:
        return render_ics(english(ANN, [MEETING, DROPPED]), stamp=STAMP)

    assert written() == written()
