"""When customers write and how long a care team takes to answer."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta, timezone

# Relative traffic per hour of the day: quiet at night, a late-morning peak,
# a dip in the afternoon and the biggest peak in the evening.
HOURLY_WEIGHTS = (
    1.2, 0.7, 0.45, 0.35, 0.35, 0.55, 1.1, 2.2, 3.6, 5.0, 6.2, 6.8,
    6.3, 5.6, 5.0, 4.7, 4.9, 5.4, 6.2, 7.0, 7.2, 6.0, 4.2, 2.4,
)
_HOURS = tuple(range(24))
# Agents start clearing the overnight backlog at this hour.
SHIFT_START = 7


def start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)


def end_of(day: date) -> datetime:
    """The last second of the day; nothing generated may fall after it."""
    return start_of(day) + timedelta(days=1, seconds=-1)


def arrival(rng: random.Random, day: date) -> datetime:
    hour = rng.choices(_HOURS, weights=HOURLY_WEIGHTS)[0]
    return start_of(day) + timedelta(hours=hour, seconds=rng.randrange(3600))


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


# Urgent work is picked up faster; praise and questions wait in the queue longer.
_SPEED = {
    "outage": 0.5, "billing": 0.7, "legal": 0.4, "cancellation": 0.6, "reputation": 0.5,
    "account": 0.7, "delivery": 0.8, "praise": 1.8, "question": 1.2, "feature_request": 2.0,
    "sales_lead": 0.9, "abuse": 2.5,
}


def reply_time(rng: random.Random, category: str, received: datetime) -> datetime:
    """When the brand answers: minutes for most, hours for some, later at night."""
    minutes = math.exp(rng.gauss(3.2, 0.95)) * _SPEED.get(category, 1.0)
    if received.hour < SHIFT_START:
        opening = received.replace(hour=SHIFT_START, minute=0, second=0)
        return opening + timedelta(minutes=minutes + rng.uniform(0, 50))
    if received.hour >= 22:
        minutes *= 2.5
    return received + timedelta(minutes=max(minutes, 1.5))


def customer_pause(rng: random.Random) -> timedelta:
    """How long a customer takes to come back to a conversation."""
    return timedelta(minutes=max(1.0, math.exp(rng.gauss(2.8, 1.1))))
