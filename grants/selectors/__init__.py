"""Reads shared by views, commands and reports, one module per topic, with their select/prefetch decisions."""
