"""Posting to chat channels (Slack, Microsoft Teams): each post's format and the calls."""
