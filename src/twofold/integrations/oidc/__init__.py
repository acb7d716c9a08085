"""OpenID Connect relying party: discovery, the authorization code flow with PKCE, and ID token
verification, all through Authlib and joserfc."""
