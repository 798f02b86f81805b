"""When a conversation is late: policies, calendars, clocks, warnings and escalation levels.

``calendar``, ``clock`` and ``policies`` are pure (plain data, aware UTC datetimes);
``service`` stores clocks and ``escalation`` acts on them; ``timers`` is the sweep.
"""
