"""What every staff page template may use (the staff, report and login blueprints add it;
family pages never look up an account)."""

from __future__ import annotations

from flask import session
from flask_babel import get_locale
from flask_login import current_user

from survey.extensions import db
from survey.models import District


def staff_template_helpers() -> dict:
    return {
        "current_user": current_user,
        "staff_lang": lambda: str(get_locale()),
        "acting_district_name": _acting_district_name,
    }


def _acting_district_name() -> str | None:
    if not current_user.is_authenticated:
        return None
    if current_user.district is not None:
        return current_user.district.name
    chosen = session.get("district_id")
    district = db.session.get(District, chosen) if isinstance(chosen, int) else None
    return district.name if district else None
