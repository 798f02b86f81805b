"""Agent workspace pages: the guarded composer, one-click replies, claims, saved replies
by keyboard, and the live streams (presence, typing, inbox, approval queue). Every POST
is CSRF-protected (form field or the ``X-CSRF-Token`` header HTMX and workspace.js send)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse

from escalada.auth.dependencies import SessionDep, current_principal
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import InvalidInput, PrivateThread, ReplyBlocked, ReplyConflict
from escalada.inbox import service as inbox
from escalada.inbox.schemas import Visibility
from escalada.notifications.service import mention_candidates
from escalada.presence.hub import CLOSE
from escalada.presence.live import INBOX, conversation_channel, current
from escalada.presence.registry import Viewer as PresenceViewer
from escalada.replies import approvals, phrases, saved
from escalada.replies import service as replies
from escalada.replies.guard import GuardResult
from escalada.web import flash, templates
from escalada.web.routes.inbox import render_conversation

router = APIRouter(include_in_schema=False)
Viewer = Annotated[Principal, Depends(current_principal)]
HEARTBEAT_SECONDS = 15.0
MAX_TEXT = 64 * 1024


def _back(conversation_id: int, anchor: str = "") -> Response:
    return RedirectResponse(f"/conversations/{conversation_id}{anchor}", status_code=303)


# -- composer --------------------------------------------------------------------------

def _sent(request: Request, outcome: replies.SendOutcome) -> None:
    if outcome.approval is not None:
        flash(request, f"Reply held for approval ({outcome.approval.rule_name}); you'll be notified.")
    else:
        flash(request, f"{outcome.visibility.capitalize()} reply queued for sending.")


def _send(request: Request, session: SessionDep, principal: Principal, conversation_id: int, *,
          text: str, visibility: str | None, seen_reply_id: int | None) -> Response:
    """Send, or show the page again with the draft kept and the reason it did not go.
    Without a visibility the reply follows the thread (private on a private thread)."""
    draft: dict[str, Any] = {"draft": text}
    if visibility is not None:
        draft["compose_visibility"] = visibility
    try:
        outcome = replies.send_reply(session, conversation_id=conversation_id, text=text,
                                     visibility=visibility, principal=principal,
                                     seen_reply_id=seen_reply_id)
    except ReplyBlocked as exc:
        result = GuardResult(blocked=True, findings=tuple(_findings(exc.details)))
        return render_conversation(request, session, principal, conversation_id, status_code=422,
                                   extra={**draft, "guard_result": result, "stopped": True})
    except ReplyConflict as exc:
        return render_conversation(request, session, principal, conversation_id, status_code=409,
                                   extra={**draft, "conflict": {"message": exc.message, **exc.details}})
    except InvalidInput as exc:
        # Too long for the platform, public on a private thread, or similar: say why, with
        # the draft still in the form.
        flash(request, exc.message, "error")
        return render_conversation(request, session, principal, conversation_id, status_code=422,
                                   extra=draft)
    _sent(request, outcome)
    return _back(conversation_id, "#thread-end")


def _findings(details: dict[str, Any]) -> list[Any]:
    from escalada.replies.guard import Finding

    return [Finding(f["kind"], f["code"], f["message"], tuple(f["span"])) for f in details["findings"]]


def _seen(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit():
        raise InvalidInput("seen_reply_id must be a number")
    return int(value)


@router.post("/conversations/{conversation_id}/reply")
def reply(conversation_id: int, request: Request, session: SessionDep, principal: Viewer,
          text: Annotated[str, Form(max_length=MAX_TEXT)],
          visibility: Annotated[Visibility | None, Form()] = None,
          seen_reply_id: Annotated[str, Form(max_length=20)] = "") -> Response:
    if not text.strip():
        flash(request, "Write a reply before sending.", "error")
        return _back(conversation_id, "#reply")
    return _send(request, session, principal, conversation_id, text=text.strip(),
                 visibility=visibility, seen_reply_id=_seen(seen_reply_id))


@router.post("/conversations/{conversation_id}/guard", response_class=HTMLResponse)
def guard(conversation_id: int, request: Request, session: SessionDep, principal: Viewer,
          text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
          visibility: Annotated[Visibility | None, Form()] = None) -> Response:
    """Inline suggestions while the agent types (an HTMX partial)."""
    c = inbox.get_conversation(session, conversation_id=conversation_id, principal=principal)
    result = (replies.check_draft(session, conversation=c, text=text, visibility=visibility)
              if text.strip() else None)
    return templates.TemplateResponse(request, "workspace/_findings.html",
                                      {"c": c, "guard_result": result, "draft": text})


@router.post("/conversations/{conversation_id}/move-private")
def move_private(conversation_id: int, request: Request, session: SessionDep, principal: Viewer,
                 text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
                 seen_reply_id: Annotated[str, Form(max_length=20)] = "") -> Response:
    """One click: a public "please DM us" reply, then the composer on the private thread
    with the agent's draft kept. Refused on a thread that is private already."""
    try:
        outcome = replies.invite_to_private(session, conversation_id=conversation_id,
                                            principal=principal, seen_reply_id=_seen(seen_reply_id))
    except ReplyConflict as exc:
        return render_conversation(request, session, principal, conversation_id, status_code=409,
                                   extra={"draft": text, "compose_visibility": "public",
                                          "conflict": {"message": exc.message, **exc.details}})
    except PrivateThread as exc:
        flash(request, exc.message, "error")
        return render_conversation(request, session, principal, conversation_id, status_code=422,
                                   extra={"draft": text})
    _sent(request, outcome)
    if outcome.message is not None:
        flash(request, "Asked the customer to continue by private message; your draft is below, "
                       "to send privately.")
    return render_conversation(request, session, principal, conversation_id,
                               extra={"draft": text, "compose_visibility": "private",
                                      "replace_url": f"/conversations/{conversation_id}#reply",
                                      "seen_reply_id": replies.latest_reply_id(
                                          session, conversation_id=conversation_id)})


