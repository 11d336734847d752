"""The small view of the value-chain taxonomy that matching needs: who supplies whom, and labels.

The full taxonomy (`rencontre.core.taxonomy`) plugs in through `value_chain_from_taxonomy`; tests
build a `ValueChain` by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ValueChain:
    """`supplies[a]`: segments that segment `a` sells to; `labels[code][lang]`: display names."""

    supplies: Mapping[str, frozenset[str]] = field(default_factory=dict)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def label(self, code: str, lang: str) -> str:
        names = self.labels.get(code, {})
        return names.get(lang) or names.get("en") or code

    def links(self, mine: Iterable[str], theirs: Iterable[str]) -> list[tuple[str, str, str]]:
        """(my segment, their segment, "supplies" | "buys") for every supply edge between us."""
        found: list[tuple[str, str, str]] = []
        their_set = frozenset(theirs)
        for code in sorted(frozenset(mine)):
            for other in sorted(their_set):
                if other in self.supplies.get(code, frozenset()):
                    found.append((code, other, "supplies"))
                elif code in self.supplies.get(other, frozenset()):
                    found.append((code, other, "buys"))
        return found

    def complementarity(self, mine: Iterable[str], theirs: Iterable[str]) -> float:
        """1 when a supply edge joins the two, else 0 (same-segment competitors score 0)."""
        return 1.0 if self.links(mine, theirs) else 0.0


def value_chain_from_taxonomy(taxonomy: Any) -> ValueChain:
    """Adapt `rencontre.core.taxonomy`'s object, read through duck typing to stay decoupled.

    Accepts anything with `segments` (an iterable or a mapping of objects carrying `code`,
    `supplies`, and either a `labels` mapping language → text or a `label(language)` method).
    """
    segments = getattr(taxonomy, "segments", taxonomy)
    if isinstance(segments, Mapping):
        segments = segments.values()
    supplies: dict[str, frozenset[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    for segment in segments:
        code = str(segment.code)
        supplies[code] = frozenset(str(s) for s in getattr(segment, "supplies", ()) or ())
        names = getattr(segment, "labels", None)
        label_of = getattr(segment, "label", None)
        if isinstance(names, Mapping):
            labels[code] = {str(k): str(v) for k, v in names.items()}
        elif callable(label_of):
            labels[code] = {lang: str(label_of(lang)) for lang in ("fr", "nl", "en")}
    return ValueChain(supplies=supplies, labels=labels)


def load_default_value_chain() -> ValueChain:
    """The project's taxonomy when `rencontre.core.taxonomy` is available, else an empty chain."""
    try:
        from rencontre.core import taxonomy as core_taxonomy
    except ImportError:
        return ValueChain()
    loader = getattr(core_taxonomy, "load_taxonomy", None) or getattr(core_taxonomy, "load", None)
    if loader is None:
        return ValueChain()
    return value_chain_from_taxonomy(loader())
