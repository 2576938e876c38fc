class ServiceError(Exception):
    """A rule refused the change; the message is written for the person who asked for it."""
