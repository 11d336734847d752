from __future__ import annotations

from pathlib import Path

import pytest

from rencontre.scheduling.dzn_reader import problem_from_dzn_text, read_dzn
from rencontre.scheduling.dzn_tokens import DznFormatError
from rencontre.scheduling.problem import Meeting, SessionKind

TINY = """nBusiness = 3; nMeetings = 2; nTables = 1; nTotalSlots = 3; nMorningSlots = 2;
requested = [| 1, 2, 1 | 2, 3, 3 |];
meetingsxBusiness = [{1,2}, {1,2,3}, {1,3}];
nMeetingsBusiness = [1, 2, 1];
forbidden = [{0}, {}, {0,3}];
fixed = [0, 2];
precedences = [{}, {1}];
"""


def test_read_tiny_text_maps_fields_to_zero_based_problem() -> None:
    problem = problem_from_dzn_text(TINY, "tiny.dzn")
    assert problem.participant_count == 3
    assert problem.meetings == (
        Meeting(0, 1, session=SessionKind.MORNING),
        Meeting(1, 2, session=SessionKind.ANY, fixed_slot=1, predecessors=frozenset({0})),
    )
    assert [(s.day, s.session, s.tables) for s in problem.slots] == [
        (0, 0, 1),
        (0, 0, 1),
        (0, 1, 1),
    ]
    assert problem.forbidden_slots == (frozenset(), frozenset(), frozenset({2}))


def test_read_rejects_inconsistent_meetings_per_business() -> None:
    bad = TINY.replace("nMeetingsBusiness = [1, 2, 1]", "nMeetingsBusiness = [1, 1, 1]")
    with pytest.raises(DznFormatError) as caught:
        problem_from_dzn_text(bad, "tiny.dzn")
    assert str(caught.value) == (
        "tiny.dzn: field nMeetingsBusiness: element 2 is 1, requested gives 2"
    )


def test_read_rejects_wrong_array_length() -> None:
    with pytest.raises(DznFormatError) as caught:
        problem_from_dzn_text(TINY.replace("fixed = [0, 2]", "fixed = [0]"), "tiny.dzn")
    assert str(caught.value) == "tiny.dzn: field fixed: expected 2 elements, found 1"


def test_read_rejects_missing_field() -> None:
    with pytest.raises(DznFormatError) as caught:
        problem_from_dzn_text(TINY.replace("nTables = 1;", ""), "tiny.dzn")
    assert str(caught.value) == "tiny.dzn: field nTables is missing"


def test_read_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(DznFormatError) as caught:
        read_dzn(tmp_path / "absent.dzn")
    assert str(caught.value).startswith(f"{tmp_path / 'absent.dzn'}: cannot read:")


def test_read_every_published_instance(instances_dir: Path) -> None:
    files = sorted(instances_dir.glob("*.dzn"))
    problems = [read_dzn(path) for path in files]
    assert len(problems) == 140
    forum = read_dzn(instances_dir / "forum-13.prec15.dzn")
    assert (forum.participant_count, len(forum.meetings), forum.slot_count) == (70, 154, 21)
    assert forum.meetings[3].predecessors == frozenset({8})
    assert forum.forbidden_slots[2] == frozenset({16})
