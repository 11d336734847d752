"""Figures of a web load run: per page count, p50/p95/p99 and errors; JSON and README table."""

from __future__ import annotations

import json
import math
import os
import platform
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE / "README.md"
#: p95 each page must keep to, in milliseconds; the directory search is allowed more.
TARGET_P95_MS = 100.0
SEARCH_PAGE = "GET /me/directory?q="
TARGET_P95_MS_BY_PAGE = {SEARCH_PAGE: 300.0}


@dataclass(frozen=True)
class Measurement:
    """One request: which page, how long until its whole answer came, and whether it failed."""

    page: str
    elapsed_ms: float
    failed: bool
    detail: str = ""


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` in 0..1) of `values` (not empty)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def machine(load_before: tuple[float, ...], load_after: tuple[float, ...]) -> dict[str, object]:
    """The machine the figures come from, and how busy it was (load averages, 1/5/15 min)."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = found.group(1).strip() if found else ""
    return {
        "cores": os.cpu_count(),
        "cpu": model or platform.processor(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
    }


def summarise(
    measurements: list[Measurement],
    *,
    database: str,
    users: int,
    duration_s: float,
    workers: int,
    participants: int,
    seed: int,
    command: str,
    machine: dict[str, object],
) -> dict[str, object]:
    """The run's figures per page, and whether every page met its target."""
    pages: dict[str, dict[str, object]] = {}
    for page in sorted({m.page for m in measurements}):
        mine = [m for m in measurements if m.page == page]
        latencies = [m.elapsed_ms for m in mine]
        target = TARGET_P95_MS_BY_PAGE.get(page, TARGET_P95_MS)
        p95 = percentile(latencies, 0.95)
        errors = sum(m.failed for m in mine)
        pages[page] = {
            "count": len(mine),
            "p50_ms": round(percentile(latencies, 0.50), 1),
            "p95_ms": round(p95, 1),
            "p99_ms": round(percentile(latencies, 0.99), 1),
            "max_ms": round(max(latencies), 1),
            "errors": errors,
            "target_p95_ms": target,
            "meets_target": p95 <= target and errors == 0,
        }
    reasons = Counter(f"{m.page}: {m.detail}" for m in measurements if m.failed)
    return {
        "database": database,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "users": users,
        "duration_s": duration_s,
        "server_workers": workers,
        "participants": participants,
        "seed": seed,
        "requests": len(measurements),
        "requests_per_s": round(len(measurements) / duration_s, 1),
        "errors": sum(m.failed for m in measurements),
        "error_reasons": dict(reasons.most_common(20)),
        "meets_targets": bool(pages) and all(p["meets_target"] for p in pages.values()),
        "machine": machine,
        "command": command,
        "pages": pages,
    }


def table(summary: dict[str, object]) -> str:
    """The markdown table of one run, headed by what was run where."""
    host = summary["machine"]
    assert isinstance(host, dict)
    pages = summary["pages"]
    assert isinstance(pages, dict)
    lines = [
        f"{summary['users']} users for {summary['duration_s']:g} s, "
        f"{summary['server_workers']} server worker(s), {summary['participants']} participants; "
        f"{summary['date']}; {host['cores']} cores ({host['cpu']}), load average "
        f"{host['load_before'][0]} before, {host['load_after'][0]} after; "
        f"{summary['requests']} requests ({summary['requests_per_s']}/s), "
        f"{summary['errors']} errors.",
        "",
        "| page | count | p50 ms | p95 ms | p99 ms | errors | p95 target ms | met |",
        "|---|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for page, row in pages.items():
        lines.append(
            f"| `{page}` | {row['count']} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['p99_ms']} | {row['errors']} | {row['target_p95_ms']:g} | "
            f"{'yes' if row['meets_target'] else '**no**'} |"
        )
    reasons = summary["error_reasons"]
    assert isinstance(reasons, dict)
    if reasons:
        lines += ["", "Errors, most frequent first:", ""]
        lines += [f"- {count} × {reason}" for reason, count in reasons.items()]
    lines += ["", f"Command: `{summary['command']}`"]
    return "\n".join(lines)


def write_results(summary: dict[str, object], folder: Path | None) -> None:
    """Print the table; with a folder, write `<db>.json` there, and into README.md when the
    folder is the benchmark's own `results/`."""
    text = table(summary)
    print(f"\n{summary['database']}:\n{text}\n", flush=True)
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{summary['database']}.json"
    path.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    if folder.resolve() == RESULTS and README.exists():
        replace_block(README, str(summary["database"]), text)
        print(f"updated {README}")


def replace_block(readme: Path, name: str, text: str) -> None:
    """Put `text` between the README's `<!-- results:NAME -->` and `<!-- /results:NAME -->`."""
    start, end = f"<!-- results:{name} -->", f"<!-- /results:{name} -->"
    content = readme.read_text(encoding="utf-8")
    if start not in content or end not in content:
        raise ValueError(f"{readme} has no {start} … {end} block for the figures")
    before, _, rest = content.partition(start)
    _, _, after = rest.partition(end)
    readme.write_text(f"{before}{start}\n{text}\n{end}{after}", encoding="utf-8")
