"""Free-text reviews: staff release (possibly redacted) or reject each free-text answer

Revision ID: 048ca98be09b
Revises: 6144e0cd34f1
Created: 2026-11-21 08:45:34.081361
"""

import sqlalchemy as sa
from alembic import op

revision = "048ca98be09b"
down_revision = "6144e0cd34f1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "text_review",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.CheckConstraint("status IN ('released', 'rejected')", name=op.f("ck_text_review_known_status")),
        sa.CheckConstraint("length(text) <= 300", name=op.f("ck_text_review_text_length")),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answer.id"], name=op.f("fk_text_review_answer_id_answer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("answer_id", name=op.f("pk_text_review")),
    )


def downgrade() -> None:
    op.drop_table("text_review")
