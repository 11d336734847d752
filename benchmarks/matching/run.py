"""Matching benchmarks (`make bench-matching`): each part prints a markdown table for the README.

    python benchmarks/matching/run.py
        [crosslingual|home-language|mission|linkpred|ceiling|scale|all] [--smoke] [--split dev]

`ceiling` fits models on the link-prediction queries they score: upper bounds, not results.

Embeddings are cached under benchmarks/matching/.cache/ (git-ignored): a text is never encoded
twice across runs. Full runs write their tables to benchmarks/matching/results/*.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crosslingual_bench  # noqa: E402
import home_language_bench  # noqa: E402
import linkpred_bench  # noqa: E402
import linkpred_ceiling  # noqa: E402
import mission_bench  # noqa: E402
import scale_bench  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "part",
        nargs="?",
        default="all",
        choices=["crosslingual", "home-language", "mission", "linkpred", "ceiling", "scale", "all"],
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, nothing written")
    parser.add_argument(
        "--split", default="held-out", choices=["dev", "held-out"], help="link-prediction split"
    )
    args = parser.parse_args()
    if args.part in ("crosslingual", "all"):
        crosslingual_bench.run(smoke=args.smoke)
    if args.part in ("home-language", "all"):
        home_language_bench.run(smoke=args.smoke)
    if args.part in ("mission", "all"):
        mission_bench.run(smoke=args.smoke)
    if args.part in ("linkpred", "all"):
        linkpred_bench.run(smoke=args.smoke, split=args.split)
    if args.part in ("ceiling", "all"):
        linkpred_ceiling.run(smoke=args.smoke, split=args.split)
    if args.part in ("scale", "all"):
        scale_bench.run(smoke=args.smoke)


if __name__ == "__main__":
    main()
