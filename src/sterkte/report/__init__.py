"""sterkte.report."""
