"""Confluence Cloud: summaries published as pages through the REST API v2."""
