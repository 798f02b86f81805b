"""Webhook endpoints for X and Meta. Public, so each request proves itself:
X with its CRC and ``x-twitter-webhooks-signature``, Meta with its verify token and
``X-Hub-Signature-256``. A valid delivery is stored, then answered 200 at once."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from escalada.auth.dependencies import SessionDep
from escalada.channels.credentials import META_PLATFORMS, SecretBox, webhook_secrets
from escalada.channels.webhooks import meta, x
from escalada.channels.webhooks.receipt import store_delivery
from escalada.errors import AuthenticationRequired, EscaladaError, PermissionDenied
from escalada.kit.body import read_capped

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])


def _capped_reader(setting: str):  # noqa: ANN202
    async def read(request: Request) -> bytes:
        limit = getattr(request.app.state.settings, setting)
        return await read_capped(request, limit, what="webhook body")

    return read


def _box(request: Request) -> SecretBox:
    return SecretBox.from_settings(request.app.state.settings)


class MissingChallenge(EscaladaError):
    code = "missing_crc_token"


class InvalidChallenge(EscaladaError):
    code = "invalid_crc_token"


@router.get("/x", summary="X CRC challenge (public; answered with the consumer secret)")
def x_crc(request: Request, session: SessionDep,
          crc_token: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    if not crc_token:
        raise MissingChallenge("send crc_token: this endpoint answers X's CRC challenge")
    if not x.crc_token_valid(crc_token):
        raise InvalidChallenge("crc_token must be a base64 string of at most 128 characters")
    secrets = webhook_secrets(session, _box(request), platforms=("x",), name="consumer_secret")
    if not secrets:
        raise PermissionDenied("no X account with a consumer secret is connected")
    if len(secrets) > 1:
        log.warning("several X consumer secrets are connected; the CRC uses the newest")
    return JSONResponse(x.crc_response(secrets[0], crc_token))


@router.post("/x", summary="X Account Activity events (public; signature checked)")
def x_events(request: Request, body: Annotated[bytes, Depends(_capped_reader("x_webhook_max_bytes"))],
             session: SessionDep) -> Response:
    secrets = webhook_secrets(session, _box(request), platforms=("x",), name="consumer_secret")
    if not x.signature_valid(secrets, body, request.headers.get(x.SIGNATURE_HEADER)):
        raise AuthenticationRequired("missing or wrong x-twitter-webhooks-signature")
    delivery = store_delivery(session, source="x", body=body, headers=dict(request.headers))
    return JSONResponse({"received": delivery.id})


@router.get("/meta", summary="Meta subscription verification (public; checks the verify token)")
def meta_verify(
    request: Request,
    session: SessionDep,
    mode: Annotated[str | None, Query(alias="hub.mode")] = None,
    token: Annotated[str | None, Query(alias="hub.verify_token", max_length=500)] = None,
    challenge: Annotated[str | None, Query(alias="hub.challenge", max_length=500)] = None,
) -> Response:
    tokens = webhook_secrets(session, _box(request), platforms=META_PLATFORMS, name="verify_token")
    if not meta.verify_subscription(tokens, mode=mode, token=token) or challenge is None:
        raise PermissionDenied("hub.mode must be subscribe and hub.verify_token must match")
    return PlainTextResponse(challenge)


@router.post("/meta", summary="Meta webhook events: Pages, Messenger, Instagram (public; signed)")
def meta_events(request: Request,
                body: Annotated[bytes, Depends(_capped_reader("meta_webhook_max_bytes"))],
                session: SessionDep) -> Response:
    secrets = webhook_secrets(session, _box(request), platforms=META_PLATFORMS, name="app_secret")
    if not meta.signature_valid(secrets, body, request.headers.get(meta.SIGNATURE_HEADER)):
        raise AuthenticationRequired("missing or wrong X-Hub-Signature-256")
    delivery = store_delivery(session, source="meta", body=body, headers=dict(request.headers))
    return JSONResponse({"received": delivery.id})
