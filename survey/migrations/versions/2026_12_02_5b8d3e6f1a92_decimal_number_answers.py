"""Number answers may have decimals: answer.number becomes NUMERIC(11, 2)

Revision ID: 5b8d3e6f1a92
Revises: 9a4c1e7b2d35
Created: 2026-12-02 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5b8d3e6f1a92"
down_revision = "9a4c1e7b2d35"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # every whole number an answer holds (at most 9 digits) fits NUMERIC(11, 2) unchanged
    with op.batch_alter_table("answer") as batch:
        batch.alter_column(
            "number",
            existing_type=sa.Integer(),
            type_=sa.Numeric(11, 2),
            existing_nullable=True,
            postgresql_using="number::numeric(11, 2)",
        )


def downgrade() -> None:
    # decimals are rounded to whole numbers (the questionnaires still say they take decimals)
    with op.batch_alter_table("answer") as batch:
        batch.alter_column(
            "number",
            existing_type=sa.Numeric(11, 2),
            type_=sa.Integer(),
            existing_nullable=True,
            postgresql_using="round(number)::integer",
        )
