"""The kind of objects a file or a sheet holds, from its name.

Organisers keep versions and notes in their file names: `participants_v2.xlsx`,
`Organisations 2026.csv`, `meeting-requests (final).csv`. The kind is the longest kind name
that the name starts with, compared without case and with `-`, `_`, `.` and spaces alike,
provided what follows it does not continue a word (`participants2` and `participants (v2)`
are participants, `participantslist` is nothing).

A name is refused as too ambiguous when what follows the kind names another kind too
(`participants_and_organisations`, `meetings with outcomes`), or when it reads as the plural
slip `meetings requests` (meetings, or meeting requests?): reading the wrong kind would give
a confusing list of column problems, while renaming the file takes a second.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

#: Every kind of file, in the order an import stores them and an export writes them.
KINDS = (
    "organisations",
    "participants",
    "opportunities",
    "missions",
    "meeting_requests",
    "meetings",
    "outcomes",
    "meeting_outcomes",
)
#: The kinds a sheet of a workbook may hold: missions are nested, so JSON only.
SHEET_KINDS = tuple(kind for kind in KINDS if kind != "missions")

_SEPARATORS = re.compile(r"[\s_.\-]+")
# Longest first, so that the longest kind name a name starts with wins.
_BY_LENGTH = sorted(KINDS, key=len, reverse=True)


@dataclass(frozen=True)
class NamedKind:
    """What a name says: the kind it holds, or why none (`kind` is None then)."""

    kind: str | None
    reason: str = ""


def normalised(name: str) -> str:
    """`Meeting-Requests (final)` → `meeting_requests_(final)`."""
    return _SEPARATORS.sub("_", name.strip().casefold()).strip("_")


def kind_of_name(name: str, *, accepted: tuple[str, ...] = KINDS) -> NamedKind:
    """The kind `name` (a file's stem or a sheet's title) holds, or why it holds none."""
    written = normalised(name)
    for kind in _BY_LENGTH:
        rest = written.removeprefix(kind)
        if rest == written or (rest and rest[0].isalpha()):
            continue
        others = [k for k in KINDS if k != kind and f"_{k}_" in f"_{_words(rest)}_"]
        if kind == "meetings" and _words(rest).startswith("request"):
            others.append("meeting_requests")
        if others:
            both = " or ".join((kind, *others))
            return NamedKind(None, f"the name could mean {both}: rename it to say which")
        return NamedKind(kind)
    reason = f"start its name with what it holds: one of {', '.join(accepted)}"
    meant = _meant(written, accepted)
    return NamedKind(None, f"{reason} (did you mean {meant}?)" if meant else reason)


def _words(rest: str) -> str:
    """The words after a kind's name, `_`-separated, without brackets or other signs."""
    return "_".join(re.findall(r"[^\W_]+", rest))


def _meant(written: str, accepted: tuple[str, ...]) -> str | None:
    """The kind a name not starting with any was probably meant to (`participant.csv`)."""
    best, best_ratio = None, 0.0
    for kind in accepted:
        # Compare with as many characters as the kind has, give or take a letter.
        ratio = difflib.SequenceMatcher(None, written[: len(kind) + 1], kind).ratio()
        if ratio > best_ratio:
            best, best_ratio = kind, ratio
    return best if best_ratio >= 0.8 else None
