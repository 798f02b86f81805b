"""Errors raised by services; each carries the HTTP status the API answers with.

    EscaladaError (400)
    ├── AuthenticationRequired (401)
    ├── PermissionDenied (403)
    ├── NotFound (404)          # also for objects the caller may not see
    ├── Conflict (409)
    │   ├── DuplicateMessage (409)
    │   └── ReplyConflict (409)   # another reply went out since the agent looked
    ├── PayloadTooLarge (413)
    └── InvalidInput (422)
        ├── ReplyBlocked (422)    # the privacy guard stopped a public reply
        └── PrivateThread (422)   # a public reply (or a "DM us" invite) on a private thread

Services raise these and never ``HTTPException``; the app turns them into
``{"error": {"code": ..., "message": ...}}`` for the API and an error page for the UI.
"""

from __future__ import annotations

from typing import Any


class EscaladaError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        return body


class AuthenticationRequired(EscaladaError):
    status_code = 401
    code = "authentication_required"


class PermissionDenied(EscaladaError):
    status_code = 403
    code = "permission_denied"


class NotFound(EscaladaError):
    status_code = 404
    code = "not_found"


class Conflict(EscaladaError):
    status_code = 409
    code = "conflict"


class DuplicateMessage(Conflict):
    code = "duplicate"


class ReplyConflict(Conflict):
    code = "reply_conflict"


class PayloadTooLarge(EscaladaError):
    status_code = 413
    code = "payload_too_large"


class InvalidInput(EscaladaError):
    status_code = 422
    code = "invalid_input"


class ReplyBlocked(InvalidInput):
    code = "reply_blocked"


class PrivateThread(InvalidInput):
    code = "private_thread"
