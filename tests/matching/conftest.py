"""Shared fixtures for the matching tests: a tiny value chain and a counting encoder."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from rencontre.matching.encoders import Matrix, Role, normalise_rows
from rencontre.matching.value_chain import ValueChain


class CountingEncoder:
    """Deterministic toy encoder: a vector per distinct text; records every text it encodes."""

    def __init__(self, dim: int = 8) -> None:
        self.calls: list[str] = []
        self._dim = dim

    @property
    def id(self) -> str:
        return "counting"

    @property
    def dim(self) -> int:
        return self._dim

    def encode(self, texts: Sequence[str], *, role: Role) -> Matrix:
        self.calls.extend(texts)
        rows = [
            np.random.default_rng(sum(map(ord, role + t))).normal(size=self._dim) for t in texts
        ]
        return normalise_rows(np.array(rows, dtype=np.float32).reshape(len(texts), self._dim))


@pytest.fixture
def counting_encoder() -> CountingEncoder:
    return CountingEncoder()


@pytest.fixture
def tiny_chain() -> ValueChain:
    """cells → packs → vehicles; chargers stand apart."""
    return ValueChain(
        supplies={
            "CELL": frozenset({"PACK"}),
            "PACK": frozenset({"VEH"}),
            "VEH": frozenset(),
            "CHG": frozenset(),
        },
        labels={
            "CELL": {"en": "Battery cells", "fr": "Cellules de batterie", "nl": "Batterijcellen"},
            "PACK": {"en": "Battery packs", "fr": "Packs batterie", "nl": "Batterijpakketten"},
            "VEH": {"en": "Vehicles", "fr": "Véhicules", "nl": "Voertuigen"},
        },
    )


@pytest.fixture
def counting_encoder_factory() -> type[CountingEncoder]:
    return CountingEncoder
