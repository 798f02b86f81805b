"""Sign-in throttle: per client and per client × account, counted in the database.

Counting per account alone would let anyone lock a colleague out by typing their e-mail
with wrong passwords; so an account is only throttled for the clients that failed on
it, and a correct password from a clean client always signs in. One client trying
many accounts is throttled as a whole. Rows live in ``login_failures`` so every
process and host sees the same counts; old rows are pruned as new ones arrive.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from escalada.models import LoginFailure

WINDOW = timedelta(minutes=15)
PER_CLIENT_AND_ACCOUNT = 5
PER_CLIENT = 20


def refusal(session: Session, *, client: str, account: str, now: datetime) -> str | None:
    """Why this attempt is refused before the password is even checked; None: go ahead."""
    since = now - WINDOW
    from_client = select(func.count()).select_from(LoginFailure).where(
        LoginFailure.client == client, LoginFailure.at >= since)
    if (session.scalar(from_client) or 0) >= PER_CLIENT:
        return "Too many failed sign-ins from this network. Wait 15 minutes and try again."
    on_account = from_client.where(LoginFailure.account == account)
    if (session.scalar(on_account) or 0) >= PER_CLIENT_AND_ACCOUNT:
        return "Too many failed attempts. Wait 15 minutes and try again."
    return None


def record_failure(session: Session, *, client: str, account: str, now: datetime) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - WINDOW))
    session.add(LoginFailure(client=client[:64], account=account[:254], at=now))


def forget(session: Session, *, client: str, account: str) -> None:
    """A successful sign-in clears that client's failures on the account."""
    session.execute(delete(LoginFailure).where(LoginFailure.client == client, LoginFailure.account == account))
