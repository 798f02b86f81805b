"""Automatic detection, run on every inbound message right after triage.

1. A complaint in an incident category (outage, billing, technical, account,
   delivery) is stored as a signal with its cues (:mod:`escalada.incidents.cues`).
2. If the brand has an open incident it resembles, the conversation is linked to it
   with the reason (shared categories and cues).
3. Otherwise, when at least ``required`` similar complaints for the brand arrived
   within the window, a suspected incident opens. ``required`` is the larger of the
   brand's minimum and ``rate_multiplier`` × the complaints in that category the brand
   normally gets in the same window of the day (average over ``baseline_days``).

Only the last step reads history, and only once the window already holds the
minimum, so ordinary traffic costs one insert and two indexed reads per complaint.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from escalada.auth.principal import Principal
from escalada.incidents import service
from escalada.incidents.cues import (
    CATEGORY_WEIGHT,
    INCIDENT_CATEGORIES,
    Likeness,
    core_cues,
    extract_cues,
    likeness,
)
from escalada.models import (
    Brand,
    Conversation,
    Incident,
    IncidentSettings,
    IncidentSignal,
    Message,
)

log = logging.getLogger(__name__)
DETECTOR = Principal(role="admin", label="incident detection")
MAX_WINDOW_SIGNALS = 2000
TROLL_CUTOFF = 0.7
# How an incident is named when its reports carry several categories.
SEVERITY_ORDER = ("outage", "billing", "account", "delivery", "technical")


@dataclass(frozen=True, slots=True)
class Thresholds:
    enabled: bool = True
    window_minutes: int = 30
    min_reports: int = 8
    rate_multiplier: float = 4.0
    baseline_days: int = 7
    min_similarity: float = 0.6

    @classmethod
    def of(cls, row: IncidentSettings | None) -> Thresholds:
        if row is None:
            return cls()
        return cls(enabled=row.enabled, window_minutes=row.window_minutes,
                   min_reports=row.min_reports, rate_multiplier=row.rate_multiplier,
                   baseline_days=row.baseline_days, min_similarity=row.min_similarity)


def required_reports(thresholds: Thresholds, baseline_counts: list[int]) -> int:
    """How many similar complaints in one window make a burst, given the usual counts."""
    usual = sum(baseline_counts) / len(baseline_counts) if baseline_counts else 0.0
    return max(thresholds.min_reports, math.ceil(thresholds.rate_multiplier * usual))


def severity_for(reports: int, required: int) -> str:
    ratio = reports / max(1, required)
    return "sev1" if ratio >= 4 else "sev2" if ratio >= 2 else "sev3"


def _match(incident: Incident, categories: list[str], cues: frozenset[str]) -> Likeness:
    signature = incident.signature or {}
    core = core_cues(signature.get("cues", {}), signature.get("reports", 0))
    return likeness(signature.get("categories", []), core, categories, cues)


def observe(session: Session, *, message: Message, conversation: Conversation,
            triage: dict[str, Any]) -> Incident | None:
    """Detection for one stored inbound message; the incident it joined or opened.

    Runs in its own savepoint: should detection fail, the message is still stored
    (an inbound message is never lost to a side feature) and the failure is logged.
    """
    try:
        with session.begin_nested():
            return _observe(session, message=message, conversation=conversation, triage=triage)
    except Exception:
        log.exception("incident detection failed for message %s", message.id)
        return None


def _observe(session: Session, *, message: Message, conversation: Conversation,
             triage: dict[str, Any]) -> Incident | None:
    categories = sorted(set(triage.get("categories", [])) & INCIDENT_CATEGORIES)
    if not categories or triage.get("troll", 0) >= TROLL_CUTOFF or triage.get("tier", 1) == 0:
        return None
    thresholds = Thresholds.of(session.get(IncidentSettings, conversation.brand_id))
    if not thresholds.enabled:
        return None
    brand = session.get(Brand, conversation.brand_id)
    assert brand is not None
    cues = extract_cues(message.text, ignore=service.brand_words(brand))
    at = message.created_at
    signal = IncidentSignal(brand_id=brand.id, message_id=message.id,
                            conversation_id=conversation.id, at=at,
                            language=triage.get("language", "und"), categories=categories,
                            cues=sorted(cues))
    session.add(signal)

    joined = _join_open_incident(session, brand=brand, conversation=conversation, at=at,
                                 categories=categories, cues=cues, thresholds=thresholds)
    if joined is not None:
        return joined

    since = at - timedelta(minutes=thresholds.window_minutes)
    recent = session.execute(
        select(IncidentSignal.conversation_id, IncidentSignal.categories, IncidentSignal.cues,
               IncidentSignal.at)
        .where(IncidentSignal.brand_id == brand.id, IncidentSignal.at >= since,
               IncidentSignal.at <= at, IncidentSignal.message_id != message.id)
        .order_by(IncidentSignal.at.desc()).limit(MAX_WINDOW_SIGNALS)
    ).all()
    if len(recent) + 1 < thresholds.min_reports:
        return None
    similar = [row for row in recent
               if likeness(categories, cues, row.categories, row.cues).score >= thresholds.min_similarity]
    reports = len(similar) + 1
    if reports < thresholds.min_reports:
        return None
    required = required_reports(thresholds, _baseline(session, brand_id=brand.id, at=at,
                                                      categories=categories, thresholds=thresholds))
    if reports < required:
        return None
    # Serialise openings per brand, then look again: a concurrent message may have
    # opened the incident while this one was being compared.
    session.scalar(select(Brand.id).where(Brand.id == brand.id).with_for_update())
    joined = _join_open_incident(session, brand=brand, conversation=conversation, at=at,
                                 categories=categories, cues=cues, thresholds=thresholds)
    if joined is not None:
        return joined
    return _open_suspected(session, brand=brand, conversation=conversation, at=at,
                           categories=categories,
                           cues=cues, members=similar, required=required, thresholds=thresholds)


def _join_open_incident(session: Session, *, brand: Brand, conversation: Conversation,
                        at: datetime, categories: list[str], cues: frozenset[str],
                        thresholds: Thresholds) -> Incident | None:
    best = None
    for incident in service.open_incidents_for_brand(session, brand_id=brand.id):
        found = _match(incident, categories, cues)
        # While the burst is still running, a complaint in the incident's category is
        # taken to be part of it; afterwards it must also share the incident's cues.
        hot = _is_hot(incident, at=at, thresholds=thresholds)
        needed = CATEGORY_WEIGHT if hot else thresholds.min_similarity
        if found.categories and found.score >= needed and (best is None or found.score > best[1].score):
            best = (incident, found, hot)
    if best is None:
        return None
    incident, found, hot = best
    reason = f"matched: {found.explain()}" + (" during the burst" if hot and not found.cues else "")
    service.link_conversation(session, incident=incident, conversation=conversation,
                              actor=DETECTOR, reason=reason)
    service.merge_signature(incident, {"categories": categories,
                                       "cues": dict.fromkeys(cues, 1), "reports": 1})
    _touch(incident, at)
    return incident


def _is_hot(incident: Incident, *, at: datetime, thresholds: Thresholds) -> bool:
    last = (incident.signature or {}).get("last_report_at")
    if not last:
        return False
    return at - datetime.fromisoformat(last) <= timedelta(minutes=thresholds.window_minutes)


def _touch(incident: Incident, at: datetime) -> None:
    last = (incident.signature or {}).get("last_report_at")
    if last is None or datetime.fromisoformat(last) < at:
        incident.signature = {**incident.signature, "last_report_at": at.isoformat()}


def _baseline(session: Session, *, brand_id: int, at: datetime, categories: list[str],
              thresholds: Thresholds) -> list[int]:
    """Complaints sharing a category in the same window of each of the previous days."""
    window = timedelta(minutes=thresholds.window_minutes)
    ranges = [(at - timedelta(days=d) - window, at - timedelta(days=d))
              for d in range(1, thresholds.baseline_days + 1)]
    rows = session.execute(
        select(IncidentSignal.at, IncidentSignal.categories).where(
            IncidentSignal.brand_id == brand_id,
            or_(*(and_(IncidentSignal.at >= start, IncidentSignal.at <= end) for start, end in ranges)),
        )
    ).all()
    wanted = set(categories)
    counts = [0] * len(ranges)
    for row_at, row_categories in rows:
        if not wanted & set(row_categories):
            continue
        for index, (start, end) in enumerate(ranges):
            if start <= row_at <= end:
                counts[index] += 1
    return counts


def _open_suspected(session: Session, *, brand: Brand, conversation: Conversation, at: datetime,
                    categories: list[str], cues: frozenset[str], members: list[Any],
                    required: int, thresholds: Thresholds) -> Incident:
    cue_counts: Counter[str] = Counter(cues)
    category_counts: Counter[str] = Counter(categories)
    for row in members:
        cue_counts.update(row.cues)
        category_counts.update(row.categories)
    reports = len(members) + 1
    conversation_at = max([row.at for row in members] + [at])
    main = next(c for c in (*SEVERITY_ORDER, *category_counts)
                if category_counts.get(c, 0) >= 0.3 * reports or c == category_counts.most_common(1)[0][0])
    top = [c.split(":", 1)[1] for c, _ in cue_counts.most_common(3)]
    title = f"{main.capitalize()} at {brand.name}: {reports} similar reports in {thresholds.window_minutes} min"
    incident = Incident(
        brand_id=brand.id, title=title[:200], severity=severity_for(reports, required),
        status="suspected", detected_by="auto", opened_by_label=DETECTOR.label,
        cause=f"Detected automatically; common cues: {', '.join(top) or 'none'}.",
        signature={"categories": sorted(category_counts), "category_counts": dict(category_counts),
                   "cues": dict(cue_counts),
                   "reports": reports, "last_report_at": conversation_at.isoformat()},
        affected_channels=[],
    )
    session.add(incident)
    session.flush()
    service.add_event(session, incident, actor=DETECTOR, kind="detected",
                      text=f"{reports} similar {main} reports in {thresholds.window_minutes} min "
                           f"(needed {required})", reports=reports, required=required)
    conversation_ids = [conversation.id, *(row.conversation_id for row in members)]
    by_id = {c.id: c for c in session.scalars(
        select(Conversation).where(Conversation.id.in_(set(conversation_ids))))}
    for conversation_id in dict.fromkeys(conversation_ids):
        member = by_id[conversation_id]
        service.link_conversation(session, incident=incident, conversation=member, actor=DETECTOR,
                                  reason=f"part of the burst: {main} complaint sharing "
                                         f"{', '.join(top[:3]) or 'the category'}")
    service.alert_stakeholders(session, incident=incident, kind="detected",
                               text=f"Suspected incident #{incident.id}: {incident.title}")
    return incident
