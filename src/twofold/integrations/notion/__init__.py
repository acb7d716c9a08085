"""Notion: summaries published as pages under a shared parent page (API version 2022-06-28)."""
