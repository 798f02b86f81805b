"""Public pages customers reach from our messages: the CSAT survey and tracked links.

No sign-in: the survey is protected by its unguessable single-use token, and its form by
the usual session CSRF token (an anonymous session cookie is enough to carry it).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from escalada.auth.csrf import check_csrf, sent_csrf_token
from escalada.auth.dependencies import SessionDep
from escalada.errors import Conflict
from escalada.surveys import links, service
from escalada.web import templates

router = APIRouter(include_in_schema=False)
# Survey pages never leak their token to other sites or caches.
PRIVATE = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


@router.get("/s/{token}", response_class=HTMLResponse)
def survey(token: str, request: Request, session: SessionDep) -> Response:
    found = service.find_survey(session, token=token)
    try:
        service.check_open(found)
    except Conflict as exc:
        return templates.TemplateResponse(request, "surveys/done.html", {"message": exc.message},
                                          headers=PRIVATE)
    return templates.TemplateResponse(request, "surveys/survey.html", {"token": token}, headers=PRIVATE)


@router.post("/s/{token}", response_class=HTMLResponse)
def answer(token: str, request: Request, session: SessionDep,
           sent_csrf: Annotated[str | None, Depends(sent_csrf_token)],
           score: Annotated[int, Form(ge=1, le=5)],
           comment: Annotated[str, Form(max_length=service.MAX_COMMENT)] = "") -> Response:
    check_csrf(request, sent_csrf)
    try:
        service.do_answer(session, token=token, score=score, comment=comment)
    except Conflict as exc:
        return templates.TemplateResponse(request, "surveys/done.html", {"message": exc.message},
                                          status_code=409, headers=PRIVATE)
    return templates.TemplateResponse(request, "surveys/done.html",
                                      {"message": "Thank you! Your answer helps us do better."},
                                      headers=PRIVATE)


@router.get("/l/{code}")
def follow(code: str, session: SessionDep) -> Response:
    return RedirectResponse(links.follow(session, code=code), status_code=302, headers=PRIVATE)
