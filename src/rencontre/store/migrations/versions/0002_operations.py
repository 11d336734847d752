"""Operations: merged requests, calendar sequences, table changes, working languages.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Server defaults fill the rows a database already holds; the models set the same values.
    with op.batch_alter_table("meeting_requests", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reverse_message", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("origin", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("missions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("languages", sa.String(length=64), nullable=False, server_default="fr,nl,en")
        )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("programme_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "venue_table_changes",
        sa.Column("venue_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tables", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["venue_id"],
            ["venues.id"],
            name=op.f("fk_venue_table_changes_venue_id_venues"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("venue_id", "position", name=op.f("pk_venue_table_changes")),
    )


def downgrade() -> None:
    op.drop_table("venue_table_changes")
    with op.batch_alter_table("programme_items", schema=None) as batch_op:
        batch_op.drop_column("sequence")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("sequence")
    with op.batch_alter_table("missions", schema=None) as batch_op:
        batch_op.drop_column("languages")
    with op.batch_alter_table("meeting_requests", schema=None) as batch_op:
        batch_op.drop_column("origin")
        batch_op.drop_column("reverse_message")
