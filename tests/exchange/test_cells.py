"""Reading one row's cells: dates and times as spreadsheets give them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from rencontre.core.errors import Problem
from rencontre.exchange.cells import RowReader
from rencontre.exchange.zones import LocalZone


def test_a_date_cell_where_a_time_is_expected_is_refused() -> None:
    row = RowReader("meetings.xlsx", 2, {"start": date(2025, 6, 10)}, local_zone=LocalZone("UTC"))
    assert row.moment("start") is None
    assert row.problems == [
        Problem("meetings.xlsx", 2, "start", "expected a date and time, got the date 2025-06-10")
    ]


def test_an_aware_cell_keeps_its_offset_and_a_naive_one_takes_the_row_zone() -> None:
    aware = datetime(2025, 6, 10, 8, tzinfo=UTC)
    cells = {"start": aware, "end": datetime(2025, 6, 10, 10, 30)}
    row = RowReader("meetings.xlsx", 2, cells, local_zone=LocalZone("Europe/Brussels"))
    assert row.moment("start") == aware
    assert row.moment("end") == datetime(2025, 6, 10, 10, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    assert (row.problems, dict(row.notes.local_times)) == ([], {"Europe/Brussels": 1})


def test_without_a_zone_a_naive_cell_is_refused() -> None:
    row = RowReader("meetings.xlsx", 2, {"start": datetime(2025, 6, 10, 10, 30)})
    assert row.moment("start") is None
    assert row.problems == [
        Problem("meetings.xlsx", 2, "start", "'2025-06-10T10:30:00' has no UTC offset "
                "(write e.g. 2025-06-10T09:00+02:00)"),
    ]  # fmt: skip
