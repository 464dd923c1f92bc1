"""A location in several waves at once: a wave's own link at a location

Revision ID: c4e9a2d15b70
Revises: 8f2a61c4d7e3
Created: 2026-12-02 11:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c4e9a2d15b70"
down_revision = "8f2a61c4d7e3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("wave_location") as batch:
        batch.add_column(sa.Column("code", sa.String(length=12), nullable=True))
        batch.create_unique_constraint(op.f("uq_wave_location_code"), ["code"])


def downgrade() -> None:
    with op.batch_alter_table("wave_location") as batch:
        batch.drop_constraint(op.f("uq_wave_location_code"), type_="unique")
        batch.drop_column("code")