@router.post("/conversations/{conversation_id}/acknowledge")
def acknowledge(conversation_id: int, request: Request, session: SessionDep, principal: Viewer,
                seen_reply_id: Annotated[str, Form(max_length=20)] = "") -> Response:
    """One click: "we've got this and passed it to our <team> team", on the thread's own
    visibility (publicly on a public thread, by private message on a private one)."""
    c = inbox.get_conversation(session, conversation_id=conversation_id, principal=principal)
    text = phrases.acknowledgement(c.language, c.categories)
    if text is None:
        raise InvalidInput("this conversation is not handed to another team; write a reply instead")
    return _send(request, session, principal, conversation_id, text=text, visibility=None,
                 seen_reply_id=_seen(seen_reply_id))


@router.post("/conversations/{conversation_id}/claim")
def claim(conversation_id: int, request: Request, session: SessionDep, principal: Viewer) -> Response:
    replies.claim(session, conversation_id=conversation_id, principal=principal)
    flash(request, "You have this conversation now; colleagues see it is yours.")
    return _back(conversation_id)


@router.post("/conversations/{conversation_id}/saved-replies/{saved_reply_id}/use",
             response_class=PlainTextResponse)
def use_saved_reply(conversation_id: int, saved_reply_id: int, session: SessionDep,
                    principal: Viewer) -> Response:
    c = inbox.get_conversation(session, conversation_id=conversation_id, principal=principal)
    return PlainTextResponse(saved.use(session, saved_reply_id=saved_reply_id, conversation=c,
                                       principal=principal))


# -- live: presence, typing, inbox updates ----------------------------------------------

def _sse(event: dict[str, Any]) -> str:
    return f"event: {event['type']}\ndata: {json.dumps(event, separators=(',', ':'))}\n\n"


def _presence_event(conversation_id: int, viewers: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "presence", "conversation_id": conversation_id, "viewers": viewers}


def _announce_presence(conversation_id: int, viewers: list[dict[str, Any]]) -> None:
    """To the conversation's viewers, and to inbox lists (who is on which row)."""
    event = _presence_event(conversation_id, viewers)
    hub = current().hub
    hub.publish(conversation_channel(conversation_id), event)
    hub.publish(INBOX, event)


@router.get("/mentions")
def mentions(session: SessionDep, principal: Viewer, q: Annotated[str, Query(max_length=100)] = "") -> Response:
    """Colleagues to @mention in a note, for the note form's completion list."""
    principal.require(Permission.CONVERSATIONS_NOTE)
    return JSONResponse({"users": mention_candidates(session, prefix=q)})


