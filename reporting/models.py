"""Report runs and their artifacts (see the legislative reports issue)."""
