"""The desk's documents of a mission: the master grid (page, XLSX, CSV, PDF) and every agenda
(a ZIP of PDFs, one print file), for its organisers only, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from tests.web.testclient import TestClient
from tests.web.world import BRAM, INES, JOOST, MISSION, OLIVIA, World, sign_in

DESK = f"/organiser/missions/{MISSION}"


def organiser(client: TestClient, email: str = OLIVIA) -> TestClient:
    assert sign_in(client, email) == 303
    return client


def test_the_grid_page_is_a_table_of_slots_and_tables_with_both_people(
    client: TestClient, world: World
) -> None:
    page = organiser(client).get(f"{DESK}/grid?lang=fr")
    assert page.status_code == 200
    html = page.text
    assert "<table>" in html and "<h1>Grille des rendez-vous</h1>" in html
    cells = re.findall(r"<td class=\"[^\"]*\">(.*?)</td>", html, re.S)
    meeting = [c for c in cells if "Inès Dubois" in c]
    assert len(meeting) == 1 and "Joost van Dijk" in meeting[0]
    assert "Table 4" in html  # the meeting's table has its column
    assert INES not in html and JOOST not in html  # names, not e-mail addresses


def test_the_grid_downloads_as_xlsx_csv_and_pdf(client: TestClient, world: World) -> None:
    olivia = organiser(client)
    xlsx = olivia.get(f"{DESK}/grid.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-disposition"] == f'attachment; filename="{MISSION}-grid.xlsx"'
    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    texts = [
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v
    ]
    book.close()
    assert any("Inès Dubois" in t and "Joost van Dijk" in t for t in texts)
    rows = list(csv.DictReader(io.StringIO(olivia.get(f"{DESK}/grid.csv").text)))
    assert [r["table"] for r in rows if r["person_a"]] == ["4"]
    assert olivia.get(f"{DESK}/grid.pdf").content.startswith(b"%PDF")


def test_every_agenda_comes_as_pdfs_in_a_zip_and_as_one_print_file(
    client: TestClient, world: World
) -> None:
    olivia = organiser(client)
    answer = olivia.get(f"{DESK}/agendas.zip")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        names = sorted(archive.namelist())
        pdfs = {n: archive.read(n) for n in names if n.endswith(".pdf")}
        index = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8"))))
    assert "index.csv" in names and len(pdfs) == len(index) >= 2
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs.values())
    assert {row["email"] for row in index} >= {INES, JOOST}
    assert olivia.get(f"{DESK}/agendas.pdf").content.startswith(b"%PDF")


@pytest.mark.parametrize("suffix", ["grid", "grid.xlsx", "grid.csv", "agendas.zip"])
def test_an_organiser_of_another_mission_gets_none_of_them(
    client: TestClient, world: World, suffix: str
) -> None:
    answer = organiser(client, BRAM).get(f"{DESK}/{suffix}")
    assert answer.status_code == 404
    assert b"Joost" not in answer.content
