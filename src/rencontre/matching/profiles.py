"""Plain inputs and outputs of partner recommendation: organisation profiles and ranked results."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Recommendations:
    """The ranked partners proposed to one organisation, best first."""

    id: str
    items: tuple[Recommendation, ...] = field(default_factory=tuple)
