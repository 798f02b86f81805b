"""Conversations, messages, tags, notes: ingestion, the inbox list and agent actions."""
