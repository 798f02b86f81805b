"""The executive sponsorship programme page and executive escalations' post-mortems."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.auth import service as auth_service
from escalada.executive import postmortems, service
from escalada.inbox.service import get_conversation
from escalada.incidents import postmortems as shared
from escalada.web import flash, templates
from escalada.web.routes.incidents import action_item_form

router = APIRouter(include_in_schema=False)
Viewer = Annotated[Principal, Depends(require(Permission.CONVERSATIONS_VIEW))]
Manager = Annotated[Principal, Depends(require(Permission.EXECUTIVE_MANAGE))]


@router.get("/executive", response_class=HTMLResponse)
def programme(request: Request, session: SessionDep, _: Viewer, conversation: int | None = None) -> Response:
    context = {"rows": service.list_sponsorships(session), "candidates": service.candidates(session),
               "sponsors": service.sponsors(session), "selected": conversation}
    return templates.TemplateResponse(request, "executive/programme.html", context)


@router.post("/executive")
def enrol(request: Request, session: SessionDep, principal: Manager,
          conversation_id: Annotated[int, Form()], sponsor_user_id: Annotated[int, Form()],
          entry_criteria: Annotated[str, Form(max_length=2000)],
          exit_criteria: Annotated[str, Form(max_length=2000)]) -> Response:
    row = service.enrol(session, conversation_id=conversation_id, sponsor_user_id=sponsor_user_id,
                        entry_criteria=entry_criteria, exit_criteria=exit_criteria, principal=principal)
    flash(request, f"Customer enrolled; sponsor notified (sponsorship {row.id}).")
    return RedirectResponse("/executive", status_code=303)


@router.post("/executive/{sponsorship_id}/exit")
def exit_programme(sponsorship_id: int, request: Request, session: SessionDep, principal: Manager,
                   note: Annotated[str, Form(max_length=2000)]) -> Response:
    service.exit_programme(session, sponsorship_id=sponsorship_id, note=note, principal=principal)
    flash(request, "The customer has left the programme.")
    return RedirectResponse("/executive", status_code=303)


# Post-mortems of executive escalations -------------------------------------------------


@router.get("/executive/postmortems", response_class=HTMLResponse)
def postmortem_list(request: Request, session: SessionDep, principal: Viewer) -> Response:
    rows = postmortems.list_postmortems(session, principal=principal)
    return templates.TemplateResponse(request, "executive/postmortems.html", {"rows": rows})


@router.get("/executive/postmortems/{conversation_id}.md", response_class=PlainTextResponse)
def postmortem_markdown(conversation_id: int, session: SessionDep, principal: Viewer) -> PlainTextResponse:
    text = postmortems.to_markdown(session, conversation_id=conversation_id, principal=principal)
    return PlainTextResponse(text, media_type="text/markdown; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="escalation-{conversation_id}-postmortem.md"'})


@router.get("/executive/postmortems/{conversation_id}", response_class=HTMLResponse)
def postmortem_page(conversation_id: int, request: Request, session: SessionDep, principal: Viewer) -> Response:
    pm = postmortems.get_postmortem(session, conversation_id=conversation_id, principal=principal)
    c = get_conversation(session, conversation_id=conversation_id, principal=principal)
    users = sorted((u for u in auth_service.list_users(session) if u.is_active), key=lambda u: u.name)
    return templates.TemplateResponse(request, "executive/postmortem.html", {
        "c": c, "pm": pm, "timeline": postmortems.generated_timeline(session, conversation=c),
        "items": shared.action_items(session, postmortem=pm), "users": users})


@router.post("/executive/postmortems/{conversation_id}")
def postmortem_save(conversation_id: int, request: Request, session: SessionDep, principal: Viewer,
                    root_cause: Annotated[str, Form(max_length=20_000)] = "",
                    went_well: Annotated[str, Form(max_length=20_000)] = "",
                    to_improve: Annotated[str, Form(max_length=20_000)] = "",
                    concessions: Annotated[str, Form(max_length=20_000)] = "",
                    publish: Annotated[str | None, Form()] = None) -> Response:
    postmortems.edit_postmortem(session, conversation_id=conversation_id, principal=principal,
                                publish=bool(publish),
                                changes={"root_cause": root_cause, "went_well": went_well,
                                         "to_improve": to_improve, "concessions": concessions})
    flash(request, "Post-mortem published." if publish else "Post-mortem saved.")
    return RedirectResponse(f"/executive/postmortems/{conversation_id}", status_code=303)


@router.post("/executive/postmortems/{conversation_id}/action-items")
def postmortem_item(conversation_id: int, request: Request, session: SessionDep, principal: Viewer,
                    description: Annotated[str, Form(max_length=2000)],
                    owner_id: Annotated[str, Form()] = "", due_on: Annotated[str, Form()] = "") -> Response:
    owner, due = action_item_form(owner_id, due_on)
    postmortems.add_action_item(session, conversation_id=conversation_id, principal=principal,
                                description=description, owner_id=owner, due_on=due)
    flash(request, "Action item added.")
    return RedirectResponse(f"/executive/postmortems/{conversation_id}#items", status_code=303)
