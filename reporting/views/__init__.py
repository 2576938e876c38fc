"""Views of the reports, one module per audience."""
