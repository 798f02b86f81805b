"""Connecting a brand account to its platform: ids in the clear, secrets encrypted.

Secrets are sealed with Fernet (AES-128-CBC + HMAC-SHA256) under the key from
settings (``ESCALADA_CHANNEL_KEY`` or the generated ``var/channel_key``). They are
decrypted only to sign or verify a request; no page, API answer or log shows them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.config import Settings
from escalada.errors import InvalidInput, NotFound
from escalada.kit.clock import utc_now
from escalada.models import BrandAccount, ChannelConnection


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str


#: What each platform needs; the first entry of each tuple is the account's platform id.
EXTERNAL_ID_LABELS = {
    "x": "X user id (numeric)",
    "facebook": "Facebook Page id",
    "messenger": "Facebook Page id",
    "instagram": "Instagram professional account id",
}
_META_FIELDS = (
    Field("app_secret", "App secret (checks X-Hub-Signature-256)"),
    Field("verify_token", "Webhook verify token (you choose it)"),
    Field("access_token", "Page access token"),
)
SECRET_FIELDS: dict[str, tuple[Field, ...]] = {
    "x": (
        Field("consumer_secret", "API key secret (signs the CRC and checks webhooks)"),
        Field("access_token", "OAuth 2.0 user access token (tweet.write, dm.write)"),
    ),
    "facebook": _META_FIELDS,
    "messenger": _META_FIELDS,
    "instagram": _META_FIELDS,
}
META_PLATFORMS = ("facebook", "messenger", "instagram")
_EXTERNAL_ID = re.compile(r"^[0-9]{1,40}$")


class SecretBox:
    """Seals and opens a dict of secrets."""

    def __init__(self, key: str) -> None:
        self._fernet = Fernet(key.encode())

    @classmethod
    def from_settings(cls, settings: Settings) -> SecretBox:
        return _box(settings.resolved_channel_key())

    def seal(self, secrets: dict[str, str]) -> str:
        return self._fernet.encrypt(json.dumps(secrets).encode()).decode()

    def open(self, sealed: str) -> dict[str, str]:
        try:
            return json.loads(self._fernet.decrypt(sealed.encode()))
        except InvalidToken:
            # The key changed: the stored secrets are unreadable, as if never set.
            return {}


@lru_cache(maxsize=4)
def _box(key: str) -> SecretBox:
    return SecretBox(key)


def connect(
    session: Session,
    *,
    account: BrandAccount,
    external_id: str,
    secrets: dict[str, str],
    box: SecretBox,
    principal: Principal,
) -> ChannelConnection:
    """Create or update the connection of ``account``. Blank secrets keep their old value."""
    principal.require(Permission.CHANNELS_MANAGE)
    fields = SECRET_FIELDS.get(account.platform)
    if fields is None:
        raise InvalidInput(f"{account.platform} accounts cannot be connected to a platform API")
    external_id = external_id.strip()
    if not _EXTERNAL_ID.match(external_id):
        raise InvalidInput(f"{EXTERNAL_ID_LABELS[account.platform]} must be digits only")
    unknown = set(secrets) - {f.name for f in fields}
    if unknown:
        raise InvalidInput(f"unknown credential field(s): {', '.join(sorted(unknown))}")
    connection = session.scalar(
        select(ChannelConnection).where(ChannelConnection.brand_account_id == account.id)
    )
    current = box.open(connection.secrets_encrypted) if connection else {}
    for name, value in secrets.items():
        if value.strip():
            current[name] = value.strip()
    if connection is None:
        connection = ChannelConnection(
            brand_account_id=account.id, platform=account.platform, updated_by=principal.label,
            secrets_encrypted="", external_id=external_id,
        )
        session.add(connection)
    connection.external_id = external_id
    connection.secrets_encrypted = box.seal(current)
    connection.secret_names = sorted(current)
    connection.updated_at = utc_now()
    connection.updated_by = principal.label
    session.flush()
    # The audit trail names the fields changed, never their values.
    record(session, actor=principal, action="channel.connected", brand_id=account.brand_id,
           platform=account.platform, handle=account.handle, external_id=external_id,
           changed=sorted(n for n, v in secrets.items() if v.strip()))
    return connection


def disconnect(session: Session, *, account: BrandAccount, principal: Principal) -> None:
    principal.require(Permission.CHANNELS_MANAGE)
    connection = session.scalar(
        select(ChannelConnection).where(ChannelConnection.brand_account_id == account.id)
    )
    if connection is None:
        raise NotFound("this account has no platform connection")
    session.delete(connection)
    session.flush()
    record(session, actor=principal, action="channel.disconnected", brand_id=account.brand_id,
           platform=account.platform, handle=account.handle)


def connection_for(session: Session, account_id: int) -> ChannelConnection | None:
    return session.scalar(
        select(ChannelConnection).where(ChannelConnection.brand_account_id == account_id)
    )


def webhook_secrets(session: Session, box: SecretBox, *, platforms: tuple[str, ...],
                    name: str) -> list[str]:
    """Distinct values of secret ``name`` over the connections of ``platforms``, newest first."""
    rows = session.scalars(
        select(ChannelConnection)
        .where(ChannelConnection.platform.in_(platforms))
        .order_by(ChannelConnection.updated_at.desc())
    )
    values: list[str] = []
    for row in rows:
        if name in row.secret_names:
            value = box.open(row.secrets_encrypted).get(name)
            if value and value not in values:
                values.append(value)
    return values


def account_by_external_id(session: Session, *, platform: str, external_id: str) -> BrandAccount | None:
    return session.scalar(
        select(BrandAccount)
        .join(ChannelConnection, ChannelConnection.brand_account_id == BrandAccount.id)
        .where(ChannelConnection.platform == platform, ChannelConnection.external_id == external_id)
    )
