"""sterkte.store: persistence, and the only place with SQL.

A DuckDB file (the default) or a PostgreSQL database, one schema
(:mod:`~sterkte.store.migrations`), one set of queries; :mod:`~sterkte.store.dialect`
holds the few differences and :mod:`~sterkte.store.db` opens either.
"""
