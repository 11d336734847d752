"""Calendar feeds: revocable tokens for a participant's subscribable calendar URL.

Only the SHA-256 of each token is kept, as for personal links.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("revoked_at", MOMENT, nullable=True),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["missions.id"],
            name=op.f("fk_calendar_feeds_mission_id_missions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_calendar_feeds_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    op.create_index(
        op.f("ix_calendar_feeds_mission_id"), "calendar_feeds", ["mission_id"], unique=False
    )
    op.create_index(
        op.f("ix_calendar_feeds_participant_id"), "calendar_feeds", ["participant_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_calendar_feeds_participant_id"), table_name="calendar_feeds")
    op.drop_index(op.f("ix_calendar_feeds_mission_id"), table_name="calendar_feeds")
    op.drop_table("calendar_feeds")
