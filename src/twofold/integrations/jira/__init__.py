"""Jira Cloud: the REST client, the issues Twofold creates, and the webhooks Jira sends."""
