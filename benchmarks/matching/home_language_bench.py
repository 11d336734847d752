"""Language bias of the text signal: each demo organisation described in its home language only.

A French company usually writes French and a Dutch one Dutch. The model keeps each language
apart, so a raw cosine favours candidates writing the reader's language. Here each demo
organisation keeps one description (French for FR, Dutch for NL and BE, English otherwise) and
its profile text is compared with every other; relevant: the organisations it has meeting
requests with in the demo (85% of them across languages). Compared side by side: the raw
cosine, the same without the shipped language directions (what `recommend` uses), and with the
French→Dutch rotation as well. The demo was written by this project, not by others: this is a
check of the bias, not an independent measurement.
"""

from __future__ import annotations

import numpy as np
from crosslingual_bench import cached_encoder
from mission_bench import requested_organisations
from report import markdown_table, save, with_ci

from rencontre.demo.loader import load_demo
from rencontre.matching.encoders import Matrix
from rencontre.matching.shipped import load_language_map

HOME_LANGUAGE = {"FR": "fr", "NL": "nl", "BE": "nl"}


def home_profiles() -> tuple[list[str], list[str], dict[int, set[int]]]:
    """Home-language description, language and requested organisations of each organisation."""
    demo = load_demo()
    names = [o.name for o in demo.organisations]
    position = {name: i for i, name in enumerate(names)}
    texts, languages = [], []
    for organisation in demo.organisations:
        language = HOME_LANGUAGE.get(organisation.country, "en")
        described = {d.language.value: d.text for d in organisation.descriptions}
        texts.append(described[language])
        languages.append(language)
    requested = {
        position[name]: {position[other] for other in others}
        for name, others in requested_organisations(demo).items()
    }
    return texts, languages, requested


def measure(
    vectors: Matrix, languages: list[str], requested: dict[int, set[int]]
) -> tuple[list[float], list[float]]:
    """Per organisation: reciprocal rank of the first requested one, other-language share of
    the top 5."""
    scores = vectors @ vectors.T
    np.fill_diagonal(scores, -np.inf)
    reciprocal, other = [], []
    for row, relevant in sorted(requested.items()):
        order = np.argsort(-scores[row], kind="stable")
        hits = np.isin(order, sorted(relevant))
        reciprocal.append(1.0 / (int(np.argmax(hits)) + 1))
        other.append(float(np.mean([languages[j] != languages[row] for j in order[:5]])))
    return reciprocal, other


def run(*, smoke: bool) -> None:
    texts, languages, requested = home_profiles()
    encoder = cached_encoder()
    raw = encoder.encode(texts, role="passage")
    language_map = load_language_map(encoder.id, "passage")
    assert language_map is not None, "no shipped language map for the bundled encoder"
    projected = language_map.project(raw)
    variants = {
        "raw cosine": raw,
        "language directions removed (recommend's text signal)": projected,
        "the same + French→Dutch rotation": language_map.rotate(projected, languages),
    }
    rows = []
    for name, vectors in variants.items():
        reciprocal, other = measure(vectors, languages, requested)
        rows.append([name, with_ci(reciprocal), f"{np.mean(other):.3f}"])
    pairs = [(a, b) for a, bs in requested.items() for b in bs]
    across = np.mean([languages[a] != languages[b] for a, b in pairs])
    save(
        "home-language",
        f"Text signal on the demo organisations, each in its home language only "
        f"({len(requested)} organisations with requests; {across:.0%} of requested pairs cross "
        f"languages; candidates from another language: "
        f"{np.mean([np.mean([x != languages[r] for x in languages]) for r in requested]):.0%})",
        markdown_table(
            ["text signal", "MRR of requested organisations", "other-language share of top 5"],
            rows,
        ),
        smoke=smoke,
    )
