"""Report filters: which conversations a report covers, parsed and checked once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from escalada.errors import InvalidInput
from escalada.inbox.schemas import PLATFORMS
from escalada.reports.hours import BusinessCalendar

MAX_DAYS = 366
DEFAULT_DAYS = 7


@dataclass(frozen=True, slots=True)
class ReportFilters:
    start: datetime
    end: datetime
    brand: str | None = None
    channel: str | None = None
    agent: int | None = None
    tier: int | None = None
    tag: str | None = None
    timezone: str = "UTC"
    business_hours: bool = False
    # The workspace's reporting time zone (``ESCALADA_REPORT_TIMEZONE``): the default of
    # ``timezone``, and the zone whose business hours the report facts hold.
    reporting_zone: str = "UTC"

    @property
    def calendar(self) -> BusinessCalendar | None:
        return BusinessCalendar(timezone=self.timezone) if self.business_hours else None

    def query(self) -> dict[str, str]:
        """The filters as query-string values (for links to CSV/JSON and other pages)."""
        values = {
            "start": self.start.astimezone(ZoneInfo(self.timezone)).date().isoformat(),
            "end": (self.end.astimezone(ZoneInfo(self.timezone)) - timedelta(days=1)).date().isoformat(),
            "brand": self.brand, "channel": self.channel,
            "agent": None if self.agent is None else str(self.agent),
            "tier": None if self.tier is None else str(self.tier), "tag": self.tag,
            "tz": self.timezone if self.timezone != self.reporting_zone else None,
            "hours": "business" if self.business_hours else None,
        }
        return {k: v for k, v in values.items() if v}


def parse_filters(*, now: datetime, start: str | None = None, end: str | None = None,
                  brand: str | None = None, channel: str | None = None, agent: str | None = None,
                  tier: str | None = None, tag: str | None = None, tz: str | None = None,
                  hours: str | None = None, reporting_zone: str = "UTC") -> ReportFilters:
    """Build filters from query-string values; empty strings mean "any".

    ``start`` and ``end`` are dates (inclusive) in the report's time zone, by default the
    reporting time zone; the default period is the last seven days up to today.
    """
    timezone = (tz or "").strip() or reporting_zone
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(f"unknown time zone {timezone!r}") from exc
    today = now.astimezone(zone).date()
    last_day = _date(end, "end") or today
    first_day = _date(start, "start") or last_day - timedelta(days=DEFAULT_DAYS - 1)
    if first_day > last_day:
        raise InvalidInput("start must not be after end")
    if (last_day - first_day).days >= MAX_DAYS:
        raise InvalidInput(f"a report covers at most {MAX_DAYS} days")
    if channel and channel not in PLATFORMS:
        raise InvalidInput(f"unknown channel {channel!r}")
    if hours not in (None, "", "calendar", "business"):
        raise InvalidInput("hours is 'calendar' or 'business'")
    return ReportFilters(
        start=_midnight(first_day, zone),
        end=_midnight(last_day + timedelta(days=1), zone),
        brand=brand or None,
        channel=channel or None,
        agent=_int(agent, "agent"),
        tier=_int(tier, "tier", allowed=range(0, 4)),
        tag=(tag or "").strip().lower() or None,
        timezone=timezone,
        business_hours=hours == "business",
        reporting_zone=reporting_zone,
    )


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{name} must be a date like 2026-11-24") from exc


def _int(value: str | None, name: str, allowed: range | None = None) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except ValueError as exc:
        raise InvalidInput(f"{name} must be a number") from exc
    if allowed is not None and number not in allowed:
        raise InvalidInput(f"{name} must be between {allowed.start} and {allowed.stop - 1}")
    return number


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone).astimezone(UTC)
