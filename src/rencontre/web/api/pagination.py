"""Lists of the API come a page at a time: `?limit=&offset=`, with the total."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class PageParams(BaseModel):
    limit: int
    offset: int


def _page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="How many items at most.")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, description="How many items to skip.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


#: The `limit` and `offset` query parameters of a list route.
Paging = Annotated[PageParams, Depends(_page_params)]


class Page(BaseModel, Generic[T]):
    """One page of a list: its items, and where it is in the whole list."""

    items: list[T]
    total: int = Field(description="How many items the whole list has.")
    limit: int
    offset: int


def page_of(items: Sequence[T], paging: PageParams) -> Page[T]:
    """The page `paging` asks for of the whole list `items`."""
    chosen = list(items[paging.offset : paging.offset + paging.limit])
    return Page[T](items=chosen, total=len(items), limit=paging.limit, offset=paging.offset)
