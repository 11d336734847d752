"""Screenshots of every page in each language, on a wide screen and on a phone.

They are written to `test-artifacts/screenshots/` (`<page>-<language>-<width>.png`) for
people to look at; the test checks that each page answers, in the language asked for.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page
from tests.e2e.harness import (
    ARTIFACTS,
    LANGUAGES,
    ORGANISER_PAGES,
    PARTICIPANT_PAGES,
    PUBLIC_PAGES,
    WIDTHS,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SCREENSHOTS = ARTIFACTS / "screenshots"
HEIGHT = 800
MAX_CAPTURE_HEIGHT = 12_000


def file_name(path: str, language: str, width: int) -> str:
    slug = path.strip("/").replace("/", "-").replace(".", "-") or "home"
    return f"{slug}-{language}-{width}.png"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PARTICIPANT_PAGES + ORGANISER_PAGES + PUBLIC_PAGES)
def test_screenshots(visit: Callable[..., Page], path: str, language: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page = visit(path, language, viewport={"width": width, "height": HEIGHT})
        target = SCREENSHOTS / file_name(path, language, width)
        # Chromium cannot capture a page taller than its largest texture (16,384 px): a long
        # directory at 360 px goes past it. The top of such a page is what a reviewer reads.
        height = page.evaluate("document.documentElement.scrollHeight")
        clip = {"x": 0, "y": 0, "width": width, "height": min(height, MAX_CAPTURE_HEIGHT)}
        page.screenshot(path=str(target), full_page=True, clip=clip)
        assert target.read_bytes().startswith(b"\x89PNG")
