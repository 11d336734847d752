"""The language of the pages: `?lang=` kept in a cookie, else Accept-Language, else English."""

from __future__ import annotations

import re

import pytest
from tests.web.testclient import TestClient

from rencontre.core.enums import Language
from rencontre.web.i18n import accepted_language

HEADINGS = {
    "fr": "Rencontrer les bons partenaires, par-delà les frontières et les langues",
    "nl": "Ontmoet de juiste partners, over grenzen en talen heen",
    "en": "Meet the right partners, across borders and languages",
}


def heading(html: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", html)
    assert found is not None
    return found.group(1)


def page_language(html: str) -> str:
    found = re.search(r'<html lang="(\w+)">', html)
    assert found is not None
    return found.group(1)


def test_the_home_page_is_written_in_each_language(client: TestClient) -> None:
    pages = {code: client.get(f"/?lang={code}").text for code in HEADINGS}
    assert {code: heading(page) for code, page in pages.items()} == HEADINGS
    assert {code: page_language(page) for code, page in pages.items()} == {
        "fr": "fr",
        "nl": "nl",
        "en": "en",
    }


def test_english_without_a_choice_or_a_known_browser_language(client: TestClient) -> None:
    assert heading(client.get("/").text) == HEADINGS["en"]
    assert heading(client.get("/", headers={"Accept-Language": "de-DE,de"}).text) == HEADINGS["en"]


def test_a_chosen_language_is_kept_for_the_next_pages(client: TestClient) -> None:
    client.get("/?lang=nl")
    sign_in = client.get("/signin", headers={"Accept-Language": "fr"})
    assert page_language(sign_in.text) == "nl"
    assert "Wachtwoord" in sign_in.text
    assert page_language(client.get("/?lang=fr").text) == "fr"
    assert page_language(client.get("/").text) == "fr"


def test_the_browser_language_is_followed(client: TestClient) -> None:
    dutch = client.get("/", headers={"Accept-Language": "nl-BE,nl;q=0.9,en;q=0.8"})
    french = client.get("/", headers={"Accept-Language": "de, en;q=0.4, fr;q=0.5"})
    assert (heading(dutch.text), heading(french.text)) == (HEADINGS["nl"], HEADINGS["fr"])


def test_an_unknown_language_choice_is_ignored(client: TestClient) -> None:
    page = client.get("/?lang=xx", headers={"Accept-Language": "nl"})
    assert heading(page.text) == HEADINGS["nl"]
    assert "rencontre_lang" not in client.cookies


def test_each_page_links_to_itself_in_the_other_languages(client: TestClient) -> None:
    page = client.get("/signin?lang=fr").text
    assert 'href="/signin?lang=nl"' in page
    assert 'href="/signin?lang=en"' in page
    assert '<strong lang="fr" aria-current="true">Français</strong>' in page


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-FR,fr;q=0.9", Language.FR),
        ("en;q=0.5, nl;q=0.6", Language.NL),
        ("de, fr;q=0", None),
        ("NL", Language.NL),
        ("fr;q=abc, en", Language.EN),
        ("", None),
    ],
)
def test_accept_language_is_read_by_quality(header: str, expected: Language | None) -> None:
    assert accepted_language(header) == expected
