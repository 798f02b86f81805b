"""Rules API: list, create, replace, delete, reorder, import YAML, dry-run."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.rules import engine, service

router = APIRouter(prefix="/api/v1/rules", tags=["rules"])
Viewer = Annotated[Principal, Depends(require(Permission.CONVERSATIONS_VIEW))]
Lead = Annotated[Principal, Depends(require(Permission.RULES_MANAGE))]


class RuleIn(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    conditions: list[dict[str, Any]] = Field(default_factory=list)
    actions: list[dict[str, Any]] = Field(min_length=1)
    stop_processing: bool = False
    enabled: bool = True
    timezone: str = "UTC"


class RuleOut(RuleIn):
    id: int
    position: int


class MoveIn(BaseModel):
    direction: int = Field(ge=-1, le=1)


class ImportIn(BaseModel):
    yaml: str = Field(min_length=1, max_length=1_000_000)


class TestIn(BaseModel):
    rule: RuleIn
    last: int = Field(default=100, ge=1, le=1000)


def _out(rule) -> RuleOut:  # noqa: ANN001
    return RuleOut(id=rule.id, position=rule.position, name=rule.name, conditions=rule.conditions,
                   actions=rule.actions, stop_processing=rule.stop_processing, enabled=rule.enabled,
                   timezone=rule.timezone)


@router.get("", response_model=list[RuleOut])
def get_rules(session: SessionDep, _: Viewer) -> list[RuleOut]:
    return [_out(r) for r in service.list_rules(session)]


@router.post("", response_model=RuleOut, status_code=201)
def post_rule(body: RuleIn, session: SessionDep, principal: Lead) -> RuleOut:
    return _out(service.save_rule(session, principal=principal, **body.model_dump()))


@router.put("/{rule_id}", response_model=RuleOut)
def put_rule(rule_id: int, body: RuleIn, session: SessionDep, principal: Lead) -> RuleOut:
    return _out(service.save_rule(session, principal=principal, rule_id=rule_id, **body.model_dump()))


@router.delete("/{rule_id}", status_code=204)
def delete_rule(rule_id: int, session: SessionDep, principal: Lead) -> None:
    service.delete_rule(session, rule_id=rule_id, principal=principal)


@router.post("/{rule_id}/move", response_model=list[RuleOut])
def move_rule(rule_id: int, body: MoveIn, session: SessionDep, principal: Lead) -> list[RuleOut]:
    service.move_rule(session, rule_id=rule_id, direction=body.direction, principal=principal)
    return [_out(r) for r in service.list_rules(session)]


@router.post("/import", response_model=list[RuleOut], status_code=201)
def import_rules(body: ImportIn, session: SessionDep, principal: Lead) -> list[RuleOut]:
    """Append the rules of a YAML document (a list of rules, or ``rules: [...]``)."""
    return [_out(r) for r in service.import_yaml(session, text=body.yaml, principal=principal)]


@router.post("/test", response_model=dict)
def test_rule(body: TestIn, session: SessionDep, principal: Lead) -> dict:
    """Dry-run: which of the last N inbound messages the rule would fire on. Changes nothing."""
    conditions, actions = engine.check_rule(name=body.rule.name, conditions=body.rule.conditions,
                                            actions=body.rule.actions, timezone=body.rule.timezone)
    spec = engine.RuleSpec(name=body.rule.name, conditions=tuple(conditions), actions=tuple(actions),
                           timezone=body.rule.timezone)
    hits = service.dry_run(session, spec=spec, last=body.last)
    return {"tested": len(hits), "matched": sum(h.matched for h in hits),
            "matches": [{"message_id": h.message.id, "conversation_id": h.conversation.id, "text": h.message.text[:200]}
                        for h in hits if h.matched]}
