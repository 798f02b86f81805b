"""Channels page: connect brand accounts to X and Meta, watch webhook deliveries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from escalada.auth.dependencies import SessionDep, current_principal, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.channels import credentials
from escalada.channels.webhooks import receipt
from escalada.errors import NotFound
from escalada.replies import outbox
from escalada.models import WEBHOOK_STATES, BrandAccount, ChannelConnection
from escalada.web import flash, templates

router = APIRouter(prefix="/settings/channels", include_in_schema=False)
ChannelAdmin = Annotated[Principal, Depends(require(Permission.CHANNELS_MANAGE))]


def _account(session: SessionDep, account_id: int) -> BrandAccount:
    account = session.scalar(
        select(BrandAccount).where(BrandAccount.id == account_id)
        .options(selectinload(BrandAccount.brand))
    )
    if account is None:
        raise NotFound("account not found")
    return account


@router.get("", response_class=HTMLResponse)
def channels(request: Request, session: SessionDep, principal: ChannelAdmin,
             state: str | None = None) -> Response:
    accounts = list(session.scalars(
        select(BrandAccount)
        .where(BrandAccount.platform.in_(tuple(credentials.SECRET_FIELDS)))
        .options(selectinload(BrandAccount.brand))
        .order_by(BrandAccount.brand_id, BrandAccount.platform, BrandAccount.handle)
    ))
    connections = {c.brand_account_id: c for c in session.scalars(select(ChannelConnection))}
    base = str(request.base_url).rstrip("/")
    context = {
        "accounts": accounts,
        "connections": connections,
        "fields": credentials.SECRET_FIELDS,
        "id_labels": credentials.EXTERNAL_ID_LABELS,
        "webhook_urls": {"x": f"{base}/api/v1/webhooks/x", "meta": f"{base}/api/v1/webhooks/meta"},
        "deliveries": receipt.list_deliveries(
            session, principal=principal, state=state if state in WEBHOOK_STATES else None, limit=50
        ),
        "totals": receipt.delivery_totals(session),
        "states": WEBHOOK_STATES,
        "state": state,
    }
    return templates.TemplateResponse(request, "settings/channels.html", context)


Secret = Annotated[str, Form(max_length=2000)]


@router.post("/{account_id}")
def connect(account_id: int, request: Request, session: SessionDep, principal: ChannelAdmin,
            external_id: Annotated[str, Form(max_length=64)], consumer_secret: Secret = "",
            access_token: Secret = "", app_secret: Secret = "", verify_token: Secret = "") -> Response:
    account = _account(session, account_id)
    given = {"consumer_secret": consumer_secret, "access_token": access_token,
             "app_secret": app_secret, "verify_token": verify_token}
    fields = {f.name for f in credentials.SECRET_FIELDS.get(account.platform, ())}
    credentials.connect(
        session, account=account, external_id=external_id,
        secrets={name: value for name, value in given.items() if name in fields},
        box=credentials.SecretBox.from_settings(request.app.state.settings), principal=principal,
    )
    flash(request, f"{account.platform} @{account.display_handle} connected. Its secrets are stored "
                   "encrypted and will not be shown again.")
    return RedirectResponse("/settings/channels", status_code=303)


@router.post("/{account_id}/disconnect")
def disconnect(account_id: int, request: Request, session: SessionDep, principal: ChannelAdmin) -> Response:
    account = _account(session, account_id)
    credentials.disconnect(session, account=account, principal=principal)
    flash(request, f"{account.platform} @{account.display_handle} disconnected; replies to it go "
                   "to the sandbox.")
    return RedirectResponse("/settings/channels", status_code=303)


@router.post("/deliveries/{delivery_id}/retry")
def retry(delivery_id: int, request: Request, session: SessionDep, principal: ChannelAdmin) -> Response:
    receipt.retry_delivery(session, delivery_id=delivery_id, principal=principal)
    flash(request, f"Webhook delivery {delivery_id} queued for processing again.")
    return RedirectResponse("/settings/channels#deliveries", status_code=303)


outbox_router = APIRouter(include_in_schema=False)
Viewer = Annotated[Principal, Depends(current_principal)]


@outbox_router.post("/outbox/{message_id}/retry")
def retry_reply(message_id: int, request: Request, session: SessionDep, principal: Viewer) -> Response:
    outbox.retry(session, message_id=message_id, principal=principal)
    flash(request, f"Message {message_id} queued for sending again.")
    return RedirectResponse("/outbox", status_code=303)
