"""Accessibility of every page in each language, checked by axe-core in the browser.

axe-core is injected as an init script: the site's Content-Security-Policy allows no inline
script, and init scripts are not subject to it, so the pages are checked exactly as served.
A page passes with no violation of impact `serious` or `critical`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from tests.e2e.harness import LANGUAGES, ORGANISER_PAGES, PARTICIPANT_PAGES, PUBLIC_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

BLOCKING = {"serious", "critical"}
RUN_AXE = "async () => await axe.run(document, {resultTypes: ['violations']})"


def blocking_violations(page: Page) -> list[dict[str, Any]]:
    results = page.evaluate(RUN_AXE)
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def describe(violation: dict[str, Any]) -> str:
    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    return f"{violation['impact']} {violation['id']}: {violation['help']} ({targets})"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PARTICIPANT_PAGES + ORGANISER_PAGES + PUBLIC_PAGES)
def test_no_serious_accessibility_violation(
    visit: Callable[..., Page], axe_source: str, path: str, language: str
) -> None:
    page = visit(path, language)
    page.context.add_init_script(script=axe_source)
    page.reload()
    blocking = blocking_violations(page)
    assert not blocking, f"{path}?lang={language}:\n" + "\n".join(map(describe, blocking))


def test_the_check_finds_a_serious_violation(browser: Browser, axe_source: str) -> None:
    """A page with an unlabelled image and field fails the check (so a pass means something)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            '<!doctype html><html lang="en"><title>t</title><main><img src="x.png">'
            '<input type="text"></main></html>'
        )
        page.add_script_tag(content=axe_source)
        found = {v["id"] for v in blocking_violations(page)}
        assert {"image-alt", "label"} <= found, found
    finally:
        context.close()
