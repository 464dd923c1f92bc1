"""Read-aloud recordings stored in the database

Revision ID: 7b3e5d91a2c4
Revises: 5b8d3e6f1a92
Created: 2026-12-02 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7b3e5d91a2c4"
down_revision = "5b8d3e6f1a92"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recording",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=81), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.CheckConstraint("size > 0", name=op.f("ck_recording_size_positive")),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_recording_hash_length")),
        sa.ForeignKeyConstraint(
            ["district_id"], ["district.id"], name=op.f("fk_recording_district_id_district")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recording")),
        sa.UniqueConstraint(
            "district_id",
            "questionnaire",
            "language",
            "key",
            name=op.f("uq_recording_district_id_questionnaire_language_key"),
        ),
    )


def downgrade() -> None:
    op.drop_table("recording")
