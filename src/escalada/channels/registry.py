"""Which channel delivers for a brand account: its platform's API when connected, else the sandbox."""

from __future__ import annotations

import httpx
from sqlalchemy.orm import Session

from escalada.channels.base import Channel
from escalada.channels.credentials import META_PLATFORMS, SecretBox, connection_for
from escalada.channels.meta import MetaChannel
from escalada.channels.sandbox import SandboxChannel
from escalada.channels.x import XChannel
from escalada.config import Settings
from escalada.models import BrandAccount


def channel_for_account(session: Session, account: BrandAccount, *, settings: Settings,
                        client: httpx.Client) -> Channel:
    connection = connection_for(session, account.id)
    if connection is None or "access_token" not in connection.secret_names:
        return SandboxChannel()
    token = SecretBox.from_settings(settings).open(connection.secrets_encrypted).get("access_token")
    if not token:
        return SandboxChannel()
    if account.platform == "x":
        return XChannel(access_token=token, base_url=settings.x_api_base, client=client)
    if account.platform in META_PLATFORMS:
        return MetaChannel(platform=account.platform, access_token=token,
                           base_url=settings.meta_graph_base, client=client)
    return SandboxChannel()


def http_client(settings: Settings) -> httpx.Client:
    return httpx.Client(timeout=settings.channel_timeout_seconds, follow_redirects=False)
