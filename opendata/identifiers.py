"""Identifiers for open data, following the 360Giving identifier guidance (standard.threesixtygiving.org).

Organizations: an org-id (http://org-id.guide) is a list code plus the organization's number on that list. A
nonprofit or business registered in Washington is on the Secretary of State's Corporations and Charities register,
org-id list ``US-WA-CR``, whose numbers are UBIs: its org-id is ``US-WA-CR-<UBI>``. Public agencies (cities,
counties, tribes' and state bodies, law-enforcement agencies) hold a UBI from the Business Licensing Service but are
not on that register, and some organizations give no UBI: for them the guidance says to use the publisher's own
360Giving prefix with an internal identifier, so they get ``<prefix>-org-<portal id>``, stable for the life of the
portal's record.

Grants: ``<prefix>-<contract number>``, characters other than letters, digits and hyphens replaced by ``_``.
The prefix (``OPEN_DATA_360G_PREFIX``, default ``360G-wacommerce-clep``) must be registered with 360Giving before
the data is published to its registry.
"""

import re

from django.conf import settings

from grants.models import Organization

WA_CORPORATIONS_LIST = "US-WA-CR"
_UNSAFE = re.compile(r"[^A-Za-z0-9-]")
REGISTERED_TYPES = {Organization.Type.NONPROFIT, Organization.Type.FOR_PROFIT}


def publisher_prefix():
    return settings.OPEN_DATA_360G_PREFIX


def organization_id(organization):
    if organization.ubi and organization.org_type in REGISTERED_TYPES:
        return f"{WA_CORPORATIONS_LIST}-{organization.ubi}"
    return f"{publisher_prefix()}-org-{organization.pk}"


def grant_id(award):
    return f"{publisher_prefix()}-{_UNSAFE.sub('_', award.contract_number)}"
