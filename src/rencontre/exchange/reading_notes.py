"""What an import read in a forgiving way, so that its summary can say so.

Reading a country's name as its code, a time without an offset in a mission's time zone,
another spelling of a known organisation's name as that name, or a CSV file that is not UTF-8
as Windows-1252 is what an organiser expects; doing it without a word would not be. Each is
counted here and told once in the summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rencontre.core.wording import counted


@dataclass
class ReadingNotes:
    """Counts of what was read leniently, by what was written and how it was read."""

    #: (name as written, code) → cells
    country_names: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: time zone → date-times read in it
    local_times: Counter[str] = field(default_factory=Counter)
    #: (name as written, name as known) → cells
    other_spellings: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: CSV files (their names) read as Windows-1252, not being UTF-8
    windows_1252_files: list[str] = field(default_factory=list)

    def lines(self) -> tuple[str, ...]:
        """One sentence per kind of leniency, e.g. "12 times without a UTC offset were read
        in Europe/Paris"."""
        result = [
            f"{counted(count, 'time')} without a UTC offset {_were(count)} read in {zone}"
            for zone, count in sorted(self.local_times.items())
        ]
        if self.country_names:
            read = ", ".join(
                f"{written!r} → {code} ({counted(count, 'cell')})"
                for (written, code), count in sorted(self.country_names.items())
            )
            result.append(f"Country names read as their codes: {read}")
        if self.other_spellings:
            read = ", ".join(
                f"{written!r} as {known!r} ({counted(count, 'cell')})"
                for (written, known), count in sorted(self.other_spellings.items())
            )
            result.append(f"Organisation names read as the same name spelt otherwise: {read}")
        if self.windows_1252_files:
            # Said so that a wrong guess (a file in another code page) is seen in its accents.
            files = ", ".join(self.windows_1252_files)
            result.append(
                f"Read as Windows-1252 (Excel's CSV on Windows), not being UTF-8: {files}"
            )
        return tuple(result)


def _were(count: int) -> str:
    return "was" if count == 1 else "were"
