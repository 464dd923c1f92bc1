"""Who may see what. Every staff page runs inside one district (the account's own; an
administrator picks one) and loads objects through these functions, so an object of
another district is simply not found (404)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort, redirect, session, url_for
from flask_login import current_user
from sqlalchemy import Select, select

from survey.auth.templating import staff_template_helpers
from survey.extensions import db, login_manager
from survey.models import District, Location, QuestionnaireDraft, Role, User, Wave, wave_locations

F = TypeVar("F", bound=Callable[..., Any])


class NoDistrictChosen(Exception):
    """An administrator opened a district page before choosing a district."""


def for_logged_in_staff_only(blueprint: Blueprint) -> None:
    """Every route of ``blueprint`` needs a login; an administrator who has not chosen a
    district yet is asked to choose one first."""
    blueprint.context_processor(staff_template_helpers)

    @blueprint.before_request
    def require_login() -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None

    @blueprint.errorhandler(NoDistrictChosen)
    def choose_a_district_first(_error: NoDistrictChosen) -> Any:
        return redirect(url_for("staff.choose_district"))


def require_role(*roles: Role) -> Callable[[F], F]:
    """Only these roles may use the view; others get 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


managers_only = require_role(Role.DISTRICT_ADMIN, Role.ADMIN)


def acting_district_id() -> int:
    """The district this request works in."""
    if current_user.role != Role.ADMIN:
        return current_user.district_id
    chosen = session.get("district_id")
    if not isinstance(chosen, int) or db.session.get(District, chosen) is None:
        raise NoDistrictChosen
    return chosen


def acting_district() -> District:
    district = db.session.get(District, acting_district_id())
    if district is None:  # gone since it was chosen
        raise NoDistrictChosen
    return district


def visible_locations() -> Select:
    """Locations the current account works with: its own (staff) or the district's."""
    query = select(Location).filter_by(district_id=acting_district_id()).order_by(Location.name)
    if current_user.role == Role.STAFF:
        mine = [location.id for location in current_user.locations]
        query = query.where(Location.id.in_(mine))
    return query


def visible_waves() -> Select:
    query = (
        select(Wave)
        .filter_by(district_id=acting_district_id())
        .order_by(Wave.opens_on.desc(), Wave.id.desc())
    )
    if current_user.role == Role.STAFF:
        mine = [location.id for location in current_user.locations]
        query = query.where(
            Wave.id.in_(select(wave_locations.c.wave_id).where(wave_locations.c.location_id.in_(mine)))
        )
    return query


def location_or_404(location_id: int) -> Location:
    return _one_or_404(visible_locations().where(Location.id == location_id))


def wave_or_404(wave_id: int) -> Wave:
    return _one_or_404(visible_waves().where(Wave.id == wave_id))


def draft_or_404(draft_id: int) -> QuestionnaireDraft:
    return _one_or_404(select(QuestionnaireDraft).filter_by(id=draft_id, district_id=acting_district_id()))


def user_or_404(user_id: int) -> User:
    """Accounts a manager may change: the district's (an administrator: any in the
    district chosen, and other administrators)."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if user.role == Role.ADMIN:
        if current_user.role != Role.ADMIN:
            abort(404)
    elif user.district_id != acting_district_id():
        abort(404)
    return user


def _one_or_404(query: Select) -> Any:
    found = db.session.scalar(query)
    if found is None:
        abort(404)
    return found
