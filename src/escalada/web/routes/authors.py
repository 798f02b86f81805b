"""The author-context panel of the conversation page, loaded after the page by HTMX."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from escalada.auth.dependencies import SessionDep, current_principal
from escalada.auth.principal import Principal
from escalada.authors.context import author_context
from escalada.web import templates

router = APIRouter(include_in_schema=False)
Viewer = Annotated[Principal, Depends(current_principal)]


@router.get("/conversations/{conversation_id}/author-context", response_class=HTMLResponse)
def panel(conversation_id: int, request: Request, session: SessionDep, principal: Viewer) -> Response:
    context = author_context(session, conversation_id=conversation_id, principal=principal)
    return templates.TemplateResponse(
        request, "authors/context.html", {"ctx": context, "conversation_id": conversation_id}
    )
