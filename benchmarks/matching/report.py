"""Metrics with bootstrap confidence intervals, and markdown tables for the README."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np


def bootstrap_ci(
    values: Sequence[float], *, resamples: int = 1000, seed: int = 0
) -> tuple[float, float, float]:
    """Mean and its 95% percentile-bootstrap interval over queries."""
    data = np.asarray(values, dtype=np.float64)
    if len(data) == 0:
        return float("nan"), float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, len(data), size=(resamples, len(data)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(data.mean()), float(low), float(high)


def with_ci(values: Sequence[float]) -> str:
    mean, low, high = bootstrap_ci(values)
    return f"{mean:.3f} [{low:.3f}, {high:.3f}]"


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def save(name: str, title: str, body: str, *, smoke: bool) -> None:
    """Print the table and, for full runs, keep it under results/."""
    text = f"## {title}\n\n{body}\n"
    print(text, flush=True)
    if not smoke:
        folder = Path(__file__).resolve().parent / "results"
        folder.mkdir(exist_ok=True)
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
