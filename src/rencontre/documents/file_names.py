"""Names of the files written for many people at once, and the index that lists them.

A file is named after its person's e-mail address (`jeroen.devries@example.nl.ics`), which
people recognise and which is unique within a mission. Characters that some file systems
refuse or treat specially become `_`; a name changed that way, or too long, ends with a
short hash of the address, so that two addresses never share a file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rencontre.core.spreadsheet_cells import escape_row

# Letters, digits and . _ @ + - are safe everywhere (Windows, macOS, Linux, ZIP archives).
_UNSAFE = re.compile(r"[^a-z0-9._@+-]")
# Well under the usual 255-byte limit of a file name, leaving room for the extension.
MAX_STEM = 120


def file_stem(email: str) -> str:
    """A file name (without extension) for the person with address `email`."""
    address = email.strip().lower()
    stem = _UNSAFE.sub("_", address).lstrip(".-")
    if stem != address or len(stem) > MAX_STEM or not stem:
        digest = hashlib.sha256(address.encode("utf-8")).hexdigest()[:8]
        stem = f"{stem[: MAX_STEM - 9]}-{digest}" if stem else digest
    return stem


@dataclass(frozen=True)
class IndexEntry:
    """One file written for one person."""

    file: str
    name: str
    email: str
    organisation: str
    language: str  # the language the file is written in (ISO 639-1)


INDEX_COLUMNS = ("file", "name", "email", "organisation", "language")


def index_csv(entries: Sequence[IndexEntry]) -> str:
    """`index.csv`: which file is whose, in the order the files were written."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(INDEX_COLUMNS)
    for e in entries:
        writer.writerow(escape_row([e.file, e.name, e.email, e.organisation, e.language]))
    return out.getvalue()
