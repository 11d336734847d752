from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ["sqlalchemy", "fastapi", "typer", "rich", "torch", "sentence_transformers", "sklearn"]


def test_engine_imports_no_adapter_nor_model_library() -> None:
    code = (
        "import json, sys, rencontre.matching, rencontre.matching.recommend; "
        f"print(json.dumps([m for m in {FORBIDDEN!r} if m in sys.modules]))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(loaded) == []
