"""Progress of long engine work on stderr: live bars on a terminal, plain lines elsewhere.

Encoding a few thousand long profiles takes many minutes on two cores. A rich bar draws only on
a terminal; in a log file, a CI job or behind a pipe it would show nothing and the command would
look stuck, so there each stage writes a line now and then instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.status import Status

from rencontre.matching.cache import ProgressCallback

# Seconds between two lines of one stage, when stderr is not a terminal.
LINE_INTERVAL = 15.0


class ProgressLines:
    """A stage's progress as occasional lines: when it starts, every LINE_INTERVAL seconds,
    and when it ends. A stage with nothing to do says nothing."""

    def __init__(
        self,
        label: str,
        console: Console,
        *,
        interval: float = LINE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.console = console
        self.interval = interval
        self.clock = clock
        self.last: float | None = None

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        now = self.clock()
        starting = done == 0
        finished = done >= total
        due = self.last is not None and now - self.last >= self.interval
        if starting or finished or due:
            percent = 100 * done // total
            self.console.print(f"{self.label}: {done:,} of {total:,} ({percent}%)")
            self.last = None if finished else now


@contextmanager
def progress_bars(console: Console, *labels: str) -> Iterator[list[ProgressCallback]]:
    """One progress report per label, each fed by an engine's (done, total) callback.

    On a terminal, rich bars; a bar shows from its first report on, so a later stage does not
    sit empty meanwhile. Elsewhere, ProgressLines.
    """
    if not console.is_terminal:
        yield [ProgressLines(label, console) for label in labels]
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:

        def bar(label: str) -> ProgressCallback:
            task = progress.add_task(label, total=None, visible=False)

            def report(done: int, total: int) -> None:
                progress.update(task, completed=done, total=max(total, 1), visible=True)

            return report

        yield [bar(label) for label in labels]


@contextmanager
def status_line(
    console: Console,
    first: str,
    *,
    interval: float = LINE_INTERVAL,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[Callable[[str], None]]:
    """A one-line status that long work updates (a solver's best solution so far).

    On a terminal, a rich spinner whose text each update replaces; elsewhere the first text,
    then an update at most every `interval` seconds.
    """
    if console.is_terminal:
        with Status(first, console=console) as status:
            yield status.update
        return
    console.print(first, markup=False)
    last = [clock()]

    def update(text: str) -> None:
        now = clock()
        if now - last[0] >= interval:
            console.print(text, markup=False)
            last[0] = now

    yield update
