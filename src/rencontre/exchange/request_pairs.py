"""One request per pair of people: mutual requests read from files are merged.

Two people meet at most once per mission, whoever asked. When an import brings B → A and
A → B is stored, or brings both directions, the two become one request
(`rencontre.core.meeting.merge_requests`): the first one's direction (the stored one's, or
the earlier row's), the highest priority, the status that wins (a decline over everything),
both messages (the other direction's as `reverse_message`), and an `origin` saying where
each came from, e.g. `a@x → b@y (stored) + b@y → a@x (meeting_requests.csv, row 4)`.

Under `--update`, a row in the direction of a stored request replaces it first (its absent
columns were filled from the stored request); rows in the other direction are then merged
into it, so merging the same row again changes nothing. Same-direction duplicates never get
here: the checks refuse them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rencontre.core.meeting import MeetingRequest, merge_requests
from rencontre.exchange.found import Located

#: A request's mission and its direction.
Direction = tuple[str, str, str]


@dataclass(frozen=True)
class PairedRequests:
    """The requests an import stores, at most one per pair, and the ones it merged."""

    #: New requests and new versions of stored ones, a stored one under its stored direction.
    requests: tuple[MeetingRequest, ...]
    #: The requests that merging made or changed, as they will be stored (`origin` says
    #: where both directions came from).
    merged: tuple[MeetingRequest, ...]


def direction(request: MeetingRequest) -> Direction:
    return (request.mission, request.requester, request.requested)


def _arrow(request: MeetingRequest) -> str:
    return f"{request.requester} → {request.requested}"


def pair_requests(
    rows: Iterable[Located[MeetingRequest]], stored: Sequence[MeetingRequest]
) -> PairedRequests:
    """Fold the accepted request rows, in file order, into one request per pair.

    `stored` are the requests already in the database; a result that names a stored
    request's direction replaces that request.
    """
    stored_by_direction = {direction(r): r for r in stored}
    stored_by_pair: dict[tuple[str, frozenset[str]], MeetingRequest] = {}
    for request in stored:
        stored_by_pair.setdefault((request.mission, request.pair), request)
    result: dict[Direction, MeetingRequest] = {}
    others = []
    for row in rows:
        if direction(row.value) in stored_by_direction:
            result[direction(row.value)] = row.value  # an update of the stored request
        else:
            others.append(row)
    added: dict[tuple[str, frozenset[str]], tuple[Direction, str]] = {}
    merged: list[Direction] = []
    for row in others:
        request = row.value
        pair = (request.mission, request.pair)
        where = f"{_arrow(request)} ({row.where})"
        if pair in stored_by_pair:
            kept = stored_by_pair[pair]
            key = direction(kept)
            first = f"{_arrow(kept)} (stored)"
        elif pair in added:
            key, first = added[pair]
        else:
            result[direction(request)] = request
            added[pair] = (direction(request), where)
            continue
        base = result.get(key, stored_by_direction.get(key))
        assert base is not None  # a stored request or an earlier row of this import
        if base.is_merged and merge_requests(base, request, base.origin) == base:
            result.setdefault(key, base)  # merged before: stored as it is, unchanged
            continue
        origin = f"{base.origin} + {where}" if base.origin else f"{first} + {where}"
        result[key] = merge_requests(base, request, origin)
        merged.append(key)
    # A merge that gives back exactly the stored request (a re-import) is no news.
    changed = [k for k in dict.fromkeys(merged) if result[k] != stored_by_direction.get(k)]
    return PairedRequests(requests=tuple(result.values()), merged=tuple(result[k] for k in changed))
