"""Importing files into the database: records added, or updated by their key, in one go.

The use case behind `rencontre import [--update]` (and the web app's upload): read and check
every file against what is stored (`rencontre.exchange.read_import`), then store the lot
(`rencontre.store.updates.store_records`) in the caller's transaction. Any problem refuses
the whole import with `InvalidInput`, and since nothing is committed then, nothing changes.
What the files say in a forgiving way (a country's name for its code, a time without its UTC
offset, another spelling of an organisation's name) is read and told in the summary's `notes`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from rencontre.core.input_limits import InputLimits
from rencontre.core.meeting import MeetingRequest
from rencontre.exchange import read_import
from rencontre.exchange.files import KINDS
from rencontre.services.mission_wording import person_label
from rencontre.store import repositories as repo
from rencontre.store.updates import RecordCounts, store_records

#: Dataset field names in the order an import stores them.
RECORD_KINDS = KINDS


@dataclass(frozen=True)
class MergedPair:
    """Two people whose requests to each other became one request."""

    request: MeetingRequest  # as stored: `origin` says where both directions came from
    requester: str  # "Name <e-mail>"
    requested: str

    def __str__(self) -> str:
        return (
            f"{self.requester} and {self.requested} (mission {self.request.mission}): "
            f"{self.request.origin}"
        )


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, per kind of record (`RECORD_KINDS`), and the pairs it merged."""

    counts: dict[str, RecordCounts]
    merged: tuple[MergedPair, ...] = ()
    update: bool = False
    #: Missions the import brought or whose requests it touched: the ones worth re-checking.
    missions: tuple[str, ...] = ()
    #: What was read leniently, one sentence each ("12 times without a UTC offset were read
    #: in Europe/Paris").
    notes: tuple[str, ...] = ()

    @property
    def changed_anything(self) -> bool:
        return any(c.added or c.changed for c in self.counts.values())


def import_files(
    session: Session,
    paths: Sequence[Path],
    *,
    update: bool = False,
    on_file: Callable[[Path], None] | None = None,
    limits: InputLimits = InputLimits(),
) -> ImportSummary:
    """Store the records of `paths` as one unit; InvalidInput (every problem) when refused.

    Without `update`, a record whose key is stored is refused, except a request in the
    other direction of a stored one, which is merged into it. With `update`, stored records
    are updated (columns a file leaves out keep their stored values) and new ones added.
    Meetings and outcomes are never changed from files: under `update`, rows identical to
    stored ones count as unchanged, a meeting that differs from its pair's stored one is
    refused, and other outcomes are added. `on_file` is called after each file is read.
    A file past `limits` (its size, its rows) is refused, read no further than the limit;
    the defaults are the same for every caller, the command line and the web alike.
    """
    existing = repo.load_dataset(session)
    incoming = read_import(paths, existing, update=update, on_file=on_file, limits=limits)
    counts = store_records(session, incoming.dataset)
    for kind, unchanged in incoming.unchanged.items():
        counts[kind] = replace(counts[kind], unchanged=counts[kind].unchanged + unchanged)
    names = {p.email: p for p in (*existing.participants, *incoming.dataset.participants)}

    def label(email: str) -> str:
        return person_label(names[email]) if email in names else email

    merged = tuple(MergedPair(r, label(r.requester), label(r.requested)) for r in incoming.merged)
    touched = [m.key for m in incoming.dataset.missions]
    touched += [r.mission for r in (*incoming.dataset.meeting_requests, *incoming.merged)]
    missions = tuple(dict.fromkeys(touched))
    return ImportSummary(
        counts=counts, merged=merged, update=update, missions=missions, notes=incoming.notes
    )
