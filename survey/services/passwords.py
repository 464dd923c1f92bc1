"""Password hashing with Argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12

_hasher = PasswordHasher()


@cache
def _unknown() -> str:
    """Verified when an e-mail address is unknown, so that a wrong address takes as long
    as a wrong password and the answer time tells nothing. Made on first use, not at
    import: a hash costs 64 MiB and a tenth of a second."""
    return _hasher.hash("no account has this password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _unknown(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is not good enough, or None. (English; views translate.)"""
    if len(password) < MIN_LENGTH:
        return "too_short"
    if email and password.strip().lower() == email.strip().lower():
        return "is_email"
    return None
