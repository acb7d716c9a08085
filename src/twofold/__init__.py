"""Twofold: retrospectives for product managers and engineers."""

__version__ = "0.1.0"
