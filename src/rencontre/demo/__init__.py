"""The embedded demo mission: a Dutch automotive delegation at Transalley, Famars (Hauts-de-France).

`load_demo()` only reads the JSON files in `rencontre/demo/data/`. Organisations and
opportunities are written by hand; participants, the mission and the meeting requests are
produced by `tests/demo/build_demo_data.py` with a fixed seed, then committed.
"""

from __future__ import annotations

from rencontre.demo.loader import DEMO_MISSION_KEY, load_demo

__all__ = ["DEMO_MISSION_KEY", "load_demo"]
