"""Berlin's districts and district regions (LOR 2021), and the locations that run surveys."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.database import Base


class District(Base):
    """A Bezirk; ``code`` is the 2-digit LOR code (Mitte is "01")."""

    __tablename__ = "district"
    __table_args__ = (CheckConstraint("length(code) = 2", name="code_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(2), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # Days after a wave's last day until its raw answers are deleted (a wave may set its own).
    retention_days: Mapped[int] = mapped_column(default=365, server_default="365")

    regions: Mapped[list[DistrictRegion]] = relationship(
        back_populates="district", order_by="DistrictRegion.code"
    )


class DistrictRegion(Base):
    """A Bezirksregion; ``code`` is the 6-digit LOR code, starting with its district's code."""

    __tablename__ = "district_region"
    __table_args__ = (CheckConstraint("length(code) = 6", name="code_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)

    district: Mapped[District] = relationship(back_populates="regions")


LOCATION_KINDS = ("family_centre", "kita", "district_mothers", "other")


class Location(Base):
    """A family centre, Kita or district-mother team. ``code`` is its public short code:
    the family link is ``/s/<code>`` and stays the same from wave to wave."""

    __tablename__ = "location"
    __table_args__ = (
        CheckConstraint("length(code) BETWEEN 4 AND 12", name="code_length"),
        CheckConstraint(f"kind IN {LOCATION_KINDS}", name="known_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("district_region.id"))
    kind: Mapped[str] = mapped_column(String(20), default="family_centre", server_default="family_centre")

    district: Mapped[District] = relationship()
    region: Mapped[DistrictRegion | None] = relationship()
