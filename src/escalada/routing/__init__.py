"""Who gets a conversation: teams, agents, shifts, capacity and assignment strategies.

``core`` is pure (plain data in, a :class:`~escalada.routing.core.Decision` out) so the
simulator and the benchmarks run the same code as ingestion; ``service`` loads and
stores it.
"""
