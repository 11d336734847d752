"""Loaders for the shared benchmark data (read in place from ../shared/data, never copied)."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rencontre.shared_data import shared_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = shared_dir() / "data"
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
CUTOFF = "2018-01-01"

FLORES_FILES = {"en": "eng_Latn.devtest", "fr": "fra_Latn.devtest", "nl": "nld_Latn.devtest"}


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def flores() -> dict[str, list[str]]:
    folder = DATA / "crosslingual" / "flores200-devtest"
    return {lang: read_lines(folder / name) for lang, name in FLORES_FILES.items()}


def tatoeba() -> tuple[list[str], list[str]]:
    folder = DATA / "crosslingual" / "tatoeba-fra-nld-dev"
    return read_lines(folder / "fra.txt"), read_lines(folder / "nld.txt")


def sentences(text: str) -> list[str]:
    """The sentences of a text, split after ".", "!" or "?" followed by a space."""
    return [s for s in (x.strip() for x in re.split(r"(?<=[.!?])\s+", text)) if s]


def tatoeba_halves() -> tuple[list[int], list[int]]:
    """Pair indices for fitting (even lines) and evaluating (odd lines): never mixed."""
    n = len(tatoeba()[0])
    return list(range(0, n, 2)), list(range(1, n, 2))


@dataclass
class Organisation:
    pic: str
    name: str
    country: str
    kind: str
    texts: list[str] = field(default_factory=list)
    partners: set[str] = field(default_factory=set)
    new_partners: set[str] = field(default_factory=set)


@dataclass
class LinkPredictionData:
    organisations: dict[str, Organisation]
    project_texts: dict[str, str]  # rcn → title + objective (profile projects only)
    org_projects: dict[str, list[str]]  # pic → rcns before the cut-off

    def queries(self, *, split: str) -> list[str]:
        parity = 0 if split == "dev" else 1
        return sorted(
            pic
            for pic, org in self.organisations.items()
            if org.new_partners and int(pic) % 2 == parity
        )

    def held_out_pairs(self) -> set[tuple[str, str]]:
        """Every (held-out query, new partner) pair: what the held-out split scores."""
        return {
            (pic, partner)
            for pic in self.queries(split="held-out")
            for partner in self.organisations[pic].new_partners
        }

    def training_candidates(self, query: str) -> set[str]:
        """The organisations a dev query may be paired with when fitting: all but itself, its
        known partners and every held-out query. A new partnership links two organisations both
        ways, so a dev query's new partner of odd PIC is itself a held-out query whose answer
        is that very pair read the other way round; leaving held-out queries out as candidates
        (positives and negatives alike) keeps the fitted pairs disjoint from the scored ones."""
        org = self.organisations[query]
        held_out = set(self.queries(split="held-out"))
        return set(self.organisations) - {query} - org.partners - held_out


class SplitLeakError(AssertionError):
    """Pairs used for fitting that the held-out split scores."""


def check_pair_disjoint(
    training_positives: Iterable[tuple[str, str]], held_out_pairs: set[tuple[str, str]]
) -> None:
    """Raise SplitLeakError if a training positive is a held-out pair, either way round."""
    leaked = sorted(
        (a, b)
        for a, b in training_positives
        if (a, b) in held_out_pairs or (b, a) in held_out_pairs
    )
    if leaked:
        raise SplitLeakError(
            f"{len(leaked)} training positives are held-out (query, new partner) pairs, "
            f"e.g. {leaked[0]}"
        )


def eu_projects() -> LinkPredictionData:
    """The link-prediction protocol of shared/data/README.md on the EU clean-energy projects."""
    folder = DATA / "cordis-cleantech"
    with (folder / "cleantechtag_joint_results.csv").open(encoding="utf-8") as handle:
        projects = {row["rcn"]: row for row in csv.DictReader(handle)}
    members: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (folder / "cleantech_participations_resolved.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            members[row["rcn"]].append(row)
    before = {rcn for rcn, p in projects.items() if p["startDate"] < CUTOFF and rcn in members}
    orgs: dict[str, Organisation] = {}
    org_projects: dict[str, list[str]] = defaultdict(list)
    for rcn in sorted(before):
        for row in members[rcn]:
            org = orgs.setdefault(
                row["pic"],
                Organisation(row["pic"], row["name"], row["country"], row["activityType"]),
            )
            if rcn not in org_projects[org.pic]:
                org_projects[org.pic].append(rcn)
                org.texts.append(f"{projects[rcn]['title']}. {projects[rcn]['objective']}")
        pics = {row["pic"] for row in members[rcn]}
        for pic in pics:
            orgs[pic].partners |= pics - {pic}
    for rcn, project in projects.items():
        if project["startDate"] < CUTOFF or rcn not in members:
            continue
        pics = {row["pic"] for row in members[rcn]} & orgs.keys()
        for pic in pics:
            orgs[pic].new_partners |= pics - {pic} - orgs[pic].partners
    texts = {rcn: f"{projects[rcn]['title']}. {projects[rcn]['objective']}" for rcn in before}
    return LinkPredictionData(orgs, texts, dict(org_projects))


def write_organisations_jsonl(data: LinkPredictionData, path: Path) -> None:
    """The CLI's input format for `rencontre match partners`."""
    with path.open("w", encoding="utf-8") as handle:
        for org in data.organisations.values():
            record = {
                "id": org.pic,
                "name": org.name,
                "country": org.country,
                "kind": org.kind,
                "texts": org.texts,
                "partners": sorted(org.partners),
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
