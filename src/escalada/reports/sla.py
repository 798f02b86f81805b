"""First-response targets per tier.

The defaults below stand until SLA policies exist; ``first_response_target`` is the one
place that answers "what is the target for this conversation", so policies can later be
read here without touching the metrics.
"""

from __future__ import annotations

DEFAULT_FIRST_RESPONSE_TARGETS = {3: 15 * 60, 2: 60 * 60, 1: 6 * 3600}


def first_response_target(*, tier: int, brand: str = "", channel: str = "") -> int | None:
    """Seconds allowed for the first reply; None when the tier needs no reply (noise)."""
    return DEFAULT_FIRST_RESPONSE_TARGETS.get(tier)
