"""The text of a CSV or JSON file: UTF-8, and for CSV also Windows-1252, as Excel saves it.

Excel on Windows saves "CSV (separator: semicolon)" in the computer's code page, which for
French and Dutch is Windows-1252, not UTF-8. The rule, for CSV:

1. a file that starts with the UTF-8 byte-order mark is UTF-8, and must decode as such;
2. a file that decodes as UTF-8 is UTF-8 (plain ASCII included);
3. otherwise it is Windows-1252, and the import's summary says it was read so, unless
   - some line is UTF-8 with accents while another is not: the file mixes two encodings
     (a Windows-1252 reading would garble the UTF-8 accents), or
   - it holds one of the five bytes Windows-1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90,
     0x9d): it is neither.

Both are refused with the line and the byte. The UTF-8 reading comes first because it
cannot be taken by mistake: text in Windows-1252 with accents is almost never valid UTF-8,
whereas any byte sequence but five bytes is "valid" Windows-1252. JSON is UTF-8 only, as
its standard says and as every program writes it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from rencontre.core.errors import InvalidInput, Problem

UTF_8 = "UTF-8"
WINDOWS_1252 = "Windows-1252"
_SAVE_AS_UTF8 = "save the file as UTF-8"


@dataclass(frozen=True)
class DecodedText:
    """A file's text and the encoding it was read in (`UTF_8` or `WINDOWS_1252`)."""

    text: str
    encoding: str


def decode_utf8(file: str, data: bytes) -> str:
    """`data` as UTF-8, with or without BOM; InvalidInput naming the line of the first bad byte."""
    # The BOM is stripped by hand, not by "utf-8-sig", so that offsets count the body's bytes.
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_of(body, error.start)
        reason = f"line {line} is not UTF-8 (byte 0x{body[error.start]:02x}); {_SAVE_AS_UTF8}"
        raise _refuse(file, line, reason) from None


def decode_csv(file: str, data: bytes) -> DecodedText:
    """`data` as UTF-8, or as Windows-1252 when it is not UTF-8 (see the module's rule)."""
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(decode_utf8(file, data), UTF_8)
    try:
        return DecodedText(data.decode("utf-8"), UTF_8)
    except UnicodeDecodeError as error:
        first_bad = error.start
    utf8_line = _first_utf8_line_with_accents(data)
    if utf8_line is not None:
        line = _line_of(data, first_bad)
        reason = (
            f"line {line} is not UTF-8 (byte 0x{data[first_bad]:02x}) but line {utf8_line} is: "
            f"the file mixes two encodings; {_SAVE_AS_UTF8}"
        )
        raise _refuse(file, line, reason)
    try:
        return DecodedText(data.decode("cp1252"), WINDOWS_1252)
    except UnicodeDecodeError as error:
        line = _line_of(data, error.start)
        byte = data[error.start]
        reason = (
            f"line {line} is neither UTF-8 nor Windows-1252 (byte 0x{byte:02x}); {_SAVE_AS_UTF8}"
        )
        raise _refuse(file, line, reason) from None


def _first_utf8_line_with_accents(data: bytes) -> int | None:
    """The number of the first line that is UTF-8 and not plain ASCII, if any."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return number
    return None


def _line_of(data: bytes, offset: int) -> int:
    """The 1-based line of the byte at `offset`, lines counted at "\\n" as CSV rows are."""
    return data.count(b"\n", 0, offset) + 1


def _refuse(file: str, row: int | None, reason: str) -> InvalidInput:
    return InvalidInput([Problem(file, row, None, reason)])
