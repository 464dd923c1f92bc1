"""Waves keep their planned last day when they are closed early

Revision ID: 8f2a61c4d7e3
Revises: 3c1d9e27a5b0
Created: 2026-12-02 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "8f2a61c4d7e3"
down_revision = "3c1d9e27a5b0"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("wave") as batch:
        batch.add_column(sa.Column("planned_closes_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("wave") as batch:
        batch.drop_column("planned_closes_on")
