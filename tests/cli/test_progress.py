from __future__ import annotations

import io

from rich.console import Console

from rencontre.cli.progress import ProgressLines, progress_bars, status_line


def plain_console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=False, width=200), out


def test_lines_when_a_stage_starts_every_interval_and_when_it_ends() -> None:
    console, out = plain_console()
    now = [0.0]
    lines = ProgressLines("encoding", console, interval=10.0, clock=lambda: now[0])
    for done, at in [(0, 0.0), (64, 4.0), (128, 11.0), (192, 15.0), (256, 22.0), (6625, 23.0)]:
        now[0] = at
        lines(done, 6625)
    assert out.getvalue().splitlines() == [
        "encoding: 0 of 6,625 (0%)",
        "encoding: 128 of 6,625 (1%)",
        "encoding: 256 of 6,625 (3%)",
        "encoding: 6,625 of 6,625 (100%)",
    ]


def test_a_stage_with_nothing_to_do_says_nothing() -> None:
    console, out = plain_console()
    ProgressLines("encoding", console)(0, 0)
    assert out.getvalue() == ""


def test_a_console_that_is_not_a_terminal_gets_lines_not_bars() -> None:
    console, out = plain_console()
    with progress_bars(console, "encoding", "scoring") as (encoding, scoring):
        encoding(0, 3)
        encoding(3, 3)
        scoring(5, 5)
    assert out.getvalue().splitlines() == [
        "encoding: 0 of 3 (0%)",
        "encoding: 3 of 3 (100%)",
        "scoring: 5 of 5 (100%)",
    ]


def test_a_status_off_a_terminal_prints_its_first_text_then_an_update_per_interval() -> None:
    console, out = plain_console()
    now = [0.0]
    with status_line(console, "Solving…", interval=10.0, clock=lambda: now[0]) as update:
        for at, text in [
            (2.0, "breaks 9"),
            (11.0, "breaks 7"),
            (12.0, "breaks 6"),
            (25.0, "breaks 4"),
        ]:
            now[0] = at
            update(text)
    assert out.getvalue().splitlines() == ["Solving…", "breaks 7", "breaks 4"]
