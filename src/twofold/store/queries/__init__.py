"""Query functions: each takes a transaction and returns domain entities, never rows."""
