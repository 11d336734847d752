"""Plain inputs and outputs of partner recommendation: organisation profiles and ranked results."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class OrgProfile:
    """What the engine knows about one organisation (built from a file, the store or a form)."""

    id: str
    texts: tuple[str, ...] = ()
    name: str = ""
    country: str = ""
    kind: str = ""
    offers: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    segments: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()
    # Declared competitors and organisations this one does not want to meet.
    excluded: frozenset[str] = frozenset()
    opted_out: bool = False
    organisation_group: str = ""  # same group (e.g. two sites of one firm) are never matched

    def __post_init__(self) -> None:
        # A blank text says nothing: it is neither activity nor something to compare or quote.
        for name in ("texts", "offers", "needs"):
            values = getattr(self, name)
            if any(not text.strip() for text in values):
                object.__setattr__(self, name, tuple(text for text in values if text.strip()))


@dataclass(frozen=True)
class Reason:
    """One human-readable reason, with the signal it comes from and its weight in the score."""

    signal: str
    text: str
    contribution: float


@dataclass(frozen=True)
class Recommendation:
    id: str
    score: float
    reasons: tuple[Reason, ...]


# A reason as plain values: (signal, text, contribution).
PackedReason = tuple[str, str, float]
# A recommendation as plain values: (id, score, reasons).
PackedRecommendation = tuple[str, float, tuple[PackedReason, ...]]


@dataclass(frozen=True, slots=True, init=False, repr=False)
class Recommendations:
    """The ranked partners proposed to one organisation, best first.

    The items are held as `packed` tuples of strings and numbers, and `items` builds them as
    `Recommendation` objects each time it is read. Python's cyclic garbage collector stops
    tracking a tuple of such values once a collection has met it (the nested levels in as many
    collections), whereas it walks every object of a class still alive at each full
    collection. A top 20 for 100,000 organisations is 2 million recommendations with a few
    reasons each: held as objects, they cost the collector 6 s of CPU time in a 33 s run at
    30,000 organisations (scale benchmark).
    """

    id: str
    packed: tuple[PackedRecommendation, ...]

    def __init__(self, id: str, items: Iterable[Recommendation] = ()) -> None:
        packed = tuple(
            (item.id, item.score, tuple((r.signal, r.text, r.contribution) for r in item.reasons))
            for item in items
        )
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "packed", packed)

    @classmethod
    def from_packed(cls, id: str, packed: tuple[PackedRecommendation, ...]) -> Recommendations:
        """The same results from items already packed (what `recommend` writes)."""
        results = cls(id)
        object.__setattr__(results, "packed", packed)
        return results

    @property
    def items(self) -> tuple[Recommendation, ...]:
        return tuple(
            Recommendation(other, score, tuple(Reason(*reason) for reason in reasons))
            for other, score, reasons in self.packed
        )

    def __repr__(self) -> str:
        return f"Recommendations(id={self.id!r}, items={self.items!r})"
