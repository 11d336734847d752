"""Files written whole or not at all: a temporary file beside the target, renamed into place.

A reader (a person opening the file, a program polling the folder) sees the previous file or
the new one, never half of one; a write that fails leaves the previous file as it was and no
temporary file behind.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def _open_temporary_beside(target: Path) -> tuple[int, Path]:
    """A new file next to `target`, created with mode 0666 so that the kernel applies the umask.

    Reading the umask would mean setting it (os.umask), a process-wide change that races with
    every other thread; letting the kernel apply it at creation changes nothing.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temporary = target.parent / f".{target.name}.{secrets.token_hex(6)}"
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"{target.parent}: no free temporary name beside {target.name}")


def replace_file(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Create or replace `path` with what `write` writes into the binary stream it is given.

    The file gets the mode a plain write would give it: a replaced file keeps its mode, a new
    one gets 0666 less the umask. Whatever `write` or the system raises (OSError when the
    system refuses) comes through, after the temporary file is removed.
    """
    target = path.resolve()
    try:
        kept_mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        kept_mode = None
    handle, temporary = _open_temporary_beside(target)
    try:
        with os.fdopen(handle, "wb") as out:
            if kept_mode is not None:
                os.fchmod(out.fileno(), kept_mode)
            write(out)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Create or replace `path` with `data`, whole or not at all (`replace_file`)."""
    replace_file(path, lambda out: out.write(data))