@router.get("/live/presence")
def presence_of(principal: Viewer, ids: str = "") -> dict[str, list[dict[str, Any]]]:
    """Who is viewing each of these conversations (comma-separated ids, at most 200)."""
    principal.require(Permission.CONVERSATIONS_VIEW)
    wanted = [int(i) for i in ids.split(",") if i.strip().isdigit()][:200]
    registry = current().presence
    return {str(i): viewers for i in wanted if (viewers := registry.roster(i))}


@router.post("/conversations/{conversation_id}/typing", status_code=204)
def typing(conversation_id: int, session: SessionDep, principal: Viewer,
           typing: Annotated[str, Form(max_length=5)] = "true") -> Response:
    inbox.get_conversation(session, conversation_id=conversation_id, principal=principal)
    if principal.user_id is not None:
        live = current()
        viewers = live.presence.typing(conversation_id, principal.user_id, typing == "true")
        _announce_presence(conversation_id, viewers)
    return Response(status_code=204)


def _stream_headers() -> dict[str, str]:
    return {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


@router.get("/live/conversations/{conversation_id}")
def live_conversation(conversation_id: int, session: SessionDep, principal: Viewer) -> Response:
    """Server-sent events for one conversation page: presence, typing, replies, changes."""
    inbox.get_conversation(session, conversation_id=conversation_id, principal=principal)
    if principal.user_id is None:
        raise InvalidInput("live updates are for signed-in users")
    viewer = PresenceViewer(user_id=principal.user_id, name=principal.label)
    return StreamingResponse(_conversation_events(conversation_id, viewer),
                             media_type="text/event-stream", headers=_stream_headers())


async def _conversation_events(conversation_id: int, viewer: PresenceViewer) -> AsyncIterator[str]:
    live = current()
    channel = conversation_channel(conversation_id)
    connection = uuid.uuid4().hex
    subscription = live.hub.subscribe(channel)
    # The join runs in a thread that a disconnect cannot stop; the leave must come after it,
    # or a browser that leaves while joining would stay on everyone's presence bar.
    joining = asyncio.ensure_future(
        asyncio.to_thread(live.presence.join, conversation_id, connection, viewer))
    try:
        viewers = await asyncio.shield(joining)
        _announce_presence(conversation_id, viewers)
        yield "retry: 3000\n\n"
        while True:
            event = await subscription.next(timeout=HEARTBEAT_SECONDS)
            if event is None:
                await asyncio.to_thread(live.presence.touch, conversation_id, connection)
                yield ": keep-alive\n\n"
                continue
            if event is CLOSE:
                return
            yield _sse(event)
    finally:
        subscription.close()
        # The client is gone (the task may be cancelled): tell the others, without awaiting.
        if joining.done():
            _leave(conversation_id, connection)
        else:
            joining.add_done_callback(lambda _: _leave(conversation_id, connection))


def _leave(conversation_id: int, connection: str) -> None:
    _announce_presence(conversation_id, current().presence.leave(conversation_id, connection))


@router.get("/live/inbox")
def live_inbox(principal: Viewer) -> Response:
    """Server-sent events for the inbox list: a conversation arrived, changed or moved."""
    principal.require(Permission.CONVERSATIONS_VIEW)
    return StreamingResponse(_channel_events(INBOX), media_type="text/event-stream",
                             headers=_stream_headers())


@router.get("/live/approvals")
def live_approvals(principal: Viewer) -> Response:
    """Server-sent events for the approval queue: a reply was held or decided."""
    principal.require(Permission.APPROVALS_DECIDE)
    return StreamingResponse(_channel_events(approvals.APPROVALS_CHANNEL), media_type="text/event-stream",
                             headers=_stream_headers())


async def _channel_events(channel: str) -> AsyncIterator[str]:
    subscription = current().hub.subscribe(channel)
    try:
        yield "retry: 3000\n\n"
        while True:
            event = await subscription.next(timeout=HEARTBEAT_SECONDS)
            if event is CLOSE:
                return
            yield ": keep-alive\n\n" if event is None else _sse(event)
    finally:
        subscription.close()
