"""`find_gaps`: who is left out of a mission, and the meetings that need an interpreter."""

from __future__ import annotations

from dataclasses import replace

from rencontre.core.enums import MeetingStatus, RequestStatus
from rencontre.core.meeting import Meeting, MeetingRequest
from rencontre.services.mission_gaps import find_gaps, format_gaps

from .checks_samples import ANNE, JULIEN, KEY, MARC, MEETINGS, PIET, REQUESTS, at, snapshot


def test_the_sample_mission_gaps() -> None:
    gaps = find_gaps(snapshot())
    assert [(g.email, g.meetings, g.asked) for g in gaps.without_meeting] == [
        (ANNE, 0, 0),
        (MARC, 0, 1),
    ]
    assert [(g.email, g.meetings, g.asked) for g in gaps.fewer_than_asked] == [(JULIEN, 1, 2)]
    assert [r.pair for r in gaps.fewer_than_asked[0].not_met] == [frozenset((JULIEN, MARC))]
    assert [(r.requester, r.requested) for r in gaps.pending_unscheduled] == [(JULIEN, MARC)]
    assert gaps.accepted_unscheduled == ()
    assert [g.organisation.name for g in gaps.organisations_not_asked] == ["Wallonie Mobilité"]
    assert [(s.start, s.venue) for s in gaps.interpreter_slots] == [(at(13, 10), "hall")]
    interpreted = gaps.interpreter_slots[0].meetings[0]
    assert (interpreted.requester_languages, interpreted.requested_languages) == (
        frozenset({"fr"}),
        frozenset({"nl"}),
    )


def test_gaps_are_printed_in_sections_with_counts() -> None:
    assert format_gaps(find_gaps(snapshot())) == [
        "Mission lille-douai-2027: who is left out",
        "Without any meeting: 2 participants",
        "  - Anne Peeters <anne@peeters.example>: asked for no meeting",
        "  - Marc Leroy <marc@leroy.example>: asked for 1 meeting (1 pending)",
        "Fewer meetings than asked for: 1 participant",
        "  - Julien Dupont <julien@dupont.example>: 1 of 2 meetings asked for scheduled; "
        "not scheduled: with Marc Leroy <marc@leroy.example> (pending)",
        "Pending requests, not scheduled: 1 request",
        "  - Julien Dupont <julien@dupont.example> → Marc Leroy <marc@leroy.example>, priority 3",
        "Accepted requests, not scheduled: 0 requests",
        "Organisations nobody asked to meet: 1 organisation",
        "  - Wallonie Mobilité (BE): Anne Peeters <anne@peeters.example>",
        "Meetings that need an interpreter: 1 meeting in 1 slot",
        "  - 13 Oct 10:00–10:20 at Hall B2B",
        "      table 1: Julien Dupont <julien@dupont.example> (fr) with "
        "Piet Jansen <piet@jansen.example> (nl)",
    ]


def test_a_proposal_is_not_asking_but_a_merged_request_asks_both_ways() -> None:
    unmerged = [replace(r, origin="") for r in REQUESTS]
    gaps = find_gaps(snapshot(requests=unmerged))
    # Julien's organisation was only asked through the merged request; Anne's only proposed.
    assert [g.organisation.name for g in gaps.organisations_not_asked] == [
        "Voltaïque Charge",
        "Wallonie Mobilité",
    ]
    declined = MeetingRequest(KEY, MARC, ANNE, status=RequestStatus.DECLINED)
    gaps = find_gaps(snapshot(requests=(*REQUESTS, declined)))
    assert gaps.organisations_not_asked == ()


def test_both_directions_of_a_pair_are_one_request_and_a_decline_wins() -> None:
    both_ways = (
        MeetingRequest(KEY, JULIEN, MARC, status=RequestStatus.PENDING),
        MeetingRequest(KEY, MARC, JULIEN, status=RequestStatus.ACCEPTED),
        MeetingRequest(KEY, PIET, MARC, status=RequestStatus.ACCEPTED),
        MeetingRequest(KEY, MARC, PIET, status=RequestStatus.DECLINED),
    )
    gaps = find_gaps(snapshot(requests=both_ways, meetings=()))
    assert [(r.requester, r.requested) for r in gaps.accepted_unscheduled] == [(JULIEN, MARC)]
    assert gaps.pending_unscheduled == ()
    assert [(g.email, g.asked) for g in gaps.without_meeting] == [
        (JULIEN, 1),
        (ANNE, 0),
        (PIET, 0),
        (MARC, 1),
    ]


def test_cancelled_meetings_do_not_count_and_people_who_share_a_language_need_no_help() -> None:
    cancelled = (replace(MEETINGS[0], status=MeetingStatus.CANCELLED),)
    gaps = find_gaps(snapshot(meetings=cancelled))
    assert gaps.interpreter_slots == ()
    assert [r.pair for r in gaps.accepted_unscheduled] == [frozenset((JULIEN, PIET))]
    assert JULIEN in {g.email for g in gaps.without_meeting}
    shared = (Meeting(KEY, JULIEN, MARC, at(13, 10), at(13, 10, 20), "hall", 1),)
    assert find_gaps(snapshot(meetings=shared)).interpreter_slots == ()


def test_interpreter_meetings_are_grouped_by_slot_in_time_order() -> None:
    # Anne declares no language: her Belgian organisation makes her French and Dutch.
    meetings = (
        Meeting(KEY, PIET, MARC, at(14, 14, 20), at(14, 14, 40), "hall", 2),
        Meeting(KEY, JULIEN, PIET, at(13, 10), at(13, 10, 20), "hall", 2),
        Meeting(KEY, ANNE, PIET, at(13, 10, 20), at(13, 10, 40), "hall", 1),
        Meeting(KEY, MARC, ANNE, at(13, 10), at(13, 10, 20), "hall", 1),
    )
    gaps = find_gaps(snapshot(meetings=meetings))
    assert [(s.start, [i.meeting.pair for i in s.meetings]) for s in gaps.interpreter_slots] == [
        (at(13, 10), [frozenset((JULIEN, PIET))]),
        (at(14, 14, 20), [frozenset((PIET, MARC))]),
    ]
