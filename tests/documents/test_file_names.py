"""Files named after people's e-mail addresses, safe on every file system, and their index."""

from __future__ import annotations

import csv
import io

import pytest

from rencontre.documents.file_names import MAX_STEM, IndexEntry, file_stem, index_csv


def test_a_plain_address_is_the_file_name() -> None:
    assert file_stem("Jeroen.deVries@example.nl") == "jeroen.devries@example.nl"
    assert file_stem("anne+mission@x-y.example") == "anne+mission@x-y.example"


@pytest.mark.parametrize(
    ("email", "start"),
    [
        ("a/b@x.example", "a_b@x.example-"),
        ("..\\evil@x.example", "_evil@x.example-"),
        ('"quoted name"@x.example', "_quoted_name_@x.example-"),
        ("élodie@x.example", "_lodie@x.example-"),
        ("-dash@x.example", "dash@x.example-"),
    ],
)
def test_unsafe_characters_are_replaced_and_the_name_made_unique(email: str, start: str) -> None:
    stem = file_stem(email)
    assert stem.startswith(start)
    assert len(stem) == len(start) + 8
    assert "/" not in stem and "\\" not in stem and not stem.startswith((".", "-"))


def test_addresses_that_clean_up_alike_keep_distinct_names() -> None:
    names = {file_stem(e) for e in ("a/b@x.example", "a?b@x.example", "a_b@x.example")}
    assert len(names) == 3


def test_a_very_long_address_is_cut_and_stays_unique() -> None:
    long = "x" * 200 + "@example.com"
    other = "x" * 200 + "@example.org"
    assert len(file_stem(long)) == MAX_STEM
    assert file_stem(long) != file_stem(other)


def test_index_lists_each_file_with_its_person_and_language() -> None:
    entries = [
        IndexEntry("a@x.example.pdf", "Anne, Aubert", "a@x.example", "Aubert SA", "fr"),
        IndexEntry("b@y.example.pdf", "Bram Bos", "b@y.example", "Bos BV", "nl"),
    ]
    rows = list(csv.reader(io.StringIO(index_csv(entries))))
    assert rows == [
        ["file", "name", "email", "organisation", "language"],
        ["a@x.example.pdf", "Anne, Aubert", "a@x.example", "Aubert SA", "fr"],
        ["b@y.example.pdf", "Bram Bos", "b@y.example", "Bos BV", "nl"],
    ]
