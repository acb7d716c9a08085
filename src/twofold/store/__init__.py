"""Persistence: the only package that knows SQLAlchemy. Callers get domain objects back."""
