"""Staff accounts and their roles.

``staff`` work at some locations of one district, a ``district_admin`` runs a whole
district (its locations, reports and staff accounts), an ``admin`` runs everything.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.database import Base
from survey.models.organisation import District, Location


class Role(enum.StrEnum):
    STAFF = "staff"
    DISTRICT_ADMIN = "district_admin"
    ADMIN = "admin"


user_locations = Table(
    "staff_user_location",
    Base.metadata,
    Column("user_id", ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True),
    Column("location_id", ForeignKey("location.id", ondelete="CASCADE"), primary_key=True, index=True),
)


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(Base):
    """A staff or administrator account. ``session_token`` is part of the login cookie;
    a new one (on logout, a password change or reset, disabling the account) ends every
    login made with the old one, wherever its cookie is replayed."""

    __tablename__ = "staff_user"
    __table_args__ = (
        CheckConstraint("role IN ('staff', 'district_admin', 'admin')", name="known_role"),
        CheckConstraint("role = 'admin' OR district_id IS NOT NULL", name="district_unless_admin"),
        CheckConstraint("email = lower(email)", name="email_lower_case"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    session_token: Mapped[str] = mapped_column(String(40), default=new_session_token)
    created_on: Mapped[dt.date] = mapped_column(Date)

    district: Mapped[District | None] = relationship()
    locations: Mapped[list[Location]] = relationship(secondary=user_locations, order_by="Location.name")

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def runs_district(self) -> bool:
        """District administrators and administrators see every location of a district."""
        return self.role in (Role.ADMIN, Role.DISTRICT_ADMIN)

    # Flask-Login's user interface
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"
