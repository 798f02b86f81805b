from __future__ import annotations

from dataclasses import dataclass

from escalada.auth.permissions import Permission, role_can
from escalada.errors import PermissionDenied


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: a signed-in user or an API token (which has a role but no user)."""

    role: str
    label: str
    user_id: int | None = None
    token_id: int | None = None
    via_session: bool = False

    def can(self, permission: Permission) -> bool:
        return role_can(self.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(f"your role ({self.role}) may not do this ({permission})")


SYSTEM = Principal(role="admin", label="system")
