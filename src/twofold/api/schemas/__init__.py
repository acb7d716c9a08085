"""Request and response bodies of the API: separate from tables so either can change alone."""
