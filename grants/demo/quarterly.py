"""Demo quarterly (filled in by its feature). Idempotent: records are found by natural keys first."""


def load():
    """Create the demo quarterly; running it twice changes nothing."""
