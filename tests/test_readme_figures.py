"""Every figure of the README's results table is the one its benchmark's results file holds.

The results files are written by the benchmarks (CSV, Markdown tables, JSON lines); a figure
copied into the README by hand and not updated after a new run makes this test fail.
"""

from __future__ import annotations

import csv
import json
import re
import statistics
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SCHEDULING = ROOT / "benchmarks" / "scheduling" / "results"
MATCHING = ROOT / "benchmarks" / "matching" / "results"


def readme_results() -> dict[str, str]:
    """The README's results table: the `what` cell → the `result` cell."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Results\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    return {cells[0]: cells[1] for cells in (split_row(row) for row in rows)}


def split_row(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def markdown_rows(path: Path, first_header: str) -> list[dict[str, str]]:
    """The rows of the first Markdown table of `path` whose first column is `first_header`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.startswith("| ") and split_row(line)[0] == first_header:
            header = split_row(line)
            body = []
            for row in lines[number + 2 :]:
                if not row.startswith("|"):
                    break
                body.append(dict(zip(header, split_row(row), strict=True)))
            return body
    raise AssertionError(f"no table starting with {first_header!r} in {path.name}")


def result(starting: str) -> str:
    [cell] = [r for w, r in readme_results().items() if w.startswith(starting)]
    return cell


def figures(pattern: str, text: str) -> tuple[str, ...]:
    found = re.search(pattern, text)
    assert found is not None, f"{pattern!r} not in {text!r}"
    return found.groups()


def test_every_row_of_the_results_table_is_checked() -> None:
    checked = (
        "Scheduling: the 200 published cases",
        "Scheduling: a generated 600-participant event",
        "Matching: cross-lingual retrieval",
        "Matching: partner link prediction",
        "Matching: top-20 partners",
    )
    assert sorted(readme_results()) == sorted(w for w in readme_results() if w.startswith(checked))
    assert len(readme_results()) == len(checked)


def test_the_readme_stays_short() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 150


def test_published_cases_figures() -> None:
    path = SCHEDULING / "published-60s.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    ours = [float(r["ours_s"]) for r in rows]
    peer = [float(r["peer_s"]) for r in rows]
    ratios = [o / p for o, p in zip(ours, peer, strict=True) if p >= 1]
    expected = (
        str(sum(r["ours_verdict"] == "proven" for r in rows)),
        str(len(rows)),
        f"{sum(ours):.1f}",
        str(sum(r["peer_verdict"] == "proven" for r in rows)),
        str(len(rows)),
        f"{sum(peer):.1f}",
        f"{statistics.median(ratios):.2f}",
    )
    text = result("Scheduling: the 200 published cases")
    pattern = (
        r"\*\*(\d+)/(\d+) proven\*\* in ([\d.]+) s in total; .* proves (\d+)/(\d+) in ([\d.]+) s; "
        r"median time ratio ([\d.]+) on the cases where that peer needs ≥ 1 s"
    )
    assert figures(pattern, text) == expected
    assert len(rows) == 200


def test_large_event_figures() -> None:
    path = SCHEDULING / "large-lns-120s.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    runs = [json.loads(line) for line in lines if line.startswith("{")]
    limit = figures(r"([\d.]+) s per event", lines[0])[0]
    seconds = [run["seconds"] for run in runs]
    assert all(run["all_placed"] and run["valid"] for run in runs)
    [meetings] = {run["meetings"] for run in runs}
    [breaks] = {run["breaks"] for run in runs}
    [reference] = {run["reference_breaks"] for run in runs}
    what = next(w for w in readme_results() if w.startswith("Scheduling: a generated 600"))
    assert figures(r"600-participant event, ([\d,]+) meetings", what) == (f"{meetings:,}",)
    text = result("Scheduling: a generated 600-participant event")
    pattern = (
        r"\*\*every meeting placed, (\d+) breaks\*\* \(hidden reference: (\d+)\) "
        r"in ([\d.]+)–([\d.]+) s \(limit (\d+) s\)"
    )
    assert figures(pattern, text) == (
        str(breaks),
        str(reference),
        f"{min(seconds):.1f}",
        f"{max(seconds):.1f}",
        limit,
    )


def test_cross_lingual_retrieval_figures() -> None:
    rows = markdown_rows(MATCHING / "crosslingual.md", "task")
    shipped = {r["task"]: r["P@1 [95% CI]"] for r in rows if r["scoring"].startswith("shipped")}
    flores = sorted(float(p.split()[0]) for t, p in shipped.items() if t.startswith("FLORES"))
    assert len(flores) == 6
    text = result("Matching: cross-lingual retrieval")
    pattern = r"\*\*P@1 ([\d.]+)\*\* (\[[\d.]+, [\d.]+\]) / \*\*P@1 ([\d.]+)–([\d.]+)\*\*"
    assert figures(pattern, text) == (
        *shipped["Tatoeba fr→nl"].split(" ", 1),
        f"{flores[0]:.3f}",
        f"{flores[-1]:.3f}",
    )


def test_partner_link_prediction_figures() -> None:
    rows = {r["method"]: r for r in markdown_rows(MATCHING / "linkpred-held-out.md", "method")}
    engine = rows["engine (learned combination)"]
    text = result("Matching: partner link prediction")
    pattern = (
        r"\*\*MRR ([\d.]+)\*\* (\[[\d.]+, [\d.]+\]) \(popularity ([\d.]+), TF-IDF ([\d.]+)\), "
        r"FR→NL Recall@50 ([\d.]+); target ([\d.]+) (not )?reached"
    )
    found = figures(pattern, text)
    assert found[:5] == (
        *engine["MRR"].split(" ", 1),
        rows["popularity (known partners)"]["MRR"].split()[0],
        rows["TF-IDF cosine"]["MRR"].split()[0],
        engine["FR→NL Recall@50"].split()[0],
    )
    reached = float(engine["MRR"].split()[0]) >= float(found[5])
    assert (found[6] is None) == reached


def test_scale_figures() -> None:
    rows = markdown_rows(MATCHING / "scale.md", "organisations")
    [row] = [
        r
        for r in rows
        if r["organisations"] == "100,000" and r["top-20 for all"] == "recommend(), shortlist"
    ]
    text = result("Matching: top-20 partners with reasons for 100,000 organisations")
    pattern = r"\*\*([\d.]+) s\*\* on 2 cores, recall@20 ([\d.]+) against exact"
    assert figures(pattern, text) == (row["time (s)"], row["recall@20 vs exact"].split()[0])


@pytest.mark.parametrize(
    "link", re.findall(r"\]\((benchmarks/[^)#]+)", README.read_text(encoding="utf-8"))
)
def test_benchmark_links_of_the_readme_exist(link: str) -> None:
    assert (ROOT / link).is_file()
