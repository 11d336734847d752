"""Load benchmark of the participants' pages: N people at once against `rencontre serve`.

For each database asked for (SQLite, PostgreSQL), on a new database: the demo mission
enlarged to `--participants` people (`mission.py`), `rencontre serve --workers W` on loopback,
then `--users` virtual participants (drawn at random among them, seeded), each with their
own personal link and cookies, acting as a person does for `--duration` seconds: each opens
their link, then repeatedly waits
2–5 s (seeded) and reads their agenda, their recommended partners, the directory, searches
it (French, Dutch and English words), sends a meeting request from the directory's form, or
answers one they received. Every request's latency is recorded under its page; any answer
other than 2xx/3xx, and any exception (timeout, refused connection), is an error. A run is
bounded: `--users` people, `--duration` seconds, and the requests still under way at the end
get at most their timeout.

    python benchmarks/web/load.py [--db sqlite|postgresql|both] [--users 200] [--duration 120]
                                  [--workers 2] [--participants 300] [--seed 1] [--smoke]
                                  [--database-url URL] [--output FOLDER]

Writes `results/<db>.json` and the table of `README.md` for that database, and exits 1 when
a page misses its target. `--smoke` (a small mission, 20 people for 20 s) writes nothing
unless `--output` is given, and exits 1 when a request failed or a page was never asked
for: it checks that everything works, not how fast. `--database-url` runs on that (empty)
database instead of a new one, for one `--db` only.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import random
import re
import shlex
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mission import prepare_mission  # noqa: E402
from postgres import throwaway_postgres  # noqa: E402
from report import RESULTS, Measurement, machine, summarise, write_results  # noqa: E402
from server import free_port, serving  # noqa: E402

#: One core's worth of server process per core of this machine: see the README.
DEFAULT_WORKERS = 2
THINK_SECONDS = (2.0, 5.0)
REQUEST_TIMEOUT_SECONDS = 30.0
#: uvicorn closes a connection idle for 5 s; a browser that loses that race sends the request
#: again, httpx does not. So connections idle for longer than this are not reused.
KEEPALIVE_SECONDS = 3.0
#: The smoke run: enough people and time that every page is asked for, in about a minute.
SMOKE_USERS, SMOKE_SECONDS, SMOKE_PARTICIPANTS = 20, 20.0, 160
#: Pages a smoke run must have measured (answering is either of two pages).
SMOKE_PAGES = (
    "GET /l/{token}",
    "GET /me/agenda",
    "GET /me/partners",
    "GET /me/directory",
    "GET /me/directory?q=",
    "GET /me/requests",
    "POST /me/requests",
)
ANSWER_PAGES = ("POST /me/requests/{id}/accept", "POST /me/requests/{id}/decline")
#: What people type in the directory's search box, in the mission's three languages.
SEARCHES = (
    "batterie",
    "recharge",
    "logistique",
    "batterij",
    "laadpalen",
    "waterstof",
    "charging",
    "recycling",
    "software",
    "ines",
    "de Vries",
)
#: How often each action is chosen (relative weights).
ACTIONS = {
    "agenda": 3,
    "partners": 2,
    "directory": 2,
    "search": 3,
    "send": 2,
    "answer": 2,
}
GREETINGS = (
    "Bonjour, seriez-vous disponible pour un rendez-vous ?",
    "Hallo, zullen we afspreken tijdens de missie?",
    "Hello, shall we meet during the mission?",
)

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CARD = re.compile(r'<li class="card[^"]*">(.*?)</li>', re.S)
NAME = re.compile(r"<h3>(.*?)</h3>", re.S)
TO = re.compile(r'name="to" value="(\d+)"')
ANSWERABLE = re.compile(r'action="/me/requests/(\d+)/accept"')


@dataclass
class Recorder:
    """Every request's page, latency and outcome, while the measured period runs."""

    measurements: list[Measurement] = field(default_factory=list)

    def add(self, page: str, started: float, status: int | None, error: str = "") -> None:
        elapsed_ms = (time.perf_counter() - started) * 1000
        failed = bool(error) or status is None or not 200 <= status < 400
        detail = error or (f"HTTP {status}" if failed else "")
        self.measurements.append(Measurement(page, elapsed_ms, failed, detail))


@dataclass
class Directory:
    """The people a directory page lists: name -> participant id (the form's `to`)."""

    ids: dict[str, int]
    csrf_token: str


