"""Child rows (a participant's languages, a venue's table changes…) replaced when they differ."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

Row = TypeVar("Row")


def replace_children(session: Session, children: list[Row], new: list[Row]) -> bool:
    """Swap a child collection for `new` when its content differs; say whether it did.

    Content is every column but the foreign keys (the parent's id is not set on new rows
    yet). The old rows are deleted (flushed) before the new ones are added, so that a code
    kept from the old list does not collide with itself in the child table's primary key.
    """
    if [content(c) for c in children] == [content(c) for c in new]:
        return False
    children.clear()
    session.flush()
    children.extend(new)
    return True


def content(row: object) -> tuple[object, ...]:
    """The values of `row`'s columns that are not foreign keys, in table order."""
    columns = row.__table__.columns  # type: ignore[attr-defined]
    return tuple(getattr(row, c.key) for c in columns if not c.foreign_keys)
