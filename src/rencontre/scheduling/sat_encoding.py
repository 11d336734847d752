"""A SAT encoding of mode `all` (every meeting placed), for incremental SAT search.

Same rules as the CP-SAT model, written as clauses: `place[m, t]`, `busy[p, t]`, exact
"gap starts here" literals (p ends a block at t-1, is idle at t, meets again later that day),
a unary break counter per participant for fairness, and one totalizer over every gap literal
so that "total breaks ≤ k" is a single assumption. Cardinality constraints use PySAT's
compiled encoders; the implied constraints of JAIR 74 (43), (44) are included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pysat.card import CardEnc, EncType, ITotalizer
from pysat.formula import IDPool

from rencontre.scheduling.break_bounds import minimum_breaks
from rencontre.scheduling.problem import Problem

Clause = list[int]

LARGE_CARDINALITY = 20_000
"""Above this n·k an at-most-k over n literals uses a cardinality network (n·log²k clauses)
instead of a sequential counter (n·k): on 600-participant events the counter for "at most
2·tables participants busy per slot" alone made millions of variables."""


@dataclass
class SatEncoding:
    clauses: list[Clause]
    place: dict[tuple[int, int], int]
    gaps: list[int]
    lowest_total: int
    top: int
    total: ITotalizer | None = field(default=None, repr=False)

    def cap_assumption(self, max_total_breaks: int) -> tuple[list[Clause], list[int]]:
        """(new clauses, assumptions) enforcing total breaks ≤ max_total_breaks.

        The totalizer grows on demand: its size is linear in the largest cap asked for.
        """
        if max_total_breaks >= len(self.gaps):
            return [], []
        if self.total is None:
            self.total = ITotalizer(lits=self.gaps, ubound=max_total_breaks + 1, top_id=self.top)
            added = list(self.total.cnf.clauses)
        else:
            known = len(self.total.cnf.clauses)
            self.total.increase(ubound=max_total_breaks + 1, top_id=self.top)
            added = list(self.total.cnf.clauses[known:])
        self.top = max(self.top, self.total.top_id)
        return added, [-self.total.rhs[max_total_breaks]]


SAT_PLACEMENT_BUDGET = 300_000
"""Most (meeting, candidate slot) pairs for which the clauses are built: the 600-participant
events of benchmarks/scheduling/large.py (about 170,000 pairs, 6 million clauses) encode in
5-14 s here, most of it in PySAT's compiled cardinality encoders."""


def encoding_fits(problem: Problem) -> bool:
    """Whether `encode_all_mode` stays within `SAT_PLACEMENT_BUDGET`."""
    pairs = sum(len(problem.candidate_slots(m)) for m in range(len(problem.meetings)))
    return pairs <= SAT_PLACEMENT_BUDGET


class _Builder:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.pool = IDPool()
        self.clauses: list[Clause] = []
        self.false: int = self.pool.id("false")
        self.clauses.append([-self.false])

    def new(self) -> int:
        return int(self.pool.id())

    def at_most(self, literals: list[int], bound: int) -> None:
        if len(literals) <= bound:
            return
        if bound == 0:
            self.clauses.extend([-lit] for lit in literals)
            return
        if bound == 1 and len(literals) <= 6:
            kind = EncType.pairwise
        elif len(literals) * bound > LARGE_CARDINALITY:
            kind = EncType.cardnetwrk
        else:
            kind = EncType.seqcounter
        encoded = CardEnc.atmost(literals, bound, vpool=self.pool, encoding=kind)
        self.clauses.extend(encoded.clauses)

    def exactly(self, literals: list[int], bound: int) -> None:
        encoded = CardEnc.equals(literals, bound, vpool=self.pool, encoding=EncType.seqcounter)
        self.clauses.extend(encoded.clauses)

    def either(self, literals: list[int]) -> int:
        """A literal equivalent to the disjunction of `literals`."""
        if not literals:
            return self.false
        if len(literals) == 1:
            return literals[0]
        result = self.new()
        self.clauses.append([-result, *literals])
        self.clauses.extend([-lit, result] for lit in literals)
        return result

    def unary_count(self, literals: list[int], outputs: int) -> list[int]:
        """c[j] <=> at least j+1 of `literals` are true, for j < outputs (sequential counter)."""
        row = [self.false] * outputs
        for lit in literals:
            nxt = []
            for j in range(outputs):
                below = row[j - 1] if j > 0 else None
                carried = self.new()
                # carried <=> row[j] or (lit and (j == 0 or row[j-1]))
                self.clauses.append([-row[j], carried])
                if below is None:
                    self.clauses.append([-lit, carried])
                    self.clauses.append([-carried, row[j], lit])
                else:
                    self.clauses.append([-lit, -below, carried])
                    self.clauses.append([-carried, row[j], lit])
                    self.clauses.append([-carried, row[j], below])
                nxt.append(carried)
            row = nxt
        return row


