"""The Erlang C prediction for the load a replay saw, hour by hour (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import timedelta

from escalada.routing.shifts import on_shift
from escalada.simulation.team_file import TeamFile
from escalada.sla.policies import DEFAULTS
from escalada.staffing.erlang import agents_for_target, erlang_c


def slots_on_shift(team_file: TeamFile, at) -> int:  # noqa: ANN001
    """Concurrent conversations the team can hold at ``at`` (Erlang C's servers)."""
    return sum(sum(a.capacity.values()) for a in team_file.agents if on_shift(a.shifts, a.timezone, at))


def predict(cases: Sequence, team_file: TeamFile, *, compose_seconds: float) -> dict:
    """Service level per tier as Erlang C sees it: one pooled queue, every slot a server.

    Each clock hour is its own Erlang C problem (that hour's arrivals, the slots on
    shift at half past); the day's figure per tier weights the hours by that tier's
    arrivals. Routing limits (tiers, skills, teams) are what the replay adds on top.
    """
    if not cases:
        return {"service_level": {}, "arrivals": 0}
    aht = sum(c.handle_seconds for c in cases) / len(cases)
    by_hour: Counter = Counter()
    by_hour_tier: Counter = Counter()
    for c in cases:
        hour = c.arrival.created_at.replace(minute=0, second=0, microsecond=0)
        by_hour[hour] += 1
        by_hour_tier[(hour, c.work.tier)] += 1
    targets = {tier: (next((c.policy.first_response_seconds for c in cases
                            if c.work.tier == tier and c.policy), DEFAULTS[tier].first_response_seconds))
               for tier in (1, 2, 3)}
    service: dict[str, float | None] = {}
    for tier, target in targets.items():
        weighted = total = 0.0
        for hour, n in by_hour.items():
            weight = by_hour_tier[(hour, tier)]
            if not weight:
                continue
            servers = slots_on_shift(team_file, hour + timedelta(minutes=30))
            level = 0.0
            if servers > 0:
                level = erlang_c(arrivals_per_hour=n, aht_seconds=aht, agents=servers,
                                 answer_within_seconds=max(0.0, target - compose_seconds)).service_level
            weighted += weight * level
            total += weight
        service[str(tier)] = round(weighted / total, 4) if total else None
    peak_hour, peak = max(by_hour.items(), key=lambda kv: kv[1])
    needed = {str(tier): agents_for_target(arrivals_per_hour=peak, aht_seconds=aht,
                                           answer_within_seconds=max(1.0, target - compose_seconds),
                                           service_level=0.8).agents
              for tier, target in targets.items()}
    return {
        "service_level": service,
        "arrivals": len(cases),
        "aht_seconds": round(aht, 1),
        "peak_arrivals_per_hour": peak,
        "peak_hour": peak_hour.isoformat(),
        "slots_on_shift_at_peak": slots_on_shift(team_file, peak_hour + timedelta(minutes=30)),
        "slots_needed_at_peak_for_80pct": needed,
    }
