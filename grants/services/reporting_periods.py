"""An award's reporting periods follow its period of performance, also after an amendment."""

from django.db import transaction

from ..models import ReportingPeriod
from ..schedule import reporting_quarters


def new_reporting_period(award, quarter):
    """An unsaved reporting period for one quarter (grants.schedule.Quarter) of the award's schedule."""
    return ReportingPeriod(
        award=award,
        year=quarter.year,
        quarter=quarter.quarter,
        starts_on=quarter.starts_on,
        ends_on=quarter.ends_on,
        due_on=quarter.due_on,
    )


@transaction.atomic
def ensure_reporting_periods(award):
    """Create the award's missing quarters and deactivate the ones its (amended) period no longer covers.

    Idempotent; a quarter that comes back into the period is reactivated, never duplicated. Periods are
    never deleted: a report may already hang off them.
    """
    quarters = reporting_quarters(award.period_start, award.period_end, award.funding_round.report_due_days)
    wanted = {(q.year, q.quarter): q for q in quarters}
    existing = {(p.year, p.quarter): p for p in award.reporting_periods.all()}
    for key, quarter in wanted.items():
        period = existing.get(key)
        fields = {
            "starts_on": quarter.starts_on,
            "ends_on": quarter.ends_on,
            "due_on": quarter.due_on,
            "is_active": True,
        }
        if period is None:
            new_reporting_period(award, quarter).save()
        elif any(getattr(period, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(period, name, value)
            period.save()
    for key, period in existing.items():
        if key not in wanted and period.is_active:
            period.is_active = False
            period.save(update_fields=["is_active"])
    return list(award.reporting_periods.filter(is_active=True).order_by("year", "quarter"))
