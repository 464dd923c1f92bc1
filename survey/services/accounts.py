"""Staff accounts: creating them, logging in, changing passwords, assigning locations."""

from __future__ import annotations

import datetime as dt
import hmac

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.models import District, Location, Role, User
from survey.models.accounts import new_session_token
from survey.services.passwords import hash_password, needs_rehash, password_problem, verify_password


class AccountError(ValueError):
    """A request about an account that cannot be carried out; ``reason`` names why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normal_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    role: Role | str,
    district: District | None,
    today: dt.date,
    locations: list[Location] | None = None,
) -> User:
    email = normal_email(email)
    role = Role(role)
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    if "@" not in email:
        raise AccountError("bad_email")
    if role != Role.ADMIN and district is None:
        raise AccountError("needs_district")
    if session.scalar(select(User.id).filter_by(email=email)) is not None:
        raise AccountError("email_taken")
    locations = locations or []
    if any(district is None or location.district_id != district.id for location in locations):
        raise AccountError("foreign_location")
    user = User(
        email=email,
        name=name.strip() or email,
        password_hash=hash_password(password),
        role=role.value,
        district=None if role == Role.ADMIN else district,
        created_on=today,
        locations=locations if role == Role.STAFF else [],
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active account with this e-mail address and password, or None."""
    user = session.scalar(select(User).filter_by(email=normal_email(email)))
    if not verify_password(user.password_hash if user else None, password) or user is None:
        return None
    if not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Set a new password; every other login of the account ends."""
    if not verify_password(user.password_hash, current):
        raise AccountError("wrong_password")
    set_password(session, user, new)


def set_password(session: Session, user: User, new: str) -> None:
    """An administrator sets a password (e.g. a forgotten one); the account's logins end."""
    problem = password_problem(new, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new)
    end_sessions(session, user)


def end_sessions(session: Session, user: User) -> None:
    """End every login of the account: the login cookie carries ``<id>:<session_token>``
    (signed, but kept by the browser, or by anyone who copied it), and a new token makes
    every cookie issued before refused by :func:`user_by_session_id`. Used on logout, on
    a password change or reset, and when an account is disabled."""
    user.session_token = new_session_token()
    session.flush()


def user_by_session_id(session: Session, session_id: str) -> User | None:
    """The account behind a login cookie's ``<id>:<token>``, if still valid."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


def update_user(
    session: Session,
    user: User,
    *,
    email: str,
    name: str,
    role: Role | str,
    district: District,
    locations: list[Location],
    active: bool,
) -> None:
    """Change an account's details. Its district stays; an administrator has none. Flushed:
    the request commits, together with a new password if one is set."""
    email, role = normal_email(email), Role(role)
    if "@" not in email:
        raise AccountError("bad_email")
    other = session.scalar(select(User.id).filter_by(email=email))
    if other is not None and other != user.id:
        raise AccountError("email_taken")
    if any(location.district_id != district.id for location in locations):
        raise AccountError("foreign_location")
    user.email, user.name, user.role, user.active = email, name.strip() or email, role.value, active
    user.district = None if role == Role.ADMIN else (user.district or district)
    user.locations = locations if role == Role.STAFF else []
    if not active:
        user.session_token = new_session_token()  # a disabled account's logins end now
    session.flush()
