"""The committed front-end files are those `make assets` builds from package-lock.json."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "src" / "rencontre" / "web" / "static" / "vendor"
MODULES = ROOT / "node_modules"


def test_vendored_htmx_is_the_locked_version() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    locked = lock["packages"]["node_modules/htmx.org"]["version"]
    installed = json.loads((MODULES / "htmx.org" / "package.json").read_text("utf-8"))
    assert installed["version"] == locked
    built = (MODULES / "htmx.org" / "dist" / "htmx.min.js").read_bytes()
    assert (VENDOR / "htmx.min.js").read_bytes() == built


def test_base_page_loads_the_vendored_htmx() -> None:
    base = (ROOT / "src" / "rencontre" / "web" / "templates" / "base.html").read_text("utf-8")
    assert '<script src="/static/vendor/htmx.min.js" defer></script>' in base
