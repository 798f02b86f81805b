"""Read and change a brand's triage policy (stored JSON → ``TriagePolicy`` for the pipeline)."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.principal import Principal
from escalada.errors import EscaladaError
from escalada.models import Brand, BrandTriagePolicy
from escalada.triage import DEFAULT_POLICY, TriagePolicy, policy_from_json
from escalada.triage.contract import CATEGORIES

log = logging.getLogger(__name__)


class InvalidPolicy(EscaladaError):
    status_code = 422
    code = "invalid_policy"


def load_policy(session: Session, brand_id: int) -> TriagePolicy:
    """The policy triage applies to this brand's messages (the defaults when none is set)."""
    row = session.get(BrandTriagePolicy, brand_id)
    if row is None:
        return DEFAULT_POLICY
    try:
        return policy_from_json(row.settings)
    except ValueError as error:  # saved through check_policy, so only a hand-edited row
        log.warning("brand %s: stored triage policy ignored: %s", brand_id, error)
        return DEFAULT_POLICY


def check_policy(data: dict[str, Any]) -> TriagePolicy:
    try:
        return policy_from_json(data)
    except ValueError as error:
        raise InvalidPolicy(str(error)) from None


def save_policy(
    session: Session, *, brand: Brand, data: dict[str, Any], actor: Principal
) -> TriagePolicy:
    """Validate and store ``data`` as the brand's policy; the defaults need no row."""
    policy = check_policy(data)
    stored = policy.to_json()
    row = session.get(BrandTriagePolicy, brand.id)
    if row is None:
        row = BrandTriagePolicy(brand_id=brand.id, settings=stored, updated_by=actor.label)
        session.add(row)
    else:
        row.settings = stored
        row.updated_by = actor.label
    record(session, actor=actor, action="triage_policy.updated", brand=brand.slug, policy=stored)
    return policy


def reset_policy(session: Session, *, brand: Brand, actor: Principal) -> None:
    row = session.get(BrandTriagePolicy, brand.id)
    if row is not None:
        session.delete(row)
    record(session, actor=actor, action="triage_policy.reset", brand=brand.slug)


def policy_from_form(form: dict[str, str]) -> dict[str, Any]:
    """The policy JSON from the settings page's fields (one keyword per line)."""
    data: dict[str, Any] = {"category_tiers": {}, "keywords": {}}
    for name, key, kind in (
        ("influential_followers", "influential_followers", int),
        ("model_threshold", "model_threshold", float),
    ):
        raw = (form.get(name) or "").strip()
        if raw:
            try:
                data[key] = kind(raw)
            except ValueError:
                raise InvalidPolicy(f"{name.replace('_', ' ')}: “{raw}” is not a number") from None
    for category in CATEGORIES:
        tier = (form.get(f"tier_{category}") or "").strip()
        if tier:
            if tier not in {"0", "1", "2", "3"}:
                raise InvalidPolicy(f"{category}: tier must be 0, 1, 2 or 3")
            data["category_tiers"][category] = int(tier)
        words = [line.strip() for line in (form.get(f"keywords_{category}") or "").splitlines()]
        if any(words):
            data["keywords"][category] = [w for w in words if w]
    return data


def policy_from_form_lenient(form: dict[str, str]) -> dict[str, Any]:
    """The fields as typed, shaped like a policy, for redisplay after a failed save."""
    return {
        "influential_followers": form.get("influential_followers", ""),
        "model_threshold": form.get("model_threshold", ""),
        "category_tiers": {
            c: form[f"tier_{c}"] for c in CATEGORIES if form.get(f"tier_{c}", "").strip()
        },
        "keywords": {
            c: [w.strip() for w in form.get(f"keywords_{c}", "").splitlines() if w.strip()]
            for c in CATEGORIES
        },
    }
