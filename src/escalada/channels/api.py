"""Channels REST API for integrators: connections (never their secrets) and webhook deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.channels import credentials
from escalada.channels.webhooks import receipt
from escalada.errors import NotFound
from escalada.models import BrandAccount, ChannelConnection

router = APIRouter(prefix="/api/v1/channels", tags=["channels"])
ChannelAdmin = Annotated[Principal, Depends(require(Permission.CHANNELS_MANAGE))]


class ConnectionOut(BaseModel):
    brand_account_id: int
    platform: str
    handle: str
    external_id: str | None
    secrets_set: list[str]
    updated_at: datetime | None
    updated_by: str | None


class ConnectionIn(BaseModel):
    external_id: Annotated[str, Field(min_length=1, max_length=64)]
    secrets: dict[str, Annotated[str, Field(max_length=2000)]] = Field(
        default_factory=dict, description="Only the secrets to set or replace; others are kept."
    )


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    received_at: datetime
    state: str
    attempts: int
    error: str | None
    counts: dict[str, int]
    processed_at: datetime | None


def _out(account: BrandAccount, connection: ChannelConnection | None) -> ConnectionOut:
    return ConnectionOut(
        brand_account_id=account.id, platform=account.platform, handle=account.display_handle,
        external_id=connection.external_id if connection else None,
        secrets_set=list(connection.secret_names) if connection else [],
        updated_at=connection.updated_at if connection else None,
        updated_by=connection.updated_by if connection else None,
    )


@router.get("/connections", response_model=list[ConnectionOut])
def list_connections(session: SessionDep, _: ChannelAdmin) -> list[ConnectionOut]:
    rows = session.execute(
        select(BrandAccount, ChannelConnection)
        .outerjoin(ChannelConnection, ChannelConnection.brand_account_id == BrandAccount.id)
        .where(BrandAccount.platform.in_(tuple(credentials.SECRET_FIELDS)))
        .order_by(BrandAccount.id)
    )
    return [_out(account, connection) for account, connection in rows]


@router.put("/connections/{account_id}", response_model=ConnectionOut)
def put_connection(account_id: int, body: ConnectionIn, request: Request, session: SessionDep,
                   principal: ChannelAdmin) -> ConnectionOut:
    account = session.get(BrandAccount, account_id)
    if account is None:
        raise NotFound(f"brand account {account_id} not found")
    connection = credentials.connect(
        session, account=account, external_id=body.external_id, secrets=body.secrets,
        box=credentials.SecretBox.from_settings(request.app.state.settings), principal=principal,
    )
    return _out(account, connection)


@router.get("/deliveries", response_model=list[DeliveryOut])
def list_deliveries(session: SessionDep, principal: ChannelAdmin,
                    state: Annotated[str | None, Query(pattern="^(pending|processed|failed)$")] = None,
                    limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[DeliveryOut]:
    rows = receipt.list_deliveries(session, principal=principal, state=state, limit=limit)
    return [DeliveryOut.model_validate(d) for d in rows]
