"""The use-case layer: one module per job a user has. Each reads the store, runs the
engines and returns a plain answer; the CLI and the web only parse input, call these and
render through :mod:`sterkte.report`. The only layer that combines store and engines.
"""
