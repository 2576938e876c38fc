"""Demo legislative reports (filled in by its feature). Idempotent."""


def load():
    """Create the demo report runs; running it twice changes nothing."""
