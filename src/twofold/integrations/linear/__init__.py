"""Linear: the GraphQL client, the issues Twofold creates, and the webhooks Linear sends."""
