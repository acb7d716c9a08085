"""The worker: takes work from the outbox and does it outside any request (mail today; other
integrations register their kinds the same way). Runs inside `twofold serve` by default, or on
its own with `twofold worker`."""
