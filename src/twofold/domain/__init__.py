"""Pure rules of the product: no database, no web framework, so they can be tested alone."""
