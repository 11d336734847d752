"""Where the public test and benchmark data lives: beside the repository, never inside it.

The data (`shared/data`, `shared/seed`, `shared/peers`) is read in place. It is found at
`RENCONTRE_SHARED_DIR` when set, else at `../shared` next to the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

SHARED_DIR_VARIABLE = "RENCONTRE_SHARED_DIR"
_REPOSITORY = Path(__file__).resolve().parents[2]
_CANDIDATES = (_REPOSITORY.parent / "shared",)


def shared_dir() -> Path:
    """The shared data folder; raise FileNotFoundError naming where it was looked for."""
    configured = os.environ.get(SHARED_DIR_VARIABLE, "").strip()
    candidates = (Path(configured),) if configured else _CANDIDATES
    for candidate in candidates:
        if (candidate / "data").is_dir():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(
        f"shared data not found (looked in {looked}); set {SHARED_DIR_VARIABLE}"
    )
