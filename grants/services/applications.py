"""Applications: start, save a step, submit, withdraw; attachments; staff eligibility overrides."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.notifications import notify

from ..lifecycles.applications import APPLICATION
from ..models import Application, Attachment, EligibilityOverride, FundingRound, Partner
from ..permissions import check_permission
from ..programs import definition_for
from ..uploads import UploadRefused, check_upload
from .eligibility import invalidate_round_outcomes
from .errors import ServiceError

# The steps of the application form, in order, with the fields each one writes.
STEPS = (
    ("project", gettext_lazy("Project and experience")),
    ("engagement", gettext_lazy("Community engagement")),
    ("partners", gettext_lazy("Partners")),
    ("goals", gettext_lazy("Priorities and goals")),
    ("area", gettext_lazy("Counties and communities")),
    ("budget", gettext_lazy("Budget")),
    ("attachments", gettext_lazy("Attachments")),
    ("review", gettext_lazy("Review and submit")),
)
STEP_CODES = tuple(code for code, _label in STEPS)
STEP_FIELDS = {
    "project": (
        "project_title",
        "project_summary",
        "public_safety_engagement_experience",
        "engagement_examples",
    ),
    "engagement": ("community_engagement",),
    "partners": (),
    "goals": ("priorities_and_policies",),
    "area": ("communities",),
    "budget": ("requested_amount", "budget_narrative"),
    "attachments": (),
    "review": (),
}


class ApplicationIncomplete(ServiceError):
    """Submission refused: ``problems`` lists (step code, message) pairs, one per thing to fix."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(_("The application is not complete yet. Fix the points below, then submit again."))


def next_reference(funding_round):
    prefix = definition_for(funding_round).reference_prefix(funding_round)
    numbers = [
        int(match.group(1))
        for reference in Application.objects.filter(
            funding_round=funding_round, reference__startswith=f"{prefix}-"
        ).values_list("reference", flat=True)
        if (match := re.fullmatch(rf"{re.escape(prefix)}-(\d+)", reference))
    ]
    return f"{prefix}-{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def start_application(organization, funding_round, *, by):
    """A member starts the organization's application to an open round: one per organization per round."""
    check_permission("application.start", by, organization)
    funding_round = FundingRound.objects.select_for_update().get(pk=funding_round.pk)
    if not funding_round.is_open_for_applications():
        raise ServiceError(_("This funding round is not open for applications."))
    existing = Application.objects.filter(organization=organization, funding_round=funding_round).first()
    if existing:
        raise ServiceError(
            _("%(organization)s already has an application to this round (%(reference)s).")
            % {"organization": organization, "reference": existing.reference}
        )
    application = Application(
        funding_round=funding_round,
        organization=organization,
        reference=next_reference(funding_round),
        status=Application.Status.DRAFT,
        source=Application.Source.PORTAL,
        created_by=by,
        current_step=STEP_CODES[0],
        communities=list(organization.communities or []),
    )
    application._change_reason = "Application started"
    application.save()
    eligible = set(funding_round.eligible_counties.values_list("fips", flat=True))
    application.counties.set([c for c in organization.counties.all() if c.fips in eligible])
    return application


