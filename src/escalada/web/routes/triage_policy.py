"""Brand settings: the triage policy page (tiers, keywords, thresholds) and a try-it box."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.brands import service as brand_service
from escalada.brands import triage_policy as policy_service
from escalada.triage import TriageInput, triage
from escalada.triage.contract import CATEGORIES
from escalada.triage.settings import CATEGORY_DEFAULTS
from escalada.web import flash, templates

router = APIRouter(prefix="/settings/brands/{slug}/triage", include_in_schema=False)
Viewer = Annotated[Principal, Depends(require(Permission.BRANDS_VIEW))]
Editor = Annotated[Principal, Depends(require(Permission.TRIAGE_POLICY_MANAGE))]
MAX_TRY_CHARS = 4000


def _page(request: Request, brand, policy_json: dict, *, error: str | None = None,
          status_code: int = 200) -> Response:
    context = {
        "brand": brand,
        "policy": policy_json,
        "categories": CATEGORIES,
        "defaults": CATEGORY_DEFAULTS,
        "error": error,
    }
    return templates.TemplateResponse(request, "settings/triage_policy.html", context,
                                      status_code=status_code)


@router.get("", response_class=HTMLResponse)
def show(slug: str, request: Request, session: SessionDep, _: Viewer) -> Response:
    brand = brand_service.get_brand(session, slug=slug)
    return _page(request, brand, policy_service.load_policy(session, brand.id).to_json())


async def _form_fields(request: Request) -> dict[str, str]:
    return {key: value for key, value in (await request.form()).items() if isinstance(value, str)}


@router.post("")
def save(slug: str, request: Request, session: SessionDep, principal: Editor,
         form: Annotated[dict[str, str], Depends(_form_fields)]) -> Response:
    # Plain def (run in a worker thread): database work stays off the event loop.
    brand = brand_service.get_brand(session, slug=slug)
    try:
        data = policy_service.policy_from_form(form)
        policy_service.save_policy(session, brand=brand, data=data, actor=principal)
    except policy_service.InvalidPolicy as error:
        # Show the lead's own input again with the problem, rather than losing it.
        submitted = policy_service.policy_from_form_lenient(form)
        return _page(request, brand, submitted, error=error.message, status_code=422)
    flash(request, f"Triage policy for {brand.name} saved; it applies to new messages.")
    return RedirectResponse(f"/settings/brands/{slug}/triage", status_code=303)


@router.post("/reset")
def reset(slug: str, request: Request, session: SessionDep, principal: Editor) -> Response:
    brand = brand_service.get_brand(session, slug=slug)
    policy_service.reset_policy(session, brand=brand, actor=principal)
    flash(request, f"Triage policy for {brand.name} is back to the defaults.")
    return RedirectResponse(f"/settings/brands/{slug}/triage", status_code=303)


@router.post("/try", response_class=HTMLResponse)
def try_message(slug: str, request: Request, session: SessionDep, _: Viewer,
                text: Annotated[str, Form(max_length=MAX_TRY_CHARS)] = "",
                followers: Annotated[int, Form(ge=0)] = 0) -> Response:
    """Triage one sample message with the brand's saved policy (nothing is stored)."""
    brand = brand_service.get_brand(session, slug=slug)
    from escalada.triage import AuthorSignals

    result = triage(
        TriageInput(text=text, author=AuthorSignals(followers=followers)),
        policy_service.load_policy(session, brand.id),
    )
    return templates.TemplateResponse(request, "settings/_triage_result.html",
                                      {"result": result, "text": text})
