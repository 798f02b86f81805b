"""Replay a day of arrivals against a team through the real triage, rules, routing and SLA code.

``arrivals`` reads and writes arrival files, ``team_file`` reads team files, ``engine``
is the discrete-event replay (pure, on a simulated clock) and ``erlang`` the queueing
prediction for the same load. :func:`escalada.simulation.engine.simulate` is the entry
point for the CLI, the benchmarks and the staffing what-if.
"""