class VirtualParticipant:
    """One person with a personal link and a browser of their own (a cookie jar)."""

    def __init__(
        self, link: str, *, base_url: str, rng: random.Random, recorder: Recorder, stop: float
    ) -> None:
        self.link = link
        self.rng = rng
        self.recorder = recorder
        self.stop = stop
        self.client = httpx.AsyncClient(
            base_url=base_url,
            follow_redirects=False,
            timeout=REQUEST_TIMEOUT_SECONDS,
            limits=httpx.Limits(keepalive_expiry=KEEPALIVE_SECONDS),
            headers={"Accept-Language": rng.choice(("fr-FR,fr", "nl-NL,nl", "en-GB,en"))},
        )
        #: Names of the people I have a request with (either way, any status): not asked again.
        self.contacts: set[str] = set()
        self.directory: Directory | None = None

    async def fetch(
        self,
        page: str,
        method: str,
        url: str,
        data: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, data=data, params=params)
        except httpx.HTTPError as error:
            self.recorder.add(page, started, None, f"{type(error).__name__}: {error}")
            return None
        self.recorder.add(page, started, response.status_code)
        return response

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(*THINK_SECONDS))

    async def run(self) -> None:
        try:
            # People do not all arrive in the same second.
            await asyncio.sleep(self.rng.uniform(0, THINK_SECONDS[1]))
            opened = await self.fetch("GET /l/{token}", "GET", self.link)
            if opened is None or opened.status_code != 303:
                return
            await self.read_requests()
            actions: dict[str, Callable[[], Awaitable[None]]] = {
                "agenda": self.read_agenda,
                "partners": self.read_partners,
                "directory": self.read_directory,
                "search": self.search,
                "send": self.send_request,
                "answer": self.answer_request,
            }
            names, weights = list(ACTIONS), list(ACTIONS.values())
            while True:
                await self.think()
                if time.monotonic() >= self.stop:
                    return
                await actions[self.rng.choices(names, weights)[0]]()
        finally:
            await self.client.aclose()

    async def read_agenda(self) -> None:
        await self.fetch("GET /me/agenda", "GET", "/me/agenda")

    async def read_partners(self) -> None:
        await self.fetch("GET /me/partners", "GET", "/me/partners")

    async def read_directory(self) -> None:
        response = await self.fetch("GET /me/directory", "GET", "/me/directory")
        if response is not None and response.status_code == 200:
            self.directory = _directory(response.text)

    async def search(self) -> None:
        words = self.rng.choice(SEARCHES)
        await self.fetch("GET /me/directory?q=", "GET", "/me/directory", params={"q": words})

    async def read_requests(self, done: str = "") -> str:
        url = f"/me/requests?done={done}" if done else "/me/requests"
        response = await self.fetch("GET /me/requests", "GET", url)
        if response is None or response.status_code != 200:
            return ""
        for card in CARD.findall(response.text):
            name = NAME.search(card)
            if name:
                self.contacts.add(html.unescape(name.group(1)).strip())
        return response.text

    async def send_request(self) -> None:
        """Ask someone of the directory not asked yet, with the directory form's fields."""
        if self.directory is None:
            await self.read_directory()
            if self.directory is None:
                return
            await self.think()
        free = sorted(n for n in self.directory.ids if n not in self.contacts)
        if not free:
            return
        name = self.rng.choice(free)
        form = {
            "csrf_token": self.directory.csrf_token,
            "to": str(self.directory.ids[name]),
            "priority": self.rng.choice(("1", "2", "3")),
            "message": self.rng.choice(GREETINGS),
        }
        self.contacts.add(name)
        response = await self.fetch("POST /me/requests", "POST", "/me/requests", form)
        if response is not None and response.status_code == 303:
            done = response.headers["location"].partition("done=")[2]
            await self.read_requests(done)

    async def answer_request(self) -> None:
        """Read my requests; accept or decline one I received, if any waits for me."""
        page = await self.read_requests()
        waiting = ANSWERABLE.findall(page)
        token = CSRF.search(page)
        if not waiting or token is None:
            return
        await self.think()
        request_id = self.rng.choice(waiting)
        answer = "accept" if self.rng.random() < 0.7 else "decline"
        form = {"csrf_token": token.group(1), "message": self.rng.choice(GREETINGS)}
        response = await self.fetch(
            f"POST /me/requests/{{id}}/{answer}",
            "POST",
            f"/me/requests/{request_id}/{answer}",
            form,
        )
        if response is not None and response.status_code == 303:
            await self.read_requests(answer)


def _directory(page: str) -> Directory | None:
    token = CSRF.search(page)
    if token is None:
        return None
    ids = {}
    for card in CARD.findall(page):
        name, to = NAME.search(card), TO.search(card)
        if name and to:
            ids[html.unescape(name.group(1)).strip()] = int(to.group(1))
    return Directory(ids, token.group(1))


