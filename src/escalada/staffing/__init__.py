"""Staffing: queueing maths and forecasts that turn expected volume into agents per hour."""
