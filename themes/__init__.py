"""Themes ship inside the package (see pyproject: compiler.themes = themes/)."""
