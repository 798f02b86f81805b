"""Detection thresholds per brand, edited by a lead; defaults until a lead changes them."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import InvalidInput, NotFound
from escalada.incidents.detection import Thresholds
from escalada.kit.clock import utc_now
from escalada.models import Brand, IncidentSettings

# (low, high) accepted for each number.
LIMITS: dict[str, tuple[float, float]] = {
    "window_minutes": (5, 240),
    "min_reports": (3, 1000),
    "rate_multiplier": (1.5, 50),
    "baseline_days": (1, 28),
    "min_similarity": (0.4, 1.0),
}


def brand_thresholds(session: Session, *, principal: Principal) -> list[tuple[Brand, Thresholds, bool]]:
    """Every brand with its thresholds and whether a lead has customised them."""
    principal.require(Permission.INCIDENTS_VIEW)
    rows = session.execute(
        select(Brand, IncidentSettings).outerjoin(IncidentSettings, IncidentSettings.brand_id == Brand.id)
        .order_by(Brand.name)
    ).all()
    return [(brand, Thresholds.of(row), row is not None) for brand, row in rows]


def update_thresholds(session: Session, *, brand_slug: str, principal: Principal,
                      values: dict[str, object]) -> Thresholds:
    principal.require(Permission.INCIDENTS_SETTINGS)
    brand = session.scalar(select(Brand).where(Brand.slug == brand_slug))
    if brand is None:
        raise NotFound(f"brand {brand_slug!r} not found")
    row = session.get(IncidentSettings, brand.id)
    if row is None:
        row = IncidentSettings(brand_id=brand.id, **asdict(Thresholds()))
        session.add(row)
    for name, value in values.items():
        if name == "enabled":
            row.enabled = bool(value)
            continue
        if name not in LIMITS:
            raise InvalidInput(f"unknown setting {name!r}")
        low, high = LIMITS[name]
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"{name.replace('_', ' ')} must be a number") from exc
        if not low <= number <= high:
            raise InvalidInput(f"{name.replace('_', ' ')} must be between {low:g} and {high:g}")
        setattr(row, name, number if name in ("rate_multiplier", "min_similarity") else int(number))
    row.updated_by_label = principal.label
    row.updated_at = utc_now()
    session.flush()
    return Thresholds.of(row)
