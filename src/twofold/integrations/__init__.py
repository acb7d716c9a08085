"""Adapters to the tools teams already use: calendars, trackers, chat."""
