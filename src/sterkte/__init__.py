"""sterkte: planning and monitoring police capacity."""

__version__ = "0.1.0"
