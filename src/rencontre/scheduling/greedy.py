"""A constructive heuristic: a quick schedule with few breaks, used as the solver's hint.

Busy participants are served first and each meeting goes where it extends a block of both
participants, so most agendas come out as one run of consecutive slots per day.
"""

from __future__ import annotations

from collections.abc import Mapping

from rencontre.scheduling.problem import Problem


def greedy_schedule(problem: Problem, *, keep: Mapping[int, int] | None = None) -> dict[int, int]:
    """Meeting → slot for the meetings it manages to place (all of them, usually)."""
    state = _State(problem)
    for m, t in sorted((keep or {}).items()):
        if t in problem.candidate_slots(m) and state.fits(m, t):
            state.put(m, t)
    for m in _meeting_order(problem):
        if m in state.slot_of:
            continue
        candidates = [t for t in problem.candidate_slots(m) if state.fits(m, t)]
        if candidates:
            state.put(m, min(candidates, key=lambda t: (state.cost(m, t), t)))
    return state.slot_of


def _meeting_order(problem: Problem) -> list[int]:
    """Fixed meetings, then participant by participant, busiest first."""
    fixed = [m for m, meeting in enumerate(problem.meetings) if meeting.fixed_slot is not None]
    degree = [len(problem.meetings_of(p)) for p in range(problem.participant_count)]
    order = list(fixed)
    seen = set(fixed)
    for p in sorted(range(problem.participant_count), key=lambda q: (-degree[q], q)):
        mine = [m for m in problem.meetings_of(p) if m not in seen]
        mine.sort(key=lambda m: (len(problem.candidate_slots(m)), -_other_degree(problem, m, p)))
        order.extend(mine)
        seen.update(mine)
    return order


def _other_degree(problem: Problem, m: int, p: int) -> int:
    meeting = problem.meetings[m]
    other = meeting.second if meeting.first == p else meeting.first
    return len(problem.meetings_of(other))


class _State:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.slot_of: dict[int, int] = {}
        self.busy: list[set[int]] = [set() for _ in range(problem.participant_count)]
        self.used = [0] * problem.slot_count
        self.successors: dict[int, list[int]] = {}
        for m, meeting in enumerate(problem.meetings):
            for q in meeting.predecessors:
                self.successors.setdefault(q, []).append(m)

    def fits(self, m: int, t: int) -> bool:
        meeting = self.problem.meetings[m]
        if self.used[t] >= self.problem.slots[t].tables:
            return False
        if t in self.busy[meeting.first] or t in self.busy[meeting.second]:
            return False
        if any(self.slot_of.get(q, -1) >= t for q in meeting.predecessors):
            return False
        return all(self.slot_of.get(s, t + 1) > t for s in self.successors.get(m, ()))

    def put(self, m: int, t: int) -> None:
        meeting = self.problem.meetings[m]
        self.slot_of[m] = t
        self.used[t] += 1
        self.busy[meeting.first].add(t)
        self.busy[meeting.second].add(t)

    def cost(self, m: int, t: int) -> tuple[int, int]:
        """(new gaps opened, distance to the participants' existing meetings)."""
        gaps = distance = 0
        day = self.problem.slots[t].day
        for p in self.problem.meetings[m].participants:
            same_day = [u for u in self.busy[p] if self.problem.slots[u].day == day]
            if not same_day:
                continue
            nearest = min(abs(u - t) for u in same_day)
            if nearest > 1:
                gaps += 1
            distance += nearest
        return (gaps, distance)
