"""Wave releases: every set of figures a wave's reports have published, as decided

Revision ID: 3c1d9e27a5b0
Revises: 048ca98be09b
Created: 2026-12-02 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "3c1d9e27a5b0"
down_revision = "048ca98be09b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wave_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.Column("last_response_id", sa.Integer(), nullable=False),
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.CheckConstraint("kind IN ('interim', 'full')", name=op.f("ck_wave_release_known_kind")),
        sa.CheckConstraint("number >= 1", name=op.f("ck_wave_release_number_positive")),
        sa.CheckConstraint("responses >= 1", name=op.f("ck_wave_release_responses_positive")),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["wave.id"], name=op.f("fk_wave_release_wave_id_wave"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wave_release")),
        sa.UniqueConstraint("wave_id", "number", name=op.f("uq_wave_release_wave_id_number")),
    )
    op.create_index(op.f("ix_wave_release_wave_id"), "wave_release", ["wave_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_wave_release_wave_id"), table_name="wave_release")
    op.drop_table("wave_release")
