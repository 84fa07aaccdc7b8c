"""Storage: the SQLite database in ``instance/`` through sqlite-utils.

Views and commands call the named functions of this package's modules; no SQL lives elsewhere.
"""
