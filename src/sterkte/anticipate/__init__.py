"""sterkte.anticipate."""
