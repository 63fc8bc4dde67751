"""The web dashboard and HTTP API (FastAPI): `sterkte serve`. See docs/web.md."""

from sterkte.web.app import create_app

__all__ = ["create_app"]
