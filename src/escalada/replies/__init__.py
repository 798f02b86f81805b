"""Outbound replies: the outbox and its delivery."""