@transaction.atomic
def save_application_step(
    application, step, *, by, fields=None, counties=None, formset=None, apply_deletions=True
):
    """Save a draft step: its fields, its counties, or its partners/goals formset (a bound, valid inline
    formset). Nothing is checked for completeness here: the draft keeps whatever was typed until it is
    submitted. Autosave passes ``apply_deletions=False``: rows marked for removal go only on an explicit save."""
    if step not in STEP_CODES:
        raise ServiceError(_("Unknown step."))
    check_permission("application.edit", by, application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    APPLICATION.check(application, "edit")
    for name, value in (fields or {}).items():
        if name not in STEP_FIELDS[step]:
            raise ServiceError(_("Unknown field."))
        setattr(application, name, value)
    application.current_step = step
    application._change_reason = f"Draft saved ({step})"
    application.save()
    if counties is not None:
        allowed = set(application.funding_round.eligible_counties.values_list("fips", flat=True))
        application.counties.set([c for c in counties if c.pk in allowed])
    if formset is not None:
        formset.instance = application
        for row in formset.save(commit=False):
            row.application = application
            row._change_reason = f"Draft saved ({step})"
            row.save()
        if apply_deletions:
            for row in formset.deleted_objects:
                row._change_reason = f"Removed from the draft ({step})"
                row.delete()
    return application


def has_measurable_goal(goals):
    return any(
        g.description.strip() and g.metric.strip() and g.target is not None and g.timeframe.strip()
        for g in goals
    )


def derive_criteria_flags(application):
    """The criteria booleans an application made in the portal shows by its content (RCW 43.330.545(3))."""
    partner_types = {p.partner_type for p in application.partners.all()}
    return {
        "has_public_safety_engagement_experience": bool(
            application.public_safety_engagement_experience.strip()
        ),
        "has_community_engagement": bool(application.community_engagement.strip()),
        # (3)(d): a law-enforcement applicant is its own law-enforcement partner.
        "has_law_enforcement_partner": Partner.Type.LAW_ENFORCEMENT in partner_types
        or application.organization.is_law_enforcement,
        "has_dei_partner": Partner.Type.DEI in partner_types,
        "has_measurable_goals": has_measurable_goal(application.goals.all()),
    }


def submission_problems(application):
    """What must be filled in before submitting, each with the step where it is fixed."""
    problems = []
    if not application.project_title.strip():
        problems.append(("project", _("Give the project a title.")))
    if not application.public_safety_engagement_experience.strip():
        problems.append(
            ("project", _("Describe your experience with community engagement that affects public safety."))
        )
    if not application.community_engagement.strip():
        problems.append(("engagement", _("Describe how community engagement is part of your services.")))
    if not application.partners.exists():
        problems.append(("partners", _("Name at least one committed partner.")))
    if not has_measurable_goal(application.goals.all()):
        problems.append(
            ("goals", _("Set at least one measurable goal with what is measured, a target and a timeframe."))
        )
    if not application.counties.exists():
        problems.append(("area", _("Choose at least one county you serve.")))
    if application.requested_amount is None or application.requested_amount <= 0:
        problems.append(("budget", _("Enter the amount you request.")))
    if not application.budget_narrative.strip():
        problems.append(("budget", _("Explain how the money will be spent.")))
    return problems


@transaction.atomic
def submit_application(application, *, by):
    """Submit a complete draft: derive the criteria flags from its content and stop further editing."""
    check_permission("application.submit", by, application)
    application = (
        Application.objects.select_for_update()
        .select_related("organization", "funding_round")
        .get(pk=application.pk)
    )
    APPLICATION.check(application, "submit")
    problems = submission_problems(application)
    if problems:
        raise ApplicationIncomplete(problems)
    for name, value in derive_criteria_flags(application).items():
        setattr(application, name, value)
    application.status = APPLICATION.transition("submit").target
    application.submitted_at = timezone.now()
    application.submitted_by = by
    application.current_step = "review"
    application._change_reason = "Application submitted"
    application.save()
    invalidate_round_outcomes(application.funding_round_id)
    notify(
        template="application_submitted",
        email=by.email,
        recipient=by,
        context={
            "reference": application.reference,
            "organization": application.organization.legal_name,
            "round": application.funding_round.name,
            "application_id": application.pk,
        },
        dedupe_key=f"application-submitted-{application.pk}",
    )
    return application


@transaction.atomic
def withdraw_application(application, *, by, reason):
    """The applicant withdraws a submitted application, saying why; it stays on record.

    Refused once the application is funded or the round's decisions are final (grants.lifecycles.applications).
    """
    check_permission("application.withdraw", by, application)
    application = (
        Application.objects.select_for_update().select_related("funding_round").get(pk=application.pk)
    )
    APPLICATION.check(application, "withdraw")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the application is withdrawn."))
    application.status = APPLICATION.transition("withdraw").target
    application.withdrawn_at = timezone.now()
    application.withdrawn_by = by
    application.withdrawal_reason = reason
    application._change_reason = f"Application withdrawn: {reason}"
    application.save()
    invalidate_round_outcomes(application.funding_round_id)
    return application


@transaction.atomic
def override_eligibility(application, *, is_eligible, reason, by):
    """Staff decide an application is (or is not) eligible, whatever the computed result; the newest override
    replaces the previous one, which stays in the history. It counts in the law-enforcement rule for others."""
    check_permission("application.override_eligibility", by, application)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason for the eligibility decision."))
    if application.is_draft:
        raise ServiceError(_("A draft application has no eligibility decision yet."))
    for previous in EligibilityOverride.objects.select_for_update().filter(
        application=application, is_active=True
    ):
        previous.is_active = False
        previous._change_reason = "Replaced by a newer eligibility decision"
        previous.save()
    override = EligibilityOverride(
        application=application, is_eligible=is_eligible, reason=reason, decided_by=by
    )
    override._change_reason = f"Eligibility set by staff: {reason}"
    override.save()
    invalidate_round_outcomes(application.funding_round_id)
    return override


@transaction.atomic
def clear_eligibility_override(application, *, reason, by):
    """Staff return an application to its computed eligibility."""
    check_permission("application.override_eligibility", by, application)
    for previous in EligibilityOverride.objects.select_for_update().filter(
        application=application, is_active=True
    ):
        previous.is_active = False
        previous._change_reason = f"Override removed: {reason}"
        previous.save()
    invalidate_round_outcomes(application.funding_round_id)


@transaction.atomic
def add_attachment(application, *, uploaded_file, by, description=""):
    """Attach a checked file to a draft application."""
    check_permission("application.edit", by, application)
    APPLICATION.check(application, "edit")
    try:
        checked = check_upload(uploaded_file)
    except UploadRefused as refusal:
        raise ServiceError(str(refusal)) from refusal
    attachment = Attachment(
        application=application,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        description=description,
        uploaded_by=by,
    )
    attachment.file.save(checked.name, uploaded_file, save=False)
    attachment._change_reason = "Attachment added"
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(attachment, *, by):
    """Take an attachment off a draft; the file and its record are kept (removed_at) for the record."""
    check_permission("application.edit", by, attachment.application)
    APPLICATION.check(attachment.application, "edit")
    if attachment.removed_at is None:
        attachment.removed_at = timezone.now()
        attachment._change_reason = "Attachment removed"
        attachment.save()
    return attachment
