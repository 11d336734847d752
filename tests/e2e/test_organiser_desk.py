"""An organiser runs a mission from an empty database, through the browser only.

She signs in (the account comes from `rencontre user add`, as on a new installation),
creates the mission in the editor, uploads the participants' files (the first upload has a
corrupted row: the page names it and nothing is stored), then the corrected files, runs the
matching and approves a proposed pair, and downloads the master grid (XLSX) and every agenda
(ZIP of PDFs). Mail goes to the server's outbox folder.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from tests.e2e.harness import NewContext, Server, run_rencontre

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

EMAIL, PASSWORD = "claire@agence.example", "une phrase de passe assez longue"
KEY = "hdf-nl-2027"
ORGANISATIONS = (
    "name,country,kind,city,description_fr,description_nl,segments\n"
    "Borne Nord,FR,company,Lille,"
    "Bornes de recharge rapide ; cherche un distributeur aux Pays-Bas.,,CHG-DC\n"
    "Laadnet Utrecht,NL,company,Utrecht,,"
    "Exploitant van laadpalen; breidt uit naar Noord-Frankrijk.,CHG-AC\n"
    "Cellules Hainaut,FR,company,Valenciennes,"
    "Ligne pilote de cellules de batterie.,,BAT-CELL\n"
    "Pakket Eindhoven,NL,company,Eindhoven,,"
    "Bouwt batterijpakketten; zoekt Europese cellen.,BAT-PACK\n"
)
PEOPLE = (
    "email,full_name,organisation,languages\n"
    "amelie@borne-nord.example,Amélie Roux,Borne Nord,fr\n"
    "sanne@laadnet.example,Sanne de Vries,Laadnet Utrecht,nl|en\n"
    "hugo@cellules.example,Hugo Lambert,Cellules Hainaut,fr|en\n"
    "{broken},Bram Jansen,Pakket Eindhoven,nl\n"
)


def write(folder: Path, name: str, text: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return str(folder / name)


def sign_in(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/signin?lang=fr")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{server.url}/organiser/")


def create_mission(page: Page, server: Server) -> None:
    page.get_by_role("link", name="Nouvelle mission").click()
    page.fill("#key", KEY)
    page.fill("#title", "Mission recharge et batteries 2027")
    page.fill("#start_date", "2027-04-06")
    page.fill("#end_date", "2027-04-06")
    page.fill("#timezone", "Europe/Paris")
    page.fill("#slot_minutes", "20")
    page.fill("#venue-0-key", "technopole")
    page.fill("#venue-0-name", "Technopole Transalley")
    page.fill("#venue-0-city", "Famars")
    page.fill("#venue-0-tables", "4")
    page.fill("#item-0-key", "b2b")
    page.fill("#item-0-title", "Rendez-vous B2B")
    page.select_option("#item-0-kind", "b2b_session")
    page.fill("#item-0-start", "2027-04-06T09:00")
    page.fill("#item-0-end", "2027-04-06T12:00")
    page.fill("#item-0-venue", "technopole")
    page.check("input[name=item-0-for][value=everyone]")
    page.get_by_role("button", name="Créer la mission").click()
    page.wait_for_load_state()
    assert KEY in page.url, page.locator("main").inner_text()


def upload(page: Page, server: Server, files: list[str]) -> str:
    page.goto(f"{server.url}/organiser/missions/{KEY}/participants")
    page.set_input_files("#files", files)
    page.get_by_role("button", name="Importer").click()
    page.wait_for_load_state()
    return page.locator("main").inner_text()


def wait_for(page: Page, url: str, done: Callable[[str], bool], seconds: float = 240) -> str:
    """Reload `url` until `done(main text)`; the text."""
    deadline = seconds * 1000
    waited = 0
    while True:
        page.goto(url)
        text = page.locator("main").inner_text()
        if done(text):
            return text
        assert waited < deadline, text
        page.wait_for_timeout(1000)
        waited += 1000


def test_an_organiser_runs_a_mission_from_an_empty_database(
    serve: Callable[[str, Path], Server], new_context: NewContext, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'rencontre.db'}"
    run_rencontre(database_url, "init")
    run_rencontre(
        database_url, "user", "add", EMAIL, "--role", "organiser", "--password-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    server = serve(database_url, tmp_path)
    page = new_context(locale="fr-FR").new_page()
    sign_in(page, server)
    create_mission(page, server)

    files = tmp_path / "files"
    organisations = write(files, "organisations.csv", ORGANISATIONS)
    refused = upload(
        page,
        server,
        [organisations, write(files, "participants.csv", PEOPLE.format(broken="bram@"))],
    )
    # The report names the file, the corrupted row (the 5th line) and its field.
    assert "participants.csv" in refused and "5" in refused and "email" in refused, refused
    page.goto(f"{server.url}/organiser/missions/{KEY}/participants")
    assert "Amélie Roux" not in page.locator("main").inner_text()  # nothing was written

    fixed = write(files / "fixed", "participants.csv", PEOPLE.format(broken="bram@pakket.example"))
    upload(page, server, [organisations, fixed])
    listed = page.locator("main").inner_text()
    assert all(name in listed for name in ("Amélie Roux", "Sanne de Vries", "Bram Jansen")), listed

    matches = f"{server.url}/organiser/missions/{KEY}/matches"
    page.goto(matches)
    page.get_by_role("button", name="Lancer la mise en relation").click()
    wait_for(page, matches, lambda text: "Approuver" in text)
    page.locator("form.curation input[name=ids]").first.check()
    page.get_by_role("button", name="Approuver les paires cochées").click()
    page.wait_for_load_state()
    requests = page.goto(f"{server.url}/organiser/missions/{KEY}/requests")
    assert requests is not None and requests.status == 200

    grid = page.request.get(f"{server.url}/organiser/missions/{KEY}/grid.xlsx")
    assert grid.status == 200
    load_workbook(io.BytesIO(grid.body()), read_only=True).close()
    agendas = page.request.get(f"{server.url}/organiser/missions/{KEY}/agendas.zip")
    assert agendas.status == 200
    with zipfile.ZipFile(io.BytesIO(agendas.body())) as archive:
        assert "index.csv" in archive.namelist()
        assert sum(name.endswith(".pdf") for name in archive.namelist()) == 4
    expect(page.locator("html")).to_have_attribute("lang", "fr")
