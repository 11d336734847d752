"""Statistics and weights shipped with the package (plain numbers: no training at run time)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from rencontre.matching.crosslingual import LanguageMap
from rencontre.matching.encoders import Matrix
from rencontre.matching.hubness import HubnessCorrection

_DATA = "rencontre.matching.data"


def _file_name(kind: str, encoder_id: str, suffix: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in encoder_id)
    return f"{kind}-{safe}.{suffix}"


def _load_npz(name: str) -> dict[str, Matrix] | None:
    path = resources.files(_DATA).joinpath(name)
    if not path.is_file():
        return None
    with path.open("rb") as handle, np.load(handle) as data:
        return {key: data[key].astype(np.float32) for key in data.files}


@cache
def load_hubness_reference(encoder_id: str, *, mapped: bool) -> HubnessCorrection | None:
    """Reference-query vectors shipped for this encoder, or None (then no correction).

    `mapped` selects the copy already passed through the shipped language map.
    """
    arrays = _load_npz(_file_name("hubness-reference", encoder_id, "npz"))
    if arrays is None:
        return None
    vectors = arrays["vectors_mapped" if mapped and "vectors_mapped" in arrays else "vectors"]
    return HubnessCorrection(reference=vectors, neighbours=int(arrays["neighbours"][0]))


@cache
def load_language_map(encoder_id: str) -> LanguageMap | None:
    """The French→Dutch Procrustes map learned for this encoder on development pairs, or None."""
    arrays = _load_npz(_file_name("language-map", encoder_id, "npz"))
    if arrays is None:
        return None
    rotations = {k.removeprefix("rotation_"): v for k, v in arrays.items() if "rotation_" in k}
    means = {k.removeprefix("mean_"): v for k, v in arrays.items() if k.startswith("mean_")}
    return LanguageMap(rotations=rotations, means=means, strength=float(arrays["strength"][0]))


@cache
def load_json(name: str) -> dict[str, Any]:
    """A shipped JSON document (weights, retrieval settings); empty when absent."""
    path = resources.files(_DATA).joinpath(name)
    if not path.is_file():
        return {}
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def data_file_name(kind: str, encoder_id: str, suffix: str) -> str:
    """Where training scripts write what `load_*` reads."""
    return _file_name(kind, encoder_id, suffix)
