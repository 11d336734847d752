"""A tokenizer and value parser for the MiniZinc data (.dzn) subset used by B2B instances.

Reads tokens, not lines: arrays may span one line or many, comments (`%`) are skipped.
Values are integers, sets `{…}`, one-dimensional arrays `[…]` and 2-D arrays `[| … | … |]`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

DznValue = int | frozenset[int] | list["DznValue"]

_TOKEN = re.compile(r"\s+|%[^\n]*|(-?\d+|[A-Za-z_][A-Za-z0-9_]*|\[\||\|\]|[=;\[\]{},|])")


class DznFormatError(ValueError):
    """Malformed input; the message names the file, the line and column, and the field."""


@dataclass(frozen=True)
class Token:
    text: str
    line: int
    column: int


def tokenize(text: str, source: str) -> list[Token]:
    tokens = []
    position = 0
    line, line_start = 1, 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            column = position - line_start + 1
            raise DznFormatError(
                f"{source}:{line}:{column}: unexpected character {text[position]!r}"
            )
        if match.group(1) is not None:
            tokens.append(Token(match.group(1), line, position - line_start + 1))
        newlines = text.count("\n", position, match.end())
        if newlines:
            line += newlines
            line_start = text.rindex("\n", position, match.end()) + 1
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[Token], source: str) -> None:
        self.tokens = tokens
        self.source = source
        self.index = 0
        self.field = "(top level)"

    def error(self, reason: str) -> DznFormatError:
        if self.index < len(self.tokens):
            token = self.tokens[self.index]
            where = f"{token.line}:{token.column}: field {self.field}: token {token.text!r}"
        else:
            where = f"end of file: field {self.field}"
        return DznFormatError(f"{self.source}:{where}: {reason}")

    def peek(self) -> str | None:
        return self.tokens[self.index].text if self.index < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        text = self.peek()
        if text is None or (expected is not None and text != expected):
            raise self.error(f"expected {expected or 'a value'}")
        self.index += 1
        return text

    def assignments(self) -> dict[str, DznValue]:
        found: dict[str, DznValue] = {}
        while self.peek() is not None:
            name = self.take()
            if not re.fullmatch(r"[A-Za-z_]\w*", name):
                self.index -= 1
                raise self.error("expected a field name")
            self.field = name
            self.take("=")
            found[name] = self.value()
            self.take(";")
            self.field = "(top level)"
        return found

    def value(self) -> DznValue:
        text = self.peek()
        if text == "[|":
            return self.matrix()
        if text == "[":
            return self.sequence("[", "]")
        if text == "{":
            return self.int_set()
        return self.integer()

    def integer(self) -> int:
        text = self.take()
        if not re.fullmatch(r"-?\d+", text):
            self.index -= 1
            raise self.error("expected an integer")
        return int(text)

    def int_set(self) -> frozenset[int]:
        self.take("{")
        items = [] if self.peek() == "}" else self._comma_list(self.integer, "}")
        self.take("}")
        return frozenset(i for i in items if isinstance(i, int))

    def sequence(self, opening: str, closing: str) -> list[DznValue]:
        self.take(opening)
        items = [] if self.peek() == closing else self._comma_list(self.value, closing)
        self.take(closing)
        return items

    def matrix(self) -> list[DznValue]:
        self.take("[|")
        rows: list[DznValue] = []
        while self.peek() != "|]":
            row: list[DznValue] = [self.integer()]
            while self.peek() == ",":
                self.take(",")
                if self.peek() in ("|", "|]"):
                    break  # a trailing comma before the row separator is allowed
                row.append(self.integer())
            rows.append(row)
            if self.peek() == "|":
                self.take("|")
            elif self.peek() != "|]":
                raise self.error("expected '|' or '|]' after a matrix row")
        self.take("|]")
        return rows

    def _comma_list(self, parse: Callable[[], DznValue], closing: str) -> list[DznValue]:
        items: list[DznValue] = [parse()]
        while self.peek() == ",":
            self.take(",")
            if self.peek() == closing:
                break
            items.append(parse())
        return items


def parse_dzn(text: str, source: str) -> dict[str, DznValue]:
    """Every `name = value;` assignment of the text."""
    return _Parser(tokenize(text, source), source).assignments()