def encode_all_mode(problem: Problem, *, fairness: int | None) -> SatEncoding:
    b = _Builder(problem)
    place = _placement(b)
    busy = _busy(b, place)
    _capacity(b, place, busy)
    _precedences(b, place)
    gaps_of = [_gaps(b, row) for row in busy]
    if len(problem.days) == 1:
        for p, row in enumerate(busy):
            _one_run_unless_break(b, row, len(problem.meetings_of(p)), b.either(gaps_of[p]))
    counts = _break_counters(b, gaps_of, fairness)
    if fairness is not None:
        _fairness(b, counts, fairness)
    gaps = [g for row in gaps_of for g in row]
    lowest = sum(
        minimum_breaks(problem, p, len(problem.meetings_of(p)))
        for p in range(problem.participant_count)
    )
    return SatEncoding(b.clauses, place, gaps, lowest, b.pool.top)


def _placement(b: _Builder) -> dict[tuple[int, int], int]:
    """Each meeting in exactly one of its candidate slots."""
    place: dict[tuple[int, int], int] = {}
    for m in range(len(b.problem.meetings)):
        literals = []
        for t in b.problem.candidate_slots(m):
            place[m, t] = b.new()
            literals.append(place[m, t])
        b.clauses.append(literals)
        b.at_most(literals, 1)
    return place


def _busy(b: _Builder, place: dict[tuple[int, int], int]) -> list[dict[int, int]]:
    """busy[p][t] <=> p meets in t; one meeting per participant and slot; (43) slots used."""
    rows = []
    for p in range(b.problem.participant_count):
        per_slot: dict[int, list[int]] = {}
        for m in b.problem.meetings_of(p):
            for t in b.problem.candidate_slots(m):
                per_slot.setdefault(t, []).append(place[m, t])
        row = {}
        for t, literals in sorted(per_slot.items()):
            b.at_most(literals, 1)
            row[t] = b.either(literals)
        if row:
            b.exactly(list(row.values()), len(b.problem.meetings_of(p)))
        rows.append(row)
    return rows


def _capacity(b: _Builder, place: dict[tuple[int, int], int], busy: list[dict[int, int]]) -> None:
    """Tables per slot over meeting clusters (JAIR 74 (47)), and (44): ≤ 2·tables busy.

    Meetings are grouped greedily into clusters sharing a participant, so at most one meeting
    of a cluster sits in a slot and "tables ≥ clusters in use" is the same rule over far fewer
    literals. Measured on ticf-13crafc (d = 2): proving "no schedule without a break" drops from
    2.8 s to 0.6 s and finding the optimal one-break schedule from 47 s to 3.5 s.
    """
    problem = b.problem
    clusters = _clusters(problem)
    for t, slot in enumerate(problem.slots):
        in_use = []
        for pivot, cluster in clusters:
            literals = [place[m, t] for m in cluster if (m, t) in place]
            if len(cluster) == len(problem.meetings_of(pivot)):
                in_use.append(busy[pivot].get(t, b.false))  # the pivot's own busy literal
            else:
                in_use.append(b.either(literals))
        b.at_most([lit for lit in in_use if lit != b.false], slot.tables)
        b.at_most([row[t] for row in busy if t in row], 2 * slot.tables)


