"""Social listening: public posts that match a brand's queries without tagging it."""
