"""Where one participant page spends its time: one person, one page at a time, no load.

On a new SQLite file holding the benchmark's mission (`mission.py`), the application runs in
this process (Starlette's test client, no network); one participant opens their link, each
page is asked for a few times to warm up, then `--requests` times in a row, timed; then as
many times again under cProfile, and the functions of rencontre that took the most time,
cumulated, are printed.

    python benchmarks/web/profile_page.py [PAGE …] [--participants 300] [--requests 20]

PAGE defaults to the five pages of the load benchmark (`/me/agenda`, `/me/requests`,
`/me/partners`, `/me/directory`, `/me/directory?q=batterie`). The directory's meaning index
is built before the clock starts. Run it with `OMP_NUM_THREADS=1`, as `rencontre serve`
runs its processes.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastapi.routing
from starlette.concurrency import run_in_threadpool

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mission import prepare_mission  # noqa: E402
from report import percentile  # noqa: E402

PAGES = ("/me/agenda", "/me/requests", "/me/partners", "/me/directory", "/me/directory?q=batterie")
BASE_URL = "http://127.0.0.1:8000"
WARM_UP = 3
PROFILE = cProfile.Profile()
PROFILING = [False]


async def _profiled_in_threadpool(
    function: Callable[..., Any], /, *args: Any, **kwargs: Any
) -> Any:
    """FastAPI runs a page's handler in a thread; the profile must be switched on there."""

    def call() -> Any:
        if not PROFILING[0]:
            return function(*args, **kwargs)
        PROFILE.enable()
        try:
            return function(*args, **kwargs)
        finally:
            PROFILE.disable()

    return await run_in_threadpool(call)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=list(PAGES))
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=12, help="functions printed per page")
    arguments = parser.parse_args()
    # Before the application is built: its routes look the function up when they are made.
    fastapi.routing.run_in_threadpool = _profiled_in_threadpool  # type: ignore[attr-defined,assignment]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the test client's notice about the httpx package
        from fastapi.testclient import TestClient

    from rencontre.settings import Settings
    from rencontre.web.app import create_app

    work = Path(tempfile.mkdtemp(prefix="rencontre-profile-page-"))
    database_url = f"sqlite:///{work / 'rencontre.db'}"
    links = prepare_mission(
        database_url, size=arguments.participants, base_url=BASE_URL, seed=arguments.seed
    )
    _prepare_meaning_index(database_url)
    client = TestClient(create_app(Settings(database_url=database_url)), base_url=BASE_URL)
    opened = client.get(links[-1].removeprefix(BASE_URL), follow_redirects=False)
    assert opened.status_code == 303, opened.status_code
    for page in arguments.pages:
        for _ in range(WARM_UP):
            assert client.get(page).status_code == 200, page
        times_ms = []
        for _ in range(arguments.requests):
            started = time.perf_counter()
            client.get(page)
            times_ms.append((time.perf_counter() - started) * 1000)
        print(
            f"\n{page}: p50 {percentile(times_ms, 0.5):.0f} ms, "
            f"max {max(times_ms):.0f} ms over {arguments.requests} requests one at a time"
        )
        PROFILE.clear()
        PROFILING[0] = True
        for _ in range(arguments.requests):
            client.get(page)
        PROFILING[0] = False
        stats = pstats.Stats(PROFILE)
        stats.sort_stats("cumulative").print_stats(r"src/rencontre/", arguments.top)


def _prepare_meaning_index(database_url: str) -> None:
    """Encode the mission's descriptions before the clock starts, as a server that has
    already been searched has them (the first search of a process builds them in the
    background, and the timed searches would otherwise share the cores with it)."""
    from rencontre.services.meaning_search import SEARCHER
    from rencontre.settings import Settings
    from rencontre.store import repositories as repo
    from rencontre.store.database import open_database, session_scope

    engine = open_database(Settings(database_url=database_url))
    try:
        with session_scope(engine) as session:
            snapshot = repo.load_mission(session)
    finally:
        engine.dispose()
    SEARCHER.prepare(snapshot.organisations, mission=snapshot.mission.key)


if __name__ == "__main__":
    main()
