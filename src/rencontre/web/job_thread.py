"""The web server's job runner on SQLite, which has no job queue: a thread of the server.

It looks for queued jobs every POLL_INTERVAL_S and runs them one at a time with the same
function a `rencontre worker` runs on PostgreSQL (`services.jobs.run_job`). Several server
processes (`--workers`) each have one: taking a job is a conditional update, so each job
runs once. When the server stops, a job in progress is put back in the queue and runs again
at the next start.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine

from rencontre.services.jobs import Clock, JobOptions, fail_abandoned_jobs, run_job, utc_now
from rencontre.store import jobs as store
from rencontre.store.database import session_scope

POLL_INTERVAL_S = 1.0
#: How long stopping waits for a job to reach a point where it can be put back.
STOP_TIMEOUT_S = 60.0

log = logging.getLogger(__name__)


class JobThread:
    """Runs the queued jobs of one database in a background thread, from `start` to `stop`."""

    def __init__(
        self,
        engine: Engine,
        *,
        options: JobOptions | None = None,
        clock: Clock = utc_now,
        poll_interval_s: float = POLL_INTERVAL_S,
    ) -> None:
        self.engine = engine
        self.options = options or JobOptions()
        self.clock = clock
        self.poll_interval_s = poll_interval_s
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="rencontre-jobs", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout_s: float = STOP_TIMEOUT_S) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout_s)

    def run_queued(self) -> int:
        """Run every job queued now, oldest first; how many this thread ran."""
        fail_abandoned_jobs(self.engine, clock=self.clock)
        with session_scope(self.engine) as session:
            queued = store.queued_job_ids(session)
        ran = 0
        for job_id in queued:
            if self.stopping.is_set():
                break
            done = run_job(
                self.engine, job_id, options=self.options, stopping=self.stopping, clock=self.clock
            )
            ran += done is not None
        return ran

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.run_queued()
            except Exception:  # noqa: BLE001 -- the thread must outlive a bad moment
                log.exception("background jobs: looking for queued jobs failed")
            self.stopping.wait(self.poll_interval_s)