async def drive(
    links: list[str], *, base_url: str, users: int, duration_s: float, seed: int
) -> Recorder:
    """Run `users` virtual participants (a seeded sample of the links) for `duration_s` s."""
    recorder = Recorder()
    stop = time.monotonic() + duration_s
    chosen = random.Random(seed).sample(links, users)
    people = [
        VirtualParticipant(
            link,
            base_url=base_url,
            rng=random.Random(seed * 100_003 + n),
            recorder=recorder,
            stop=stop,
        )  # fmt: skip
        for n, link in enumerate(chosen)
    ]
    # Past the end, each person finishes at most one action: a think and three requests.
    bound_s = duration_s + THINK_SECONDS[1] + REQUEST_TIMEOUT_SECONDS * 3
    await asyncio.wait_for(asyncio.gather(*(p.run() for p in people)), timeout=bound_s)
    return recorder


def run_on(database: str, arguments: argparse.Namespace) -> dict[str, object]:
    """Prepare the database, serve it, drive it; the summary of the run."""
    holder: AbstractContextManager[str]
    work = Path(tempfile.mkdtemp(prefix=f"rencontre-bench-web-{database}-"))
    if arguments.database_url:
        holder = nullcontext(arguments.database_url)
    elif database == "postgresql":
        holder = throwaway_postgres()
    else:
        holder = nullcontext(f"sqlite:///{work / 'rencontre.db'}")
    with holder as database_url:
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        print(f"[{database}] preparing {arguments.participants} participants…", flush=True)
        started = time.monotonic()
        links = prepare_mission(
            database_url, size=arguments.participants, base_url=base_url, seed=arguments.seed
        )
        print(f"[{database}] prepared in {time.monotonic() - started:.0f} s", flush=True)
        log = work / "serve.log"
        with serving(database_url, port=port, workers=arguments.workers, log=log):
            print(
                f"[{database}] {arguments.users} users for {arguments.duration:g} s on "
                f"{arguments.workers} worker(s)…",
                flush=True,
            )
            load_before = os.getloadavg()
            recorder = asyncio.run(
                drive(
                    links,
                    base_url=base_url,
                    users=arguments.users,
                    duration_s=arguments.duration,
                    seed=arguments.seed,
                )
            )
            load_after = os.getloadavg()
    return summarise(
        recorder.measurements,
        database=database,
        users=arguments.users,
        duration_s=arguments.duration,
        workers=arguments.workers,
        participants=arguments.participants,
        seed=arguments.seed,
        command=shlex.join(["python", "benchmarks/web/load.py", *sys.argv[1:]]),
        machine=machine(load_before, load_after),
    )


def smoke_problems(summary: dict[str, object]) -> list[str]:
    """Why a smoke run failed: requests that failed, and pages never asked for."""
    pages, reasons = summary["pages"], summary["error_reasons"]
    assert isinstance(pages, dict) and isinstance(reasons, dict)
    problems = [f"{count} × {reason}" for reason, count in reasons.items()]
    problems += [f"{page}: never asked for" for page in SMOKE_PAGES if page not in pages]
    if not any(page in pages for page in ANSWER_PAGES):
        problems.append("no request was answered")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--users", type=int, default=200, help="virtual participants at once")
    parser.add_argument("--duration", type=float, default=120.0, help="measured seconds")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="server processes")
    parser.add_argument("--participants", type=int, default=300, help="people in the mission")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=f"{SMOKE_USERS} users for {SMOKE_SECONDS:g} s; fails on any error; no result file",
    )
    parser.add_argument("--database-url", help="an empty database to run on (one --db only)")
    parser.add_argument("--output", type=Path, help="folder of the results (default: results/)")
    arguments = parser.parse_args()
    if arguments.smoke:
        arguments.users, arguments.duration = SMOKE_USERS, SMOKE_SECONDS
        arguments.participants = SMOKE_PARTICIPANTS
    if arguments.users > arguments.participants:
        parser.error(f"--users {arguments.users} is more than --participants")
    if arguments.database_url and arguments.db == "both":
        parser.error("--database-url needs --db sqlite or --db postgresql")
    databases = ("sqlite", "postgresql") if arguments.db == "both" else (arguments.db,)
    failed = False
    for database in databases:
        summary = run_on(database, arguments)
        default = None if arguments.smoke else RESULTS
        write_results(summary, arguments.output or default)
        if arguments.smoke:
            problems = smoke_problems(summary)
            for problem in problems:
                print(f"[{database}] smoke: {problem}", file=sys.stderr)
            failed |= bool(problems)
        else:
            failed |= not summary["meets_targets"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
