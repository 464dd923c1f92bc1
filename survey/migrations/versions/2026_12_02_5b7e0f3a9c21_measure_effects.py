"""Measures name the answer that shows their effect; a later wave's results keep that effect

Revision ID: 5b7e0f3a9c21
Revises: de44cec4a6e7
Created: 2026-12-02 13:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5b7e0f3a9c21"
down_revision = "de44cec4a6e7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("result_measure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("choice", sa.String(length=64), nullable=True))
    with op.batch_alter_table("result_set", schema=None) as batch_op:
        batch_op.add_column(sa.Column("effects", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("result_set", schema=None) as batch_op:
        batch_op.drop_column("effects")
    with op.batch_alter_table("result_measure", schema=None) as batch_op:
        batch_op.drop_column("choice")
