"""Listening page: leads define what each brand listens for, and switch it on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.brands import service as brand_service
from escalada.inbox import service as inbox_service
from escalada.listening import report, service, stream
from escalada.listening.api import report_response
from escalada.models import LISTENING_KINDS
from escalada.web import flash, templates

router = APIRouter(prefix="/listening", include_in_schema=False)
Lead = Annotated[Principal, Depends(require(Permission.LISTENING_MANAGE))]


@router.get("", response_class=HTMLResponse)
def page(request: Request, session: SessionDep, principal: Lead,
         days: Annotated[int, Query(ge=1, le=report.MAX_DAYS)] = 14) -> Response:
    queries = service.list_queries(session, principal=principal)
    brands = brand_service.list_brands(session)
    searches = {}
    for b in brands:
        try:
            searches[b.id] = service.search_query_for(session, b.id)
        except ValueError as exc:
            searches[b.id] = f"too long: {exc}"
    context = {
        "brands": brands,
        "queries": {b.id: [q for q in queries if q.brand_id == b.id] for b in brands},
        "searches": searches,
        "kinds": LISTENING_KINDS,
        "days": days,
        "report": {r.query_id: r for r in report.listening_report(session, principal=principal, days=days)},
    }
    return templates.TemplateResponse(request, "listening/queries.html", context)


@router.get("/report.csv")
def report_csv(session: SessionDep, principal: Lead,
               days: Annotated[int, Query(ge=1, le=report.MAX_DAYS)] = 14) -> Response:
    return report_response(report.listening_report(session, principal=principal, days=days), "csv")


@router.post("/conversations/{conversation_id}/promote")
def promote(conversation_id: int, request: Request, session: SessionDep, principal: Lead) -> Response:
    conversation = inbox_service.get_conversation(session, conversation_id=conversation_id, principal=principal)
    if stream.promote(session, conversation, actor=principal, reason="moved to the inbox by hand"):
        flash(request, f"Conversation {conversation.id} moved to the inbox.")
    else:
        flash(request, f"Conversation {conversation.id} was already in the inbox.")
    return RedirectResponse("/inbox?stream=listening&status=active", status_code=303)


@router.post("/{slug}")
def add(slug: str, request: Request, session: SessionDep, principal: Lead,
        kind: Annotated[str, Form()], term: Annotated[str, Form(max_length=100)]) -> Response:
    brand = brand_service.get_brand(session, slug=slug)
    query = service.add_query(session, brand=brand, kind=kind, term=term, principal=principal)
    flash(request, f"{brand.name} will listen for {query.term} once you switch it on.")
    return RedirectResponse("/listening", status_code=303)


@router.post("/queries/{query_id}/enabled")
def toggle(query_id: int, request: Request, session: SessionDep, principal: Lead,
           enabled: Annotated[bool, Form()]) -> Response:
    query = service.set_enabled(session, query_id=query_id, enabled=enabled, principal=principal)
    flash(request, f"Listening for {query.term} is {'on' if enabled else 'off'}.")
    return RedirectResponse("/listening", status_code=303)


@router.post("/queries/{query_id}/delete")
def delete(query_id: int, request: Request, session: SessionDep, principal: Lead) -> Response:
    query = service.delete_query(session, query_id=query_id, principal=principal)
    flash(request, f"Stopped listening for {query.term}.")
    return RedirectResponse("/listening", status_code=303)
