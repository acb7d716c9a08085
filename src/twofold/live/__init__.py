"""Delivery of board events to connected participants."""
