"""Author context for agents: history, recent posts, and what the troll score saw."""
