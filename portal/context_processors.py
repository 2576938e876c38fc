from django.conf import settings

from .navigation import items_for


def portal(request):
    """What every page needs: the navigation for this person and the program contact."""
    return {
        "nav_items": items_for(request.user, request.path) if hasattr(request, "user") else [],
        "program_contact_email": settings.PROGRAM_CONTACT_EMAIL,
        "program_contact_phone": settings.PROGRAM_CONTACT_PHONE,
    }
