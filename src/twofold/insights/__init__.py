"""Reading across retros: suggestions, trends and reports built from what teams recorded."""
