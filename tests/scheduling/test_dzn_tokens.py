from __future__ import annotations

import pytest

from rencontre.scheduling.dzn_tokens import DznFormatError, parse_dzn, tokenize


def test_tokenize_records_line_and_column() -> None:
    tokens = tokenize("a = 1;\n  b = [|1,2|];", "x.dzn")
    assert [(t.text, t.line, t.column) for t in tokens][4:7] == [
        ("b", 2, 3),
        ("=", 2, 5),
        ("[|", 2, 7),
    ]


def test_parse_reads_arrays_written_on_one_line_or_many() -> None:
    one_line = parse_dzn("x = [1,2,3];", "a.dzn")
    many = parse_dzn("x = [1,\n2,\n3\n];  % comment\n", "b.dzn")
    assert one_line == many == {"x": [1, 2, 3]}


def test_parse_reads_empty_and_placeholder_sets() -> None:
    assert parse_dzn("f = [{}, {0}, {0,3}];", "f.dzn") == {
        "f": [frozenset(), frozenset({0}), frozenset({0, 3})]
    }


def test_parse_reads_matrix_rows_with_trailing_commas() -> None:
    assert parse_dzn("r = [|1, 2,1, \n|3, 4,2, \n|];", "r.dzn") == {"r": [[1, 2, 1], [3, 4, 2]]}


def test_parse_error_names_file_position_and_field() -> None:
    with pytest.raises(DznFormatError) as caught:
        parse_dzn("n = 3;\nfixed = [0, x];", "bad.dzn")
    assert str(caught.value) == "bad.dzn:2:13: field fixed: token 'x': expected an integer"


def test_tokenize_rejects_unknown_character() -> None:
    with pytest.raises(DznFormatError) as caught:
        tokenize("n = 3 $;", "bad.dzn")
    assert str(caught.value) == "bad.dzn:1:7: unexpected character '$'"


def test_parse_error_at_end_of_file_names_field() -> None:
    with pytest.raises(DznFormatError) as caught:
        parse_dzn("n = [1, 2", "cut.dzn")
    assert str(caught.value) == "cut.dzn:end of file: field n: expected ]"
