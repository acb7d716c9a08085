"""GitHub Issues: the REST client, the issues Twofold creates, and the webhooks GitHub sends."""
