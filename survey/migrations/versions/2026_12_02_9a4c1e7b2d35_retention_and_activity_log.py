"""Raw answers kept for a retention period; released texts kept after; a record of what
staff did (taking over the log of results publishing)

Revision ID: 9a4c1e7b2d35
Revises: 7d3b2c9e4f10
Created: 2026-12-02 13:40:00
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "9a4c1e7b2d35"
down_revision = "7d3b2c9e4f10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), server_default="365", nullable=False))
    with op.batch_alter_table("wave", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("answers_deleted_on", sa.Date(), nullable=True))
    op.create_table(
        "kept_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["wave.id"], name=op.f("fk_kept_text_wave_id_wave"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_text")),
    )
    with op.batch_alter_table("kept_text", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kept_text_wave_id"), ["wave_id"], unique=False)
    activity = op.create_table(
        "activity_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("account", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"], ["district.id"], name=op.f("fk_activity_log_district_id_district")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
            name=op.f("fk_activity_log_user_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["wave.id"], name=op.f("fk_activity_log_wave_id_wave"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_log")),
    )
    with op.batch_alter_table("activity_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_log_district_id"), ["district_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_log_made_at"), ["made_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_log_wave_id"), ["wave_id"], unique=False)
    connection = op.get_bind()
    old = connection.execute(
        sa.text(
            "SELECT result_log.wave_id, wave.district_id, result_log.user_id, staff_user.email, "
            "result_log.action, result_log.made_on FROM result_log "
            "JOIN wave ON wave.id = result_log.wave_id "
            "LEFT JOIN staff_user ON staff_user.id = result_log.user_id ORDER BY result_log.id"
        )
    ).all()
    op.bulk_insert(
        activity,
        [
            {
                "district_id": district_id,
                "user_id": user_id,
                "account": email or "",
                "action": f"results_{action}",
                "wave_id": wave_id,
                "detail": "",
                "made_at": dt.datetime.combine(
                    dt.date.fromisoformat(made_on) if isinstance(made_on, str) else made_on, dt.time()
                ),
            }
            for wave_id, district_id, user_id, email, action, made_on in old
        ],
    )
    with op.batch_alter_table("result_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_result_log_wave_id"))
    op.drop_table("result_log")


def downgrade() -> None:
    op.create_table(
        "result_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["staff_user.id"], name=op.f("fk_result_log_user_id_staff_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["wave.id"], name=op.f("fk_result_log_wave_id_wave"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_log")),
    )
    with op.batch_alter_table("result_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_result_log_wave_id"), ["wave_id"], unique=False)
    with op.batch_alter_table("activity_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_log_wave_id"))
        batch_op.drop_index(batch_op.f("ix_activity_log_made_at"))
        batch_op.drop_index(batch_op.f("ix_activity_log_district_id"))
    op.drop_table("activity_log")
    with op.batch_alter_table("kept_text", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kept_text_wave_id"))
    op.drop_table("kept_text")
    with op.batch_alter_table("wave", schema=None) as batch_op:
        batch_op.drop_column("answers_deleted_on")
        batch_op.drop_column("retention_days")
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.drop_column("retention_days")
