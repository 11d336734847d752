"""Small English wording helpers for messages."""

from __future__ import annotations


def counted(count: int, noun: str) -> str:
    """ "1 meeting", "2 meetings": `noun` is singular and takes an "s" in the plural."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
