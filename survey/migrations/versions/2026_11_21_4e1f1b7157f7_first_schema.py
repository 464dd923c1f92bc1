"""first schema

Revision ID: 4e1f1b7157f7
Revises: (none)
Created: 2026-11-21 06:19:04.319311
"""

import sqlalchemy as sa
from alembic import op

revision = "4e1f1b7157f7"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "district",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.CheckConstraint("length(code) = 2", name=op.f("ck_district_code_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district")),
        sa.UniqueConstraint("code", name=op.f("uq_district_code")),
    )
    op.create_table(
        "questionnaire_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.CheckConstraint("length(content_hash) = 64", name=op.f("ck_questionnaire_version_hash_length")),
        sa.CheckConstraint("number >= 1", name=op.f("ck_questionnaire_version_number_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_version")),
        sa.UniqueConstraint("code", "number", name=op.f("uq_questionnaire_version_code_number")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_questionnaire_version_content_hash")),
    )
    with op.batch_alter_table("questionnaire_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_questionnaire_version_code"), ["code"], unique=False)

    op.create_table(
        "used_submission",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("forget_after", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_used_submission")),
    )
    with op.batch_alter_table("used_submission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_used_submission_forget_after"), ["forget_after"], unique=False)

    op.create_table(
        "district_region",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(code) = 6", name=op.f("ck_district_region_code_length")),
        sa.ForeignKeyConstraint(
            ["district_id"], ["district.id"], name=op.f("fk_district_region_district_id_district")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_region")),
        sa.UniqueConstraint("code", name=op.f("uq_district_region_code")),
    )
    with op.batch_alter_table("district_region", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_district_region_district_id"), ["district_id"], unique=False)

    op.create_table(
        "wave",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_version_id", sa.Integer(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.CheckConstraint("opens_on <= closes_on", name=op.f("ck_wave_dates_in_order")),
        sa.ForeignKeyConstraint(["district_id"], ["district.id"], name=op.f("fk_wave_district_id_district")),
        sa.ForeignKeyConstraint(
            ["questionnaire_version_id"],
            ["questionnaire_version.id"],
            name=op.f("fk_wave_questionnaire_version_id_questionnaire_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wave")),
    )
    with op.batch_alter_table("wave", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wave_district_id"), ["district_id"], unique=False)

    op.create_table(
        "location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(code) BETWEEN 4 AND 12", name=op.f("ck_location_code_length")),
        sa.ForeignKeyConstraint(
            ["district_id"], ["district.id"], name=op.f("fk_location_district_id_district")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["district_region.id"], name=op.f("fk_location_region_id_district_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location")),
        sa.UniqueConstraint("code", name=op.f("uq_location_code")),
    )
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_location_district_id"), ["district_id"], unique=False)

    op.create_table(
        "response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_version_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=20), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("assisted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["location.id"], name=op.f("fk_response_location_id_location")
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_version_id"],
            ["questionnaire_version.id"],
            name=op.f("fk_response_questionnaire_version_id_questionnaire_version"),
        ),
        sa.ForeignKeyConstraint(["wave_id"], ["wave.id"], name=op.f("fk_response_wave_id_wave")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response")),
    )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_response_location_id"), ["location_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_response_wave_id"), ["wave_id"], unique=False)

    op.create_table(
        "wave_location",
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["location.id"], name=op.f("fk_wave_location_location_id_location")
        ),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["wave.id"], name=op.f("fk_wave_location_wave_id_wave"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("wave_id", "location_id", name=op.f("pk_wave_location")),
    )
    with op.batch_alter_table("wave_location", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wave_location_location_id"), ["location_id"], unique=False)

    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("choice", sa.String(length=40), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(CASE WHEN choice IS NULL THEN 0 ELSE 1 END + CASE WHEN number IS NULL THEN 0 ELSE 1 END + CASE WHEN text IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_answer_one_value"),
        ),
        sa.CheckConstraint("length(text) <= 300", name=op.f("ck_answer_text_length")),
        sa.ForeignKeyConstraint(
            ["response_id"], ["response.id"], name=op.f("fk_answer_response_id_response"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
    )
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_response_id"), ["response_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_response_id"))

    op.drop_table("answer")
    with op.batch_alter_table("wave_location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wave_location_location_id"))

    op.drop_table("wave_location")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_wave_id"))
        batch_op.drop_index(batch_op.f("ix_response_location_id"))

    op.drop_table("response")
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_location_district_id"))

    op.drop_table("location")
    with op.batch_alter_table("wave", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wave_district_id"))

    op.drop_table("wave")
    with op.batch_alter_table("district_region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_district_region_district_id"))

    op.drop_table("district_region")
    with op.batch_alter_table("used_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_used_submission_forget_after"))

    op.drop_table("used_submission")
    with op.batch_alter_table("questionnaire_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_version_code"))

    op.drop_table("questionnaire_version")
    op.drop_table("district")
