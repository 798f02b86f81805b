"""The rules page: ordered rules, a form with a dry-run, YAML import."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import EscaladaError
from escalada.rules import acknowledge, engine, service
from escalada.rules.text_form import actions_text, conditions_text, parse_actions, parse_conditions
from escalada.web import flash, templates

router = APIRouter(include_in_schema=False)
Viewer = Annotated[Principal, Depends(require(Permission.CONVERSATIONS_VIEW))]
Lead = Annotated[Principal, Depends(require(Permission.RULES_MANAGE))]


def _page(request: Request, session, *, form: dict | None = None, hits=None, edit: int | None = None,  # noqa: ANN001
          error: str | None = None, status_code: int = 200) -> Response:
    rules = service.list_rules(session)
    editing = next((r for r in rules if r.id == edit), None)
    if form is None:
        form = {"name": editing.name, "conditions": conditions_text(editing.conditions),
                "actions": actions_text(editing.actions), "stop_processing": editing.stop_processing,
                "timezone": editing.timezone, "rule_id": editing.id,
                "ack_saved_reply": _saved_reply_of(editing.actions)} if editing else \
               {"name": "", "conditions": "", "actions": "", "stop_processing": False, "timezone": "UTC", "rule_id": "",
                "ack_saved_reply": ""}
    context = {"rules": rules, "form": form, "hits": hits, "fields": engine.FIELDS, "operators": engine.OPERATORS,
               "actions": engine.ACTIONS, "conditions_text": conditions_text, "actions_text": actions_text,
               "saved_replies": acknowledge.saved_reply_titles(session), "saved_reply_of": _saved_reply_of,
               "error": error}
    return templates.TemplateResponse(request, "rules/rules.html", context, status_code=status_code)


def _saved_reply_of(actions: list[dict]) -> int | str:
    return next((a["saved_reply_id"] for a in actions
                 if a["type"] == "auto_acknowledge" and a.get("saved_reply_id") is not None), "")


def _with_saved_reply(actions: list[dict], choice: str) -> list[dict]:
    """The form's "acknowledge with saved reply" choice, set on the rule's acknowledge action."""
    if not choice.isdigit():
        return actions
    saved_reply_id = int(choice)
    out, done = [], False
    for action in actions:
        if action["type"] == "auto_acknowledge" and not done:
            action, done = {**action, "saved_reply_id": saved_reply_id}, True
        out.append(action)
    return out if done else [*out, {"type": "auto_acknowledge", "value": None, "saved_reply_id": saved_reply_id}]


@router.get("/rules", response_class=HTMLResponse)
def rules_page(request: Request, session: SessionDep, _: Viewer, edit: int | None = None) -> Response:
    return _page(request, session, edit=edit)


@router.post("/rules", response_class=HTMLResponse)
def save_or_test(request: Request, session: SessionDep, principal: Lead,
                 name: Annotated[str, Form(max_length=120)], actions: Annotated[str, Form(max_length=10_000)] = "",
                 conditions: Annotated[str, Form(max_length=10_000)] = "", timezone: Annotated[str, Form()] = "UTC",
                 stop_processing: Annotated[bool, Form()] = False, rule_id: Annotated[str, Form()] = "",
                 intent: Annotated[str, Form()] = "save", last: Annotated[int, Form(ge=1, le=1000)] = 100,
                 ack_saved_reply: Annotated[str, Form(max_length=20)] = "") -> Response:
    form = {"name": name, "conditions": conditions, "actions": actions, "stop_processing": stop_processing,
            "timezone": timezone, "rule_id": rule_id, "last": last, "ack_saved_reply": ack_saved_reply}
    try:
        with session.begin_nested():
            parsed_conditions = parse_conditions(conditions)
            parsed_actions = _with_saved_reply(
                parse_actions(actions) if actions.strip() or not ack_saved_reply.isdigit() else [], ack_saved_reply)
            if intent == "test":
                checked_c, checked_a = engine.check_rule(name=name or "test", conditions=parsed_conditions,
                                                         actions=parsed_actions, timezone=timezone)
                spec = engine.RuleSpec(name=name or "test", conditions=tuple(checked_c),
                                       actions=tuple(checked_a), timezone=timezone)
                return _page(request, session, form=form, hits=service.dry_run(session, spec=spec, last=last))
            rule = service.save_rule(session, principal=principal, name=name, conditions=parsed_conditions,
                                     actions=parsed_actions, stop_processing=stop_processing, timezone=timezone,
                                     rule_id=int(rule_id) if rule_id.isdigit() else None)
    except EscaladaError as exc:  # shown next to the form, with what was typed
        if exc.status_code not in (409, 422, 400):
            raise
        return _page(request, session, form=form, error=exc.message, status_code=exc.status_code)
    flash(request, f"Rule “{rule.name}” saved.")
    return RedirectResponse("/rules", status_code=303)


@router.post("/rules/import")
def import_rules(request: Request, session: SessionDep, principal: Lead,
                 yaml_text: Annotated[str, Form(max_length=1_000_000)]) -> Response:
    created = service.import_yaml(session, text=yaml_text, principal=principal)
    flash(request, f"Imported {len(created)} rule(s).")
    return RedirectResponse("/rules", status_code=303)


@router.post("/rules/{rule_id}/move")
def move(rule_id: int, session: SessionDep, principal: Lead, direction: Annotated[int, Form(ge=-1, le=1)]) -> Response:
    service.move_rule(session, rule_id=rule_id, direction=direction, principal=principal)
    return RedirectResponse("/rules", status_code=303)


@router.post("/rules/{rule_id}/toggle")
def toggle(rule_id: int, request: Request, session: SessionDep, principal: Lead) -> Response:
    rule = service.get_rule(session, rule_id)
    service.save_rule(session, principal=principal, rule_id=rule.id, name=rule.name, conditions=rule.conditions,
                      actions=rule.actions, stop_processing=rule.stop_processing, enabled=not rule.enabled,
                      timezone=rule.timezone)
    flash(request, f"Rule “{rule.name}” {'enabled' if rule.enabled else 'disabled'}.")
    return RedirectResponse("/rules", status_code=303)


@router.post("/rules/{rule_id}/delete")
def delete(rule_id: int, request: Request, session: SessionDep, principal: Lead) -> Response:
    service.delete_rule(session, rule_id=rule_id, principal=principal)
    flash(request, "Rule deleted.")
    return RedirectResponse("/rules", status_code=303)
