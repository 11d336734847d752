"""Reading and writing what a participant edits of her own profile.

Her participant record and her organisation are written as an import with `--update` writes
them (`rencontre.store.updates.store_records`): a record that did not change keeps its rows,
one that did is updated in place, so its id and everything pointing at it stay. Offers and
needs she removes are deleted here, and only from her own organisation. Callers check the
values first (`rencontre.services.participant_profile`) and own the transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from rencontre.core.dataset import Dataset
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.store import convert
from rencontre.store.models import OpportunityRow, OrganisationRow, ParticipantRow
from rencontre.store.repositories import _OPPORTUNITY, _ORGANISATION, _PARTICIPANT
from rencontre.store.updates import store_records


def participant(session: Session, email: str) -> Participant | None:
    """The stored participant `email`, or None."""
    query = select(ParticipantRow).options(*_PARTICIPANT).where(ParticipantRow.email == email)
    row = session.scalars(query).first()
    return None if row is None else convert.participant_from_row(row)


def organisation(session: Session, name: str) -> Organisation | None:
    """The stored organisation `name`, or None."""
    query = select(OrganisationRow).options(*_ORGANISATION).where(OrganisationRow.name == name)
    row = session.scalars(query).first()
    return None if row is None else convert.organisation_from_row(row)


def organisation_opportunities(session: Session, name: str) -> tuple[Opportunity, ...]:
    """The offers and needs of organisation `name`, in the order they were stored."""
    query = (
        select(OpportunityRow)
        .options(*_OPPORTUNITY)
        .join(OpportunityRow.organisation)
        .where(OrganisationRow.name == name)
        .order_by(OpportunityRow.id)
    )
    return tuple(convert.opportunity_from_row(row) for row in session.scalars(query))


def stored_references(session: Session, references: Collection[str]) -> set[str]:
    """Those of `references` that some stored opportunity (of any organisation) has."""
    if not references:
        return set()
    query = select(OpportunityRow.reference).where(OpportunityRow.reference.in_(references))
    return set(session.scalars(query))


def save_profile(
    session: Session,
    *,
    organisation: Organisation,
    participant: Participant,
    opportunities: Sequence[Opportunity],
    removed: Collection[str],
) -> None:
    """Write her record, her organisation and its offers and needs; delete `removed` ones.

    `opportunities` are updated by reference or added; `removed` (references) are deleted
    only when they belong to `organisation`, so a reference of another one changes nothing.
    """
    store_records(
        session,
        Dataset(
            organisations=(organisation,),
            participants=(participant,),
            opportunities=tuple(opportunities),
        ),
    )
    if removed:
        query = (
            select(OpportunityRow)
            .join(OpportunityRow.organisation)
            .where(OrganisationRow.name == organisation.name)
            .where(OpportunityRow.reference.in_(removed))
        )
        for row in session.scalars(query):
            session.delete(row)
    session.flush()
