"""Reading `match partners` input: one JSON organisation per line, validated with located errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn

from rencontre.core.countries import normalise_country
from rencontre.core.taxonomy import load_taxonomy
from rencontre.core.text_files import read_utf8
from rencontre.matching.profiles import OrgProfile


class OrganisationsFileError(ValueError):
    """Bad input, located: file, 1-based line and field."""

    def __init__(self, path: Path, line: int, field: str, reason: str) -> None:
        self.path, self.line, self.field, self.reason = path, line, field, reason
        super().__init__(f"{path}:{line}: field '{field}': {reason}")


_LIST_FIELDS = ("texts", "offers", "needs", "segments", "partners", "languages", "excluded")


def _as_id(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text or None


def _string_list(
    record: dict[str, Any], field: str, fail: Callable[[str, str], NoReturn]
) -> tuple[str, ...]:
    value = record.get(field, [])
    if value is None:
        return ()
    if not isinstance(value, list):
        fail(field, f"expected a list, got {type(value).__name__}")
    out: list[str] = []
    for position, item in enumerate(value):
        if field in ("partners", "excluded"):
            as_id = _as_id(item)
            if as_id is None:
                fail(field, f"item {position} must be an id (string or integer), got {item!r}")
            out.append(as_id)
        elif not isinstance(item, str):
            fail(field, f"item {position} must be a string, got {item!r}")
        else:
            out.append(item)  # blank texts, offers and needs: OrgProfile drops them
    return tuple(out)


def _segment_codes(
    written: Iterable[str], known: dict[str, str], fail: Callable[[str, str], NoReturn]
) -> frozenset[str]:
    """Codes in the taxonomy's spelling, whatever their case; an unknown code is refused."""
    codes = set()
    for code in written:
        spelled = known.get(code.strip().upper())
        if spelled is None:
            fail("segments", f"unknown value-chain segment {code!r}")
        codes.add(spelled)
    return frozenset(codes)


def _country(written: str, fail: Callable[[str, str], NoReturn]) -> str:
    """The ISO code of `written` ("" stays unknown); a name or an unknown code is refused, as
    "France" beside "FR" would make two countries and a false cross-border pair."""
    if not written:
        return ""
    try:
        return normalise_country(written)
    except ValueError as error:
        fail("country", str(error))


def known_segments() -> dict[str, str]:
    """The shipped taxonomy's segment codes, by their upper-case form."""
    return {code.upper(): code for code in load_taxonomy().codes}


def parse_organisation(
    record: Any, *, path: Path, line: int, segments: dict[str, str] | None = None
) -> OrgProfile:
    """One input object as a profile; raises OrganisationsFileError naming the bad field.

    Fields: `id` and `texts` required; `name`, `country`, `kind`, `offers`, `needs`,
    `segments`, `languages`, `partners`, `excluded` (declared competitors, never proposed
    either way), `opted_out` (true: proposed to nobody) and `group` (organisations of one
    group are never proposed to each other); others are ignored.

    `segments` maps the upper-case form of each known segment code to its spelling
    (`known_segments()`, the shipped taxonomy, by default).
    """

    def fail(field: str, reason: str) -> NoReturn:
        raise OrganisationsFileError(path, line, field, reason)

    if not isinstance(record, dict):
        fail("-", "expected a JSON object")
    org_id = _as_id(record.get("id"))
    if org_id is None:
        fail("id", "missing or not a non-empty string/integer")
    if "texts" not in record:
        fail("texts", "missing (a list of strings is required)")
    lists = {field: _string_list(record, field, fail) for field in _LIST_FIELDS}
    opted_out = record.get("opted_out", False)
    if not isinstance(opted_out, bool):
        fail("opted_out", f"expected true or false, got {opted_out!r}")
    scalars: dict[str, str] = {}
    for field in ("name", "country", "kind", "group"):
        value = record.get(field, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            fail(field, f"expected a string, got {value!r}")
        scalars[field] = value.strip()
    known = known_segments() if segments is None else segments
    return OrgProfile(
        id=org_id,
        texts=lists["texts"],
        name=scalars["name"],
        country=_country(scalars["country"], fail),
        kind=scalars["kind"],
        offers=lists["offers"],
        needs=lists["needs"],
        segments=_segment_codes(lists["segments"], known, fail),
        languages=frozenset(lang.lower() for lang in lists["languages"]),
        partners=frozenset(lists["partners"]),
        excluded=frozenset(lists["excluded"]),
        opted_out=opted_out,
        organisation_group=scalars["group"],
    )


def read_organisations(path: Path) -> list[OrgProfile]:
    """Every organisation of a JSONL file (blank lines skipped); ids must be unique."""
    return read_organisations_and_ids(path)[0]


def read_organisations_and_ids(path: Path) -> tuple[list[OrgProfile], dict[str, str | int]]:
    """Profiles and each id as written in the file (an integer PIC stays an integer in output).

    The file is UTF-8, with or without BOM (NotUtf8Error otherwise); segment codes are the
    shipped taxonomy's, in any case.
    """
    written_ids: dict[str, str | int] = {}
    profiles: list[OrgProfile] = []
    seen: set[str] = set()
    segments = known_segments()
    # Split on "\n" only, as the line numbers of NotUtf8Error count them.
    for line_number, line in enumerate(read_utf8(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            reason = f"invalid JSON: {error.msg}"
            raise OrganisationsFileError(path, line_number, "-", reason) from None
        profile = parse_organisation(record, path=path, line=line_number, segments=segments)
        if profile.id in seen:
            reason = f"duplicate id {profile.id!r}"
            raise OrganisationsFileError(path, line_number, "id", reason)
        seen.add(profile.id)
        profiles.append(profile)
        written_ids[profile.id] = record["id"]
    return profiles, written_ids
