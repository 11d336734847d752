"""The value-chain taxonomy of automotive, batteries and EV charging, read from package data.

Each segment has a stable code (``BAT-CELL``), labels in French, Dutch and English, a group
(its stage of the chain), NACE Rev.2 codes and the segments it *supplies*. The supply relation
is a directed graph, not a tree: it may contain cycles, because the chain is circular
(packs go to recyclers, whose recovered metals go back into cathode materials). Only a segment
supplying itself is refused, since it carries no information for matching.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from rencontre.core.enums import Language
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.organisation import LocalizedText
from rencontre.core.validation import check_nace

TAXONOMY_FILE = "taxonomy.json"

# Upper-case words joined by hyphens: codes appear in CSV files and URLs, so no spaces.
_CODE = re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)*$")


@dataclass(frozen=True)
class Group:
    """A stage of the value chain (raw materials, battery, charging, …)."""

    code: str
    labels: tuple[LocalizedText, ...]

    def label(self, language: Language | str) -> str:
        return _label(self.labels, Language(language))


@dataclass(frozen=True)
class Segment:
    """One position in the value chain, with the segments it supplies."""

    code: str
    group: str
    labels: tuple[LocalizedText, ...]
    nace_codes: tuple[str, ...]
    supplies: frozenset[str] = frozenset()

    def label(self, language: Language | str) -> str:
        return _label(self.labels, Language(language))


@dataclass(frozen=True)
class Taxonomy:
    """Segments in file order, with lookups by code and the supply relation both ways."""

    groups: tuple[Group, ...]
    segments: tuple[Segment, ...]
    _by_code: Mapping[str, Segment] = field(init=False, repr=False, compare=False)
    _suppliers: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {segment.code: segment for segment in self.segments}
        suppliers: dict[str, set[str]] = {code: set() for code in by_code}
        for segment in self.segments:
            for target in segment.supplies:
                suppliers.setdefault(target, set()).add(segment.code)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(
            self, "_suppliers", {code: frozenset(s) for code, s in suppliers.items()}
        )

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(segment.code for segment in self.segments)

    def is_known(self, code: str) -> bool:
        return code in self._by_code

    def segment(self, code: str) -> Segment:
        """The segment with `code`; KeyError naming the code when unknown."""
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unknown value-chain segment {code!r}") from None

    def label(self, code: str, language: Language | str) -> str:
        return self.segment(code).label(language)

    def supplies(self, code: str) -> frozenset[str]:
        """Codes of the segments that `code` supplies (its customers in the chain)."""
        return self.segment(code).supplies

    def customers_of(self, code: str) -> frozenset[str]:
        """Codes of the segments that buy from `code`: the same set as `supplies(code)`."""
        return self.supplies(code)

    def suppliers_of(self, code: str) -> frozenset[str]:
        """Codes of the segments that supply `code` (the reverse of `supplies`)."""
        self.segment(code)
        return self._suppliers[code]

    def are_linked(self, first: str, second: str) -> bool:
        """Whether one of the two segments supplies the other."""
        return second in self.supplies(first) or first in self.supplies(second)

    def group(self, code: str) -> Group:
        for group in self.groups:
            if group.code == code:
                return group
        raise KeyError(f"unknown value-chain group {code!r}")

    def in_group(self, group: str) -> tuple[str, ...]:
        """Codes of the segments of `group`, in file order."""
        self.group(group)
        return tuple(s.code for s in self.segments if s.group == group)


def _label(labels: tuple[LocalizedText, ...], language: Language) -> str:
    for text in labels:
        if text.language == language:
            return text.text
    return ""


def validate_taxonomy(raw: Any) -> list[str]:
    """Every defect of a taxonomy document, as messages naming the segment and the value.

    An empty list means the document can be loaded by `parse_taxonomy`.
    """
    if not isinstance(raw, dict):
        return ["the taxonomy must be a JSON object"]
    problems: list[str] = []
    group_codes = _validate_groups(raw.get("groups"), problems)
    segments = raw.get("segments")
    if not isinstance(segments, list):
        return [*problems, "'segments' must be a list"]
    # Relations may point forward in the file, so collect every code before checking them.
    known = {
        item["code"]
        for item in segments
        if isinstance(item, dict) and isinstance(item.get("code"), str)
    }
    seen: set[str] = set()
    for index, item in enumerate(segments):
        if not isinstance(item, dict):
            problems.append(f"segments[{index}]: must be an object")
            continue
        code = item.get("code")
        if not isinstance(code, str) or not _CODE.match(code):
            problems.append(f"segments[{index}]: malformed code {code!r}")
            continue
        if code in seen:
            problems.append(f"segments[{index}]: duplicate code {code!r}")
            continue
        seen.add(code)
        problems.extend(_validate_segment(code, item, group_codes, known))
    return problems


def _validate_groups(raw: Any, problems: list[str]) -> set[str]:
    if not isinstance(raw, list):
        problems.append("'groups' must be a list")
        return set()
    codes: set[str] = set()
    for index, item in enumerate(raw):
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str) or not code:
            problems.append(f"groups[{index}]: missing code")
            continue
        if code in codes:
            problems.append(f"groups[{index}]: duplicate code {code!r}")
        codes.add(code)
        problems.extend(f"group {code!r}: {p}" for p in _label_problems(item.get("labels")))
    return codes


def _label_problems(labels: Any) -> list[str]:
    if not isinstance(labels, dict):
        return ["'labels' must be an object"]
    problems = []
    for language in Language:
        text = labels.get(language.value)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"missing label in {language.value!r}")
    return problems


def _validate_segment(
    code: str, item: dict[str, Any], group_codes: set[str], known: set[str]
) -> list[str]:
    problems = [f"segment {code!r}: {p}" for p in _label_problems(item.get("labels"))]
    group = item.get("group")
    if group not in group_codes:
        problems.append(f"segment {code!r}: unknown group {group!r}")
    nace = item.get("nace")
    if not isinstance(nace, list) or not nace:
        problems.append(f"segment {code!r}: no NACE code")
    else:
        for value in nace:
            try:
                check_nace(value if isinstance(value, str) else repr(value))
            except ValueError as error:
                problems.append(f"segment {code!r}: {error}")
    supplies = item.get("supplies", [])
    if not isinstance(supplies, list):
        return [*problems, f"segment {code!r}: 'supplies' must be a list"]
    for target in supplies:
        if target == code:
            problems.append(f"segment {code!r}: supplies itself")
        elif target not in known:
            problems.append(f"segment {code!r}: supplies unknown segment {target!r}")
    return problems


def parse_taxonomy(raw: Any, *, source: str = TAXONOMY_FILE) -> Taxonomy:
    """Build a Taxonomy from a decoded document; InvalidInput lists every defect."""
    problems = validate_taxonomy(raw)
    if problems:
        raise InvalidInput([Problem(source, None, None, reason) for reason in problems])
    groups = tuple(Group(item["code"], _texts(item["labels"])) for item in raw["groups"])
    segments = tuple(
        Segment(
            code=item["code"],
            group=item["group"],
            labels=_texts(item["labels"]),
            nace_codes=tuple(check_nace(n) for n in item["nace"]),
            supplies=frozenset(item.get("supplies", [])),
        )
        for item in raw["segments"]
    )
    return Taxonomy(groups, segments)


def _texts(labels: dict[str, str]) -> tuple[LocalizedText, ...]:
    return tuple(LocalizedText(language, labels[language.value]) for language in Language)


@cache
def load_taxonomy() -> Taxonomy:
    """The taxonomy shipped with the package (read once per process)."""
    text = resources.files("rencontre.core").joinpath("data", TAXONOMY_FILE).read_text("utf-8")
    return parse_taxonomy(json.loads(text))
