"""The executive sponsorship programme page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.executive import service
from escalada.web import flash, templates

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
