"""sterkte.store."""
