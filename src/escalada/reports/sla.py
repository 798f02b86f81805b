"""First-response targets: the SLA policies of ``escalada.sla``, read as plain data.

The report layer stays pure: the service loads the policies once per report
(``escalada.sla.service.load_policies``) and passes them in. The most specific matching
policy wins (brand, tier, priority, channel); with none, the seed default for the tier
stands (15 minutes for tier 3, an hour for tier 2, six hours for tier 1, none for noise).
"""

from __future__ import annotations

from collections.abc import Sequence

from escalada.sla.policies import DEFAULTS, Policy, select_policy

DEFAULT_FIRST_RESPONSE_TARGETS = {tier: p.first_response_seconds for tier, p in DEFAULTS.items()}


def policy_for(policies: Sequence[Policy] = (), *, tier: int, brand_id: int | None = None,
               priority: str = "normal", channel: str = "") -> Policy | None:
    """The policy that sets this conversation's clock; None when the tier needs no reply."""
    return select_policy(policies, brand_id=brand_id, tier=tier, priority=priority, channel=channel)


def first_response_target(policies: Sequence[Policy] = (), *, tier: int, brand_id: int | None = None,
                          priority: str = "normal", channel: str = "") -> int | None:
    """Seconds allowed for the first reply; None when the tier needs no reply (noise)."""
    policy = policy_for(policies, tier=tier, brand_id=brand_id, priority=priority, channel=channel)
    return None if policy is None else policy.first_response_seconds
