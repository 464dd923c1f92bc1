"""Reports kept until they can change, and the wave state in which no new release is due

Revision ID: 7d3b2c9e4f10
Revises: 5b7e0f3a9c21
Created: 2026-12-02 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7d3b2c9e4f10"
down_revision = "5b7e0f3a9c21"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wave_release_check",
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["wave.id"], name=op.f("fk_wave_release_check_wave_id_wave"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("wave_id", name=op.f("pk_wave_release_check")),
    )
    op.create_table(
        "report_cache",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("inputs", sa.String(length=64), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["wave.id"], name=op.f("fk_report_cache_wave_id_wave"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_report_cache")),
    )
    with op.batch_alter_table("report_cache", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_cache_wave_id"), ["wave_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_cache", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_cache_wave_id"))
    op.drop_table("report_cache")
    op.drop_table("wave_release_check")
