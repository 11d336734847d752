"""Published schedules: each version, what changed, when and by whom.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "schedule_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("meetings", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["missions.id"],
            name=op.f("fk_schedule_versions_mission_id_missions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_versions")),
        sa.UniqueConstraint("mission_id", "number", name=op.f("uq_schedule_versions_mission_id")),
    )
    op.create_index(
        op.f("ix_schedule_versions_mission_id"), "schedule_versions", ["mission_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_schedule_versions_mission_id"), table_name="schedule_versions")
    op.drop_table("schedule_versions")
