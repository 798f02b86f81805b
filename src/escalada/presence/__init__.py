"""Who is viewing and typing, and the live fan-out of events to browsers (SSE)."""
