"""Where a team's Notion pages go: under one page the integration was invited to."""

import re

from pydantic import Field, field_validator

from twofold.domain.connections import VendorSettings, site_url

NOTION_API = "https://api.notion.com"
PAGE_ID = re.compile(r"([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})")


def page_id(value: str) -> str:
    """A Notion page id in its dashed form, from the id or the page's address (whose last
    32 hex digits are the id, after the title)."""
    text = value.strip().split("?")[0].split("#")[0]
    found = PAGE_ID.findall(text)
    if not found:
        raise ValueError("give the page's address or its id (32 letters and digits)")
    raw = found[-1].replace("-", "").lower()
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


class NotionSettings(VendorSettings):
    parent_page: str = Field(
        min_length=32,
        max_length=400,
        title="Parent page",
        description=(
            "The page the summaries go under, by its address or id; share it with the "
            "integration (••• → Connections)."
        ),
        examples=["https://www.notion.so/Team-retros-0123456789abcdef0123456789abcdef"],
    )
    api_url: str = Field(
        default=NOTION_API,
        max_length=200,
        title="API address",
        description="Leave as it is unless your network reaches Notion through a proxy.",
    )

    def where(self) -> str:
        return f"under page {self.parent_page}"

    @field_validator("parent_page")
    @classmethod
    def _page(cls, value: str) -> str:
        return page_id(value)

    @field_validator("api_url")
    @classmethod
    def _api(cls, value: str) -> str:
        return site_url(value, NOTION_API)
