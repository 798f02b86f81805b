from __future__ import annotations

from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

_hasher = PasswordHasher()
# Verifying against this keeps the time of a login for an unknown email like a real one.
_DUMMY_HASH = _hasher.hash("escalada-timing-equaliser")

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
#: zxcvbn's score (0-4) a password needs: 3 is "safely unguessable" for an online attack
#: with throttling, which is what a sign-in form faces.
MIN_STRENGTH = 3


def password_problem(password: str, *, user_inputs: Sequence[str] = ()) -> str | None:
    """Why ``password`` is too weak, in words a person can act on; None when it is fine.

    Length first, then zxcvbn's estimate, which knows the common-password lists,
    keyboard patterns, dates, repeats and the person's own name and e-mail."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"password must have at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"password must have at most {MAX_PASSWORD_LENGTH} characters"
    # zxcvbn refuses more than 72 characters (its matching grows with length); the first
    # 72 decide the estimate, and a longer password is only harder to guess.
    estimate = zxcvbn(password[:72], user_inputs=[i[:72] for i in user_inputs if i][:10])
    if estimate["score"] >= MIN_STRENGTH:
        return None
    warning = estimate["feedback"].get("warning") or "it is too easy to guess"
    return f"password is too weak: {warning.rstrip('.').lower()}. Use a few unrelated words or a password manager"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
