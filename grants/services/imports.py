"""Writing imported applications: all rows or none, and re-importing the same file changes nothing."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..imports import CsvImportError, parse_applications_csv
from ..models import Application, County, Organization
from .eligibility import invalidate_round_outcomes

FLAG_FIELDS = {
    "public_safety_engagement_experience": "has_public_safety_engagement_experience",
    "community_engagement": "has_community_engagement",
    "law_enforcement_partner": "has_law_enforcement_partner",
    "dei_partner": "has_dei_partner",
    "measurable_goals": "has_measurable_goals",
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    organizations_created: int = 0


def import_applications_csv(source, funding_round, *, by=None):
    """Parse and write a CSV of applications into a round; raises CsvImportError and writes nothing on any problem.

    ``source`` is the text or an open text file (read row by row).
    """
    rows = parse_applications_csv(source, County.objects.values_list("fips", "name"))
    return import_application_rows(rows, funding_round, by=by)


@transaction.atomic
def import_application_rows(rows, funding_round, *, by=None):
    result = ImportResult()
    organizations = {o.legal_name.casefold(): o for o in Organization.objects.all()}
    ubi_owners = {o.ubi: o for o in organizations.values() if o.ubi}
    existing = {
        a.reference: a
        for a in Application.objects.filter(funding_round=funding_round)
        .select_related("organization")
        .prefetch_related("counties")
    }
    for row in rows:
        organization = organizations.get(row.organization.casefold())
        if row.organization_ubi and ubi_owners.get(row.organization_ubi, organization) != organization:
            raise CsvImportError(
                row.line,
                "organization_ubi",
                f"{row.organization_ubi} is the UBI of {ubi_owners[row.organization_ubi].legal_name}",
            )
        if organization is None:
            organization = Organization(
                legal_name=row.organization, org_type=row.organization_type, ubi=row.organization_ubi
            )
            organization._change_reason = "Created by an applications import"
            organization.save()
            organizations[row.organization.casefold()] = organization
            result.organizations_created += 1
        elif organization.org_type != row.organization_type:
            raise CsvImportError(
                row.line,
                "organization_type",
                f"{row.organization!r} is recorded as {organization.org_type}, not {row.organization_type}",
            )
        elif row.organization_ubi and organization.ubi != row.organization_ubi:
            if organization.ubi:
                raise CsvImportError(
                    row.line,
                    "organization_ubi",
                    f"{row.organization!r} is recorded with UBI {organization.ubi}, not {row.organization_ubi}",
                )
            organization.ubi = row.organization_ubi
            organization._change_reason = "UBI added by an applications import"
            organization.save()
        if row.organization_ubi:
            ubi_owners[row.organization_ubi] = organization
        application = existing.get(row.reference)
        if application is not None and application.organization_id != organization.pk:
            raise CsvImportError(
                row.line,
                "reference",
                f"{row.reference!r} belongs to {application.organization.legal_name} in this round",
            )
        if application is not None and application.source != Application.Source.IMPORT:
            raise CsvImportError(row.line, "reference", f"{row.reference!r} was made in the portal")
        wanted = {
            "status": row.status,
            "communities": list(row.communities),
            "requested_amount": row.requested_amount,
            **{field: getattr(row, column) for column, field in FLAG_FIELDS.items()},
        }
        if application is None:
            application = Application(
                funding_round=funding_round,
                organization=organization,
                reference=row.reference,
                source=Application.Source.IMPORT,
                submitted_at=timezone.now(),
                created_by=by,
                **wanted,
            )
            _stamp_withdrawal(application, row, by)
            application._change_reason = "Imported"
            application.save()
            application.counties.set(row.county_fips)
            result.created += 1
            continue
        changed = [name for name, value in wanted.items() if getattr(application, name) != value]
        counties_changed = {c.pk for c in application.counties.all()} != set(row.county_fips)
        if not changed and not counties_changed:
            result.unchanged += 1
            continue
        for name in changed:
            setattr(application, name, wanted[name])
        if "status" in changed:
            _stamp_withdrawal(application, row, by)
        if changed:
            application._change_reason = "Updated by a re-import"
            application.save()
        if counties_changed:
            application.counties.set(row.county_fips)
        result.updated += 1
    invalidate_round_outcomes(funding_round)
    return result


def _stamp_withdrawal(application, row, by):
    if row.status == Application.Status.WITHDRAWN:
        application.withdrawn_at = application.withdrawn_at or timezone.now()
        application.withdrawn_by = application.withdrawn_by or by
        application.withdrawal_reason = application.withdrawal_reason or "Withdrawn (imported)"
    else:
        application.withdrawn_at = None
        application.withdrawn_by = None
        application.withdrawal_reason = ""
