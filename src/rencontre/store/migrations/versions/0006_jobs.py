"""Background jobs: their state and progress, and the job queue's tables on PostgreSQL.

On PostgreSQL the jobs are handed to workers through procrastinate, whose tables, types and
functions (all named `procrastinate_…`) live in the same database: this revision creates
them from the schema procrastinate ships. SQLite has no queue: the web server runs the jobs.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = sa.DateTime(timezone=True)
ACTIVE = sa.text("state IN ('queued', 'running')")


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("started_by", sa.String(length=300), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("started_at", MOMENT, nullable=True),
        sa.Column("finished_at", MOMENT, nullable=True),
        sa.Column("heartbeat_at", MOMENT, nullable=True),
        sa.Column("progress", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("inputs_digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["missions.id"],
            name=op.f("fk_jobs_mission_id_missions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(op.f("ix_jobs_mission_id"), "jobs", ["mission_id"], unique=False)
    op.create_index(
        "ix_jobs_one_active",
        "jobs",
        ["mission_id", "kind"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )
    op.create_table(
        "job_proposals",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_proposals_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["meeting_requests.id"],
            name=op.f("fk_job_proposals_request_id_meeting_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "request_id", name=op.f("pk_job_proposals")),
    )
    op.create_index(
        op.f("ix_job_proposals_request_id"), "job_proposals", ["request_id"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        from procrastinate.schema import SchemaManager

        # Run as the driver's own SQL: the schema is a script of DO blocks and functions.
        op.get_bind().exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _drop_queue_schema()
    op.drop_index(op.f("ix_job_proposals_request_id"), table_name="job_proposals")
    op.drop_table("job_proposals")
    op.drop_index("ix_jobs_one_active", table_name="jobs")
    op.drop_index(op.f("ix_jobs_mission_id"), table_name="jobs")
    op.drop_table("jobs")


def _drop_queue_schema() -> None:
    """Drop every object procrastinate's schema created (all are named `procrastinate_…`)."""
    bind = op.get_bind()
    for table in ("procrastinate_events", "procrastinate_periodic_defers", "procrastinate_jobs",
                  "procrastinate_workers"):  # fmt: skip
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {table} CASCADE")
    functions = bind.exec_driver_sql(
        "SELECT p.oid::regprocedure::text FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\\_%%'"
    ).scalars()
    for signature in list(functions):
        bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
    for type_name in ("procrastinate_job_to_defer_v1", "procrastinate_job_event_type",
                      "procrastinate_job_status"):  # fmt: skip
        bind.exec_driver_sql(f"DROP TYPE IF EXISTS {type_name} CASCADE")
