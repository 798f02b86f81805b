"""Server-rendered pages (Jinja2 + HTMX)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request

from escalada.auth.csrf import csrf_token
from escalada.auth.permissions import ROLE_LABELS, Permission, Role, role_can
from escalada.kit.clock import utc_now

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"


def _ago(value: datetime | None) -> str:
    if value is None:
        return ""
    seconds = int((utc_now() - value).total_seconds())
    if seconds < 0:
        return "just now"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return "just now"


def _until(value: datetime | None) -> str:
    """"in 12m" for a moment ahead, "5m late" for one passed."""
    if value is None:
        return ""
    seconds = int((value - utc_now()).total_seconds())
    late = seconds < 0
    seconds = abs(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            amount = f"{seconds // size}{unit}"
            break
    else:
        amount = "<1m"
    return f"{amount} late" if late else f"in {amount}"


def _compact(value: int | None) -> str:
    if value is None:
        return "?"
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}M".replace(".0M", "M")
    if value >= 1_000:
        return f"{value / 1_000:.1f}k".replace(".0k", "k")
    return str(value)


def _context(request: Request) -> dict[str, Any]:
    user = getattr(request.state, "user", None)

    def can(permission: str) -> bool:
        return user is not None and role_can(user.role, Permission(permission))

    def badge_session() -> Any:
        # Badges read through the request's own unit of work (a second connection would
        # wait on SQLite's lock); pages drawn after it ended (error pages) show none.
        session = getattr(request.state, "db_session", None)
        return session if user is not None and session is not None and session.in_transaction() else None

    def unread_notifications() -> int:
        from escalada.notifications.service import unread_count

        session = badge_session()
        return unread_count(session, user_id=user.id) if session is not None else 0

    def approvals_waiting() -> int:
        from escalada.replies.approvals import pending_count

        session = badge_session()
        return pending_count(session) if session is not None and can("approvals.decide") else 0

    return {
        "current_user": user,
        "can": can,
        "unread_notifications": unread_notifications,
        "approvals_waiting": approvals_waiting,
        "csrf_token": lambda: csrf_token(request),
        "flashes": request.session.pop("flash", []) if "session" in request.scope else [],
    }


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """Show ``message`` once on the next page this browser renders."""
    request.session.setdefault("flash", []).append({"kind": kind, "text": message})


templates = Jinja2Templates(directory=HERE / "templates", context_processors=[_context])
templates.env.filters["ago"] = _ago
templates.env.filters["compact"] = _compact
templates.env.filters["until"] = _until
templates.env.filters["iso"] = lambda v: v.isoformat(timespec="seconds") if v else ""
templates.env.filters["stamp"] = lambda v: v.strftime("%Y-%m-%d %H:%M UTC") if v else ""
templates.env.globals["role_labels"] = {r.value: ROLE_LABELS[r] for r in Role}
