"""Files the commands write: checked before the work starts, then written whole or not at all.

Light on purpose (no database, Rich or engine import): `rencontre b2b` uses it too.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rencontre.core.atomic_files import write_bytes_atomically


class CannotWrite(Exception):
    """A file or directory a command must write, with the option that named it and why not."""

    def __init__(self, option: str, path: Path, reason: str) -> None:
        self.option, self.path, self.reason = option, path, reason
        super().__init__(f"{option} {path}: cannot write ({reason})")


def _reason(error: OSError) -> str:
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def _probe(directory: Path) -> str | None:
    """Why no file can be created in `directory` (None when one can)."""
    try:
        handle, name = tempfile.mkstemp(dir=directory, prefix=".rencontre-probe-")
    except OSError as error:
        return _reason(error)
    os.close(handle)
    os.unlink(name)
    return None


def check_file(path: Path, option: str) -> None:
    """Raise CannotWrite unless `write_atomically(path, …)` can create or replace `path`."""
    parent = path.absolute().parent
    if path.is_dir():
        reason: str | None = "it is a directory"
    elif path.exists() and not path.is_file():
        reason = "it is not a regular file"
    elif not parent.is_dir():
        reason = f"no directory {parent}"
    else:
        reason = _probe(parent)
    if reason is not None:
        raise CannotWrite(option, path, reason)


def check_directory(path: Path, option: str) -> None:
    """Create the directory `path` if needed; raise CannotWrite unless files can be made in it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        reason: str | None = "it is not a directory"
    except OSError as error:
        reason = _reason(error)
    else:
        reason = _probe(path)
    if reason is not None:
        raise CannotWrite(option, path, reason)


def write_atomically(path: Path, data: bytes, option: str) -> None:
    """Write the whole file or nothing (`rencontre.core.atomic_files.replace_file`).

    The file gets the mode a plain write would give it: a replaced file keeps its mode, a new
    one gets 0666 less the umask. CannotWrite when the system refuses.
    """
    try:
        write_bytes_atomically(path, data)
    except OSError as error:
        raise CannotWrite(option, path, _reason(error)) from None
