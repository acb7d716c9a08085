"""Size limits shared by validation in the API and the rules in services.

Kept in one place so the error a user sees and the rule the server enforces never disagree.
"""

CARD_TEXT_MAX = 2000
DISPLAY_NAME_MAX = 80
TEAM_NAME_MAX = 80
RETRO_TITLE_MAX = 120
SPRINT_NAME_MAX = 80
COLUMN_TITLE_MAX = 60
COLUMNS_PER_RETRO_MAX = 12
TOKEN_NAME_MAX = 80
PASSWORD_MIN = 10
PASSWORD_MAX = 256
EMAIL_MAX = 254
INVITE_HOURS_DEFAULT = 168
INVITE_HOURS_MAX = 720
REQUEST_BODY_MAX = 64 * 1024
WEBHOOK_BODY_MAX = 1024 * 1024
WEBHOOK_PREFIX = "/api/integrations/"
"""Where trackers' webhooks arrive: their bodies may be up to `WEBHOOK_BODY_MAX`."""
SESSION_DAYS = 30
RESET_LINK_HOURS = 24
KNOWN_DEVICE_DAYS = 365
ACCOUNTS_PAGE_MAX = 50
SEARCH_MAX = 100
