"""Reading `match partners` input: one JSON organisation per line, validated with located errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn

from rencontre.core.countries import normalise_country
from rencontre.core.input_limits import InputLimits
from rencontre.core.languages import ISO_639_1, meant_language
from rencontre.core.taxonomy import load_taxonomy
from rencontre.core.text_files import read_utf8
from rencontre.matching.profiles import OrgProfile


class OrganisationsFileError(ValueError):
    """Bad input, located: file, 1-based line and the field (None when the whole line is bad)."""

    def __init__(self, path: Path, line: int, field: str | None, reason: str) -> None:
        self.path, self.line, self.field, self.reason = path, line, field, reason
        where = f"{path}:{line}: " if field is None else f"{path}:{line}: field '{field}': "
        super().__init__(where + reason)


_LIST_FIELDS = ("texts", "offers", "needs", "segments", "partners", "languages", "excluded")
_TEXTS_REQUIRED = "a list of strings is required; [] when the organisation has only offers or needs"


def _json_type(value: Any) -> str:
    """What `value` is called in JSON, the language of the file's author."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def _as_id(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text or None


def _string_list(
    record: dict[str, Any], field: str, fail: Callable[[str, str], NoReturn]
) -> tuple[str, ...]:
    value = record.get(field)
    if value is None:  # absent, or null: the same for these optional lists
        return ()
    if not isinstance(value, list):
        fail(field, f"expected a list, got {_json_type(value)}")
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


def _language_codes(written: Iterable[str], fail: Callable[[str, str], NoReturn]) -> frozenset[str]:
    """ISO 639-1 codes in lower case, whatever their case; anything else is refused, saying
    which code was meant where that can be told."""
    codes = set()
    for language in written:
        code = language.strip().lower()
        if code not in ISO_639_1:
            meant = meant_language(language)
            hint = f"; write {meant!r}" if meant else " (such as 'en', 'fr' or 'nl')"
            fail("languages", f"{language!r} is not an ISO 639-1 two-letter code{hint}")
        codes.add(code)
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

    Fields: `id` and `texts` (a list, maybe empty, never null) required; `name`, `country`,
    `kind`, `offers`, `needs`, `segments`, `languages` (ISO 639-1 codes, any case), `partners`,
    `excluded` (declared competitors, never proposed either way), `opted_out` (true: proposed
    to nobody) and `group` (organisations of one group are never proposed to each other),
    null for any of these meaning absent; others are ignored.

    `segments` maps the upper-case form of each known segment code to its spelling
    (`known_segments()`, the shipped taxonomy, by default).
    """

    def fail(field: str, reason: str) -> NoReturn:
        raise OrganisationsFileError(path, line, field, reason)

    if not isinstance(record, dict):
        raise OrganisationsFileError(
            path, line, None, f"expected a JSON object, got {_json_type(record)}"
        )
    org_id = _as_id(record.get("id"))
    if org_id is None:
        fail("id", "missing or not a non-empty string/integer")
    if record.get("texts") is None:  # required: null is refused, not read as no text
        fail("texts", f"{'missing' if 'texts' not in record else 'null'} ({_TEXTS_REQUIRED})")
    lists = {field: _string_list(record, field, fail) for field in _LIST_FIELDS}
    opted_out = record.get("opted_out")
    if opted_out is None:  # absent or null, as for the other optional fields
        opted_out = False
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
        languages=_language_codes(lists["languages"], fail),
        partners=frozenset(lists["partners"]),
        excluded=frozenset(lists["excluded"]),
        opted_out=opted_out,
        organisation_group=scalars["group"],
    )


def read_organisations(path: Path, *, limits: InputLimits = InputLimits()) -> list[OrgProfile]:
    """Every organisation of a JSONL file (blank lines skipped); ids must be unique."""
    return read_organisations_and_ids(path, limits=limits)[0]


def read_organisations_and_ids(
    path: Path, *, limits: InputLimits = InputLimits()
) -> tuple[list[OrgProfile], dict[str, str | int]]:
    """Profiles and each id as written in the file (an integer PIC stays an integer in output).

    The file is UTF-8, with or without BOM (NotUtf8Error otherwise); segment codes are the
    shipped taxonomy's, in any case. A file past the size of `limits` is refused unread
    (FileTooLarge), one past its rows when the first line too many is reached.
    """
    limits.check_size(path)
    return parse_organisations_and_ids(read_utf8(path), path=path, limits=limits)


def parse_organisations_and_ids(
    text: str, *, path: Path, limits: InputLimits = InputLimits()
) -> tuple[list[OrgProfile], dict[str, str | int]]:
    """`read_organisations_and_ids` on the text of `path`, already read: a caller that reports
    reading errors its own way (the CLI names its option) reads the file itself, having
    checked its size against `limits`."""
    written_ids: dict[str, str | int] = {}
    profiles: list[OrgProfile] = []
    seen: set[str] = set()
    segments = known_segments()
    # Split on "\n" only, as the line numbers of NotUtf8Error count them.
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if len(profiles) == limits.max_rows:
            raise OrganisationsFileError(path, line_number, None, limits.rows_reason())
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            # A whole line is one object, so the column in the line is JSON's own column.
            reason = f"invalid JSON: {error.msg} at character {error.colno} of the line"
            raise OrganisationsFileError(path, line_number, None, reason) from None
        profile = parse_organisation(record, path=path, line=line_number, segments=segments)
        if profile.id in seen:
            reason = f"duplicate id {profile.id!r}"
            raise OrganisationsFileError(path, line_number, "id", reason)
        seen.add(profile.id)
        profiles.append(profile)
        written_ids[profile.id] = record["id"]
    return profiles, written_ids
