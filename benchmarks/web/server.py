"""`rencontre serve` as a subprocess on a free loopback port, stopped when the block ends."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RENCONTRE = Path(sys.executable).parent / "rencontre"
START_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"rencontre serve stopped ({process.returncode}):\n{log.read_text()}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"rencontre serve did not answer in {START_SECONDS} s:\n{log.read_text()}")


@contextmanager
def serving(database_url: str, *, port: int, workers: int, log: Path) -> Iterator[str]:
    """Run `rencontre serve --workers N` on the database; yield its base URL."""
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "RENCONTRE_DATABASE_URL": database_url, "RENCONTRE_BASE_URL": url}
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(RENCONTRE), "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_answering(url + "/", process, log)
        # With several workers, the first answer comes from one of them: ask a few more times
        # so that every process has imported the application before the clock starts.
        for _ in range(4 * workers):
            _wait_until_answering(url + "/", process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
