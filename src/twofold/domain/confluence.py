"""Where a team's Confluence Cloud pages go: the site, the account the API token belongs to,
the space, and optionally the page they are filed under."""

import re

from pydantic import Field, field_validator

from twofold.domain.connections import VendorSettings, atlassian_email, atlassian_site, site_url

SPACE = re.compile(r"^(~?[A-Za-z0-9_]{1,255}|\d{1,20})$")


class ConfluenceSettings(VendorSettings):
    """A space is named by its key (`ENG`) or its numeric id; a key is looked up once per
    publication, as the v2 API files pages under the id."""

    site_url: str = atlassian_site("Confluence")
    email: str = atlassian_email()
    space: str = Field(
        min_length=1,
        max_length=255,
        title="Space key or id",
        description="The space the pages go in; the account needs permission to add pages.",
        examples=["ENG"],
    )
    parent_page_id: str | None = Field(
        default=None,
        max_length=20,
        title="Parent page id",
        description="Optional: pages are filed under this page (the number in its address).",
        examples=["123456"],
    )

    def where(self) -> str:
        return f"space {self.space} on {self.site_url}"

    @field_validator("site_url")
    @classmethod
    def _site(cls, value: str) -> str:
        return site_url(value, "https://example.atlassian.net")

    @field_validator("space")
    @classmethod
    def _space(cls, value: str) -> str:
        space = value.strip()
        if not SPACE.match(space):
            raise ValueError("a space key is letters and digits (a personal space starts with ~)")
        return space

    @field_validator("parent_page_id")
    @classmethod
    def _parent(cls, value: str | None) -> str | None:
        cleaned = (value or "").strip()
        if not cleaned:
            return None
        if not cleaned.isdigit():
            raise ValueError("a page id is the number in the page's address")
        return cleaned

    def space_id(self) -> str | None:
        """The space's id when it was given as one, else None (a key, to look up)."""
        return self.space if self.space.isdigit() else None
