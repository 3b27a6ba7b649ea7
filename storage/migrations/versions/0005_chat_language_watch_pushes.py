"""each chat's interface language and watched words, a record of every push, and since
when a feed is failing

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("subscriber", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True)
        )
        # The server's default also serves inserts that bypass the model (bulk loads).
        batch_op.add_column(sa.Column("watch", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failing_since", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    op.create_table(
        "push_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("gone", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("push_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_push_run_day"), ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("push_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_push_run_day"))
    op.drop_table("push_run")
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.drop_column("failing_since")
    with op.batch_alter_table("subscriber", schema=None) as batch_op:
        batch_op.drop_column("watch")
        batch_op.drop_column("language")
