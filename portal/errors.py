"""Errors whose message is meant for the person who asked (shown on the error page)."""

from django.http import Http404
from django.utils.translation import gettext as _


class FileMissing(Http404):
    """A stored file that the database knows about is not in storage: 404 with a message, never a 500."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "This file is missing from the portal's storage. The program staff have been told; "
                "please try again later or contact the program."
            )
        )
