"""sterkte.sources."""
