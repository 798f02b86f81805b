"""Which SLA policy applies to a conversation (pure): the most specific match wins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from escalada.sla.calendar import ALWAYS, Calendar


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    first_response_seconds: int
    next_response_seconds: int
    resolution_seconds: int
    calendar: Calendar = ALWAYS
    warn_percent: int = 75
    level2_percent: int = 150
    level3_percent: int = 200
    id: int | None = None
    brand_id: int | None = None
    tier: int | None = None
    priority: str | None = None
    channel: str | None = None

    def matches(self, *, brand_id: int | None, tier: int, priority: str, channel: str) -> bool:
        return ((self.brand_id is None or self.brand_id == brand_id)
                and (self.tier is None or self.tier == tier)
                and (self.priority is None or self.priority == priority)
                and (self.channel is None or self.channel == channel))

    @property
    def specificity(self) -> int:
        return sum(v is not None for v in (self.brand_id, self.tier, self.priority, self.channel))


MINUTE = 60
HOUR = 3600
# The seeds' promise: tier 3 answered in 15 minutes, tier 2 in an hour, tier 1 in six,
# around the clock (public channels never close). Tier 0 is noise and has no clock.
DEFAULTS: dict[int, Policy] = {
    3: Policy("Default tier 3", 15 * MINUTE, 15 * MINUTE, 4 * HOUR, tier=3),
    2: Policy("Default tier 2", HOUR, HOUR, 24 * HOUR, tier=2),
    1: Policy("Default tier 1", 6 * HOUR, 6 * HOUR, 72 * HOUR, tier=1),
}


def select_policy(policies: Sequence[Policy], *, brand_id: int | None, tier: int, priority: str,
                  channel: str) -> Policy | None:
    """The lead's most specific matching policy, else the seed default for the tier."""
    if tier <= 0:
        return None
    candidates = [p for p in policies
                  if p.matches(brand_id=brand_id, tier=tier, priority=priority, channel=channel)]
    if candidates:
        return max(candidates, key=lambda p: (p.specificity, -(p.id or 0)))
    return DEFAULTS.get(min(tier, 3))
