"""Names people type: when two spellings are one name, and which known names are close.

Spreadsheets are typed by people and pasted from word processors, which turn `'` into `’`
and spaces into non-breaking ones. An organisation's name is a key, so two spellings that
differ only by such accidents would make two organisations, or an "unknown organisation"
that is plainly there. So:

- `same_name` is what two spellings of one name share: apostrophes and quotes of every kind
  read as `'`, any run of spaces (non-breaking ones too) as one space, capitals as small
  letters. "Volt’Hauts", "volt'hauts" and "Volt'Hauts" are one name; "Voltaique" and
  "Voltaïque" are not (accents can tell names apart), they only get a suggestion.
- `did_you_mean` suggests the closest known names, compared without case, accents or
  punctuation (`difflib` ratios), for a reference that names nothing.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

# Every character a keyboard, a word processor or a spreadsheet writes for an apostrophe.
_APOSTROPHES = str.maketrans(dict.fromkeys("’‘‛ʼʹ`´′", "'"))
#: How close (difflib ratio, 0 to 1) a known name must be to be suggested.
SUGGESTION_CUTOFF = 0.75
#: At most this many suggestions, best first.
SUGGESTIONS = 3


def same_name(name: str) -> str:
    """What every spelling of one name has in common (see the module's docstring)."""
    return " ".join(name.translate(_APOSTROPHES).split()).casefold()


def _plain(name: str) -> str:
    """`name` without case, accents or punctuation, for measuring how close two names are."""
    decomposed = unicodedata.normalize("NFKD", same_name(name))
    kept = (c if c.isalnum() or c == "@" else " " for c in decomposed)
    return " ".join("".join(c for c in kept if not unicodedata.combining(c)).split())


def closest(written: str, known: Iterable[str], limit: int = SUGGESTIONS) -> list[str]:
    """The known names closest to `written`, best first (none when nothing is close)."""
    by_plain: dict[str, str] = {}
    for name in known:
        by_plain.setdefault(_plain(name), name)
    matches = difflib.get_close_matches(
        _plain(written), list(by_plain), n=limit, cutoff=SUGGESTION_CUTOFF
    )
    return [by_plain[match] for match in matches]


def did_you_mean(
    written: str, known: Iterable[str], labels: Mapping[str, str] | None = None
) -> str:
    """ " (did you mean 'A'?)", " (did you mean 'A' or 'B'?)", or "" when nothing is close.

    `labels` adds words after a suggestion, e.g. a person's name after their e-mail.
    """
    return _question(closest(written, known), labels or {})


def _question(options: Sequence[str], labels: Mapping[str, str]) -> str:
    if not options:
        return ""
    shown = [f"{o!r} ({labels[o]})" if labels.get(o) else repr(o) for o in options]
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"
    return f" (did you mean {listed}?)"
