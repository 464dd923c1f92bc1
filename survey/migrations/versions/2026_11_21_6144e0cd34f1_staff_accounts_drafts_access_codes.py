"""Staff accounts and roles, questionnaire drafts per district, one-time access codes

Revision ID: 6144e0cd34f1
Revises: 4e1f1b7157f7
Created: 2026-11-21 08:32:46.207573
"""

import sqlalchemy as sa
from alembic import op

revision = "6144e0cd34f1"
down_revision = "4e1f1b7157f7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_token", sa.String(length=40), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "role = 'admin' OR district_id IS NOT NULL", name=op.f("ck_staff_user_district_unless_admin")
        ),
        sa.CheckConstraint(
            "role IN ('staff', 'district_admin', 'admin')", name=op.f("ck_staff_user_known_role")
        ),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_staff_user_email_lower_case")),
        sa.ForeignKeyConstraint(
            ["district_id"], ["district.id"], name=op.f("fk_staff_user_district_id_district")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_user")),
        sa.UniqueConstraint("email", name=op.f("uq_staff_user_email")),
    )
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_user_district_id"), ["district_id"], unique=False)

    op.create_table(
        "questionnaire_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.Column("published_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["district_id"], ["district.id"], name=op.f("fk_questionnaire_draft_district_id_district")
        ),
        sa.ForeignKeyConstraint(
            ["published_version_id"],
            ["questionnaire_version.id"],
            name=op.f("fk_questionnaire_draft_published_version_id_questionnaire_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_draft")),
    )
    with op.batch_alter_table("questionnaire_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_questionnaire_draft_district_id"), ["district_id"], unique=False)

    op.create_table(
        "access_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["location.id"], name=op.f("fk_access_code_location_id_location")
        ),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["wave.id"], name=op.f("fk_access_code_wave_id_wave"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_code")),
        sa.UniqueConstraint("wave_id", "code", name=op.f("uq_access_code_wave_id_code")),
    )
    with op.batch_alter_table("access_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_code_location_id"), ["location_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_code_wave_id"), ["wave_id"], unique=False)

    op.create_table(
        "staff_user_location",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_staff_user_location_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_user_location_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "location_id", name=op.f("pk_staff_user_location")),
    )
    with op.batch_alter_table("staff_user_location", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_user_location_location_id"), ["location_id"], unique=False)

    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), server_default="family_centre", nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_location_known_kind"), "kind IN ('family_centre', 'kita', 'district_mothers', 'other')"
        )

    with op.batch_alter_table("questionnaire_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("district_id", sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f("uq_questionnaire_version_code_number"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_questionnaire_version_content_hash"), type_="unique")
        batch_op.create_index(
            batch_op.f("ix_questionnaire_version_content_hash"), ["content_hash"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_questionnaire_version_district_id"), ["district_id"], unique=False
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_questionnaire_version_district_id_code_number"), ["district_id", "code", "number"]
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_questionnaire_version_district_id_content_hash"), ["district_id", "content_hash"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_questionnaire_version_district_id_district"), "district", ["district_id"], ["id"]
        )

    with op.batch_alter_table("wave", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("codes_required", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("wave", schema=None) as batch_op:
        batch_op.drop_column("codes_required")

    with op.batch_alter_table("questionnaire_version", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_questionnaire_version_district_id_district"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("uq_questionnaire_version_district_id_content_hash"), type_="unique"
        )
        batch_op.drop_constraint(
            batch_op.f("uq_questionnaire_version_district_id_code_number"), type_="unique"
        )
        batch_op.drop_index(batch_op.f("ix_questionnaire_version_district_id"))
        batch_op.drop_index(batch_op.f("ix_questionnaire_version_content_hash"))
        batch_op.create_unique_constraint(
            batch_op.f("uq_questionnaire_version_content_hash"), ["content_hash"]
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_questionnaire_version_code_number"), ["code", "number"]
        )
        batch_op.drop_column("district_id")

    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_location_known_kind"), type_="check")
        batch_op.drop_column("kind")

    with op.batch_alter_table("staff_user_location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_user_location_location_id"))

    op.drop_table("staff_user_location")
    with op.batch_alter_table("access_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_code_wave_id"))
        batch_op.drop_index(batch_op.f("ix_access_code_location_id"))

    op.drop_table("access_code")
    with op.batch_alter_table("questionnaire_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_draft_district_id"))

    op.drop_table("questionnaire_draft")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_user_district_id"))

    op.drop_table("staff_user")
