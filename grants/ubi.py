"""Washington's Unified Business Identifier (UBI): nine digits, often written 602 123 456 or 602-123-456.

The Business Licensing Service gives every business, nonprofit and public body registered in Washington one UBI;
the portal stores the nine digits only and shows them grouped by three.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

UBI_LENGTH = 9
_SEPARATORS = re.compile(r"[\s.-]")


def normalize_ubi(value):
    """The digits of a UBI as typed (spaces, dots and hyphens dropped); other characters are kept for the check."""
    return _SEPARATORS.sub("", value or "")


def is_valid_ubi(value):
    digits = normalize_ubi(value)
    return len(digits) == UBI_LENGTH and digits.isascii() and digits.isdigit()


def validate_ubi(value):
    if value and not is_valid_ubi(value):
        raise ValidationError(
            _("A UBI has nine digits, for example 602 123 456."), code="invalid_ubi", params={"value": value}
        )


def format_ubi(value):
    digits = normalize_ubi(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if is_valid_ubi(digits) else value