def _clusters(problem: Problem) -> list[tuple[int, list[int]]]:
    """(pivot participant, meetings) groups: busiest participants first take their meetings."""
    left = set(range(len(problem.meetings)))
    clusters = []
    by_load = sorted(range(problem.participant_count), key=lambda p: -len(problem.meetings_of(p)))
    for p in by_load:
        cluster = [m for m in problem.meetings_of(p) if m in left]
        if cluster:
            clusters.append((p, cluster))
            left.difference_update(cluster)
    return clusters


def _precedences(b: _Builder, place: dict[tuple[int, int], int]) -> None:
    for m, meeting in enumerate(b.problem.meetings):
        for q in meeting.predecessors:
            for t in b.problem.candidate_slots(m):
                for u in b.problem.candidate_slots(q):
                    if u >= t:
                        b.clauses.append([-place[m, t], -place[q, u]])


def _gaps(b: _Builder, row: dict[int, int]) -> list[int]:
    """gap[t] <=> busy[t-1] and not busy[t] and busy at some later slot of the same day."""
    problem = b.problem
    gaps = []
    later = b.false
    later_than: dict[int, int] = {}
    for t in reversed(range(problem.slot_count)):
        if t + 1 < problem.slot_count and not problem.adjacent_to_previous(t + 1):
            later = b.false  # a new day starts after t: overnight idle time is free
        later_than[t] = later
        if t in row:
            later = row[t] if later == b.false else b.either([row[t], later])
    for t in range(1, problem.slot_count):
        if not problem.adjacent_to_previous(t) or t - 1 not in row or later_than[t] == b.false:
            continue
        gap = b.new()
        before, after = row[t - 1], later_than[t]
        b.clauses += [[-gap, before], [-gap, after]]
        if t in row:
            b.clauses += [[-gap, -row[t]], [gap, -before, row[t], -after]]
        else:
            b.clauses.append([gap, -before, -after])
        gaps.append(gap)
    return gaps


def _one_run_unless_break(b: _Builder, row: dict[int, int], count: int, has_break: int) -> None:
    """Without a break, busy[t] holds exactly for start <= t < start + count (one day).

    Implied by the gap literals, but an order encoding of the start (o[t] <=> start <= t)
    propagates positions far better: it decides most instances whose optimum is 0 and
    refutes quickly those where some participant cannot keep one run.
    """
    if count < 2:
        return
    slot_count = b.problem.slot_count
    order = [b.new() for _ in range(slot_count)]
    guard = has_break
    b.clauses.append([guard, order[-1]])
    for t in range(slot_count - 1):
        b.clauses.append([guard, -order[t], order[t + 1]])
    for t in range(slot_count):
        busy = row.get(t, b.false)
        b.clauses.append([guard, -busy, order[t]])
        if t >= count:
            ended = order[t - count]
            b.clauses += [[guard, -busy, -ended], [guard, busy, -order[t], ended]]
        else:
            b.clauses.append([guard, busy, -order[t]])


def _break_counters(b: _Builder, gaps_of: list[list[int]], fairness: int | None) -> list[list[int]]:
    """Per participant unary break counts (only needed for fairness), plus its lower bound."""
    counts = []
    for p, gaps in enumerate(gaps_of):
        lowest = minimum_breaks(b.problem, p, len(b.problem.meetings_of(p)))
        outputs = len(gaps) if fairness is not None else min(lowest, len(gaps))
        count = b.unary_count(gaps, outputs) if outputs else []
        if lowest:
            b.clauses.append([count[lowest - 1]] if lowest <= len(count) else [b.false])
        counts.append(count)
    return counts


def _fairness(b: _Builder, counts: list[list[int]], fairness: int) -> None:
    """If someone has ≥ j+d+1 breaks, everyone has ≥ j+1: max − min ≤ d over all participants."""
    problem = b.problem
    if any(len(problem.meetings_of(p)) <= 1 for p in range(problem.participant_count)):
        for count in counts:
            if len(count) > fairness:
                b.clauses.append([-count[fairness]])
        return
    longest = max((len(c) for c in counts), default=0)
    for j in range(longest - fairness):
        someone = b.either([c[j + fairness] for c in counts if len(c) > j + fairness])
        for count in counts:
            b.clauses.append([-someone, count[j]] if len(count) > j else [-someone])
