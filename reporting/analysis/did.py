"""A difference-in-differences estimate of the change in crime rates in funded counties against unfunded ones.

Two periods — the pre-award baseline year and the last full award year — and one observation per county and
year (reported offenses per 1,000 residents). The estimate is the funded counties' mean change minus the
comparison counties' mean change, from an OLS regression of each county's change on a funded indicator.
With two periods, regressing the change removes each county's fixed level (county fixed effects) and the
intercept absorbs the common year shift (year fixed effects); a heteroskedasticity-robust (HC2) standard
error on the one-row-per-county change is the county-clustered standard error of the two-period panel.
The 95% interval uses Student's t with n - 2 degrees of freedom. statsmodels does the arithmetic.

Pure: plain data in, a DidResult out. When the data cannot support an estimate, the result says why.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .rates import per_1000

MIN_COUNTIES_PER_GROUP = 2
CONFIDENCE = 0.95


def did_assumptions():
    """The assumptions and limits the report prints beside the estimate, in the reader's language."""
    return (
        _(
            "Parallel trends: without the program, crime rates in funded counties would have changed as they did "
            "in the comparison counties. This cannot be tested with two years of data."
        ),
        _(
            "Few treated units: only a small number of counties were funded, so the interval is wide and one "
            "unusual county can move the estimate."
        ),
        _(
            "County-level aggregation: programs serve neighbourhoods or cities, but offenses and population are "
            "counted for whole counties, which dilutes any local effect. Every county counts equally, whatever "
            "its size."
        ),
        _(
            "Reporting changes: changes in how agencies record and report offenses (for example the move to "
            "NIBRS), and changes in residents' willingness to report, change the counts without any change in "
            "crime."
        ),
        _(
            "Selection: counties were funded because local organizations applied and qualified, not at random; "
            "funded and unfunded counties may differ in ways that also change crime."
        ),
        _("The comparison estimates an association, not proof that the program caused the difference."),
    )


@dataclass(frozen=True)
class GroupRates:
    """Mean rate per 1,000 residents of a group of counties before and after, and the counties in it."""

    counties: tuple[str, ...]
    before: float | None
    after: float | None

    @property
    def change(self):
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class DidResult:
    """The estimate with its interval, the two groups' mean rates, and plain-language text.

    ``estimate`` is the funded counties' change in offenses per 1,000 residents minus the comparison counties'
    change (negative: crime fell more, or rose less, in funded counties). When no estimate is possible,
    ``estimate`` and the interval are None and ``reason`` says why.
    """

    outcome: str
    baseline_year: int | None
    after_year: int | None
    funded: GroupRates
    comparison: GroupRates
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    std_error: float | None
    p_value: float | None
    excluded: tuple[str, ...]
    method: str
    summary: str
    reason: str = ""
    assumptions: tuple[str, ...] = field(default_factory=did_assumptions)
    confidence: float = CONFIDENCE

    @property
    def is_available(self):
        return self.estimate is not None

    @property
    def interval_includes_zero(self):
        return self.is_available and self.ci_low <= 0 <= self.ci_high


def _method():
    return _(
        "Difference in differences: each county's change in reported offenses per 1,000 residents from the "
        "baseline year to the last full award year, funded counties against counties without an award, by "
        "ordinary least squares with county-clustered (HC2) standard errors and a %(level)s%% confidence "
        "interval (statsmodels)."
    ) % {"level": round(CONFIDENCE * 100)}


def _number(value):
    return f"{value:+.2f}" if value is not None else "–"


def _unavailable(reason, baseline, after, funded=None, comparison=None, excluded=()):
    empty = GroupRates((), None, None)
    summary = _("No comparison of crime rates can be made: %(reason)s.") % {"reason": reason}
    return DidResult(
        outcome=_("Reported offenses per 1,000 residents"),
        baseline_year=baseline,
        after_year=after,
        funded=funded or empty,
        comparison=comparison or empty,
        estimate=None,
        ci_low=None,
        ci_high=None,
        std_error=None,
        p_value=None,
        excluded=tuple(excluded),
        method=_method(),
        summary=summary,
        reason=reason,
    )


def _mean(values):
    return sum(values) / len(values) if values else None


def difference_in_differences(rows, funded_fips, *, baseline_year, after_year, exclude_fips=()):
    """Estimate the program's association with crime rates from county-year rows (rates.CountyYear).

    ``funded_fips``: counties served by an award of the round; ``exclude_fips``: counties that belong to
    neither group (e.g. served by another round's award during the window). Every other county with data is
    a comparison county. Counties without a rate in both years are left out and listed in ``excluded``.
    """
    if baseline_year is None:
        return _unavailable(_("there is no baseline year"), baseline_year, after_year)
    if after_year is None:
        return _unavailable(_("the award period contains no full calendar year"), baseline_year, after_year)
    if after_year <= baseline_year:
        return _unavailable(
            _("the comparison year is not after the baseline year"), baseline_year, after_year
        )
    rows = list(rows)
    if not any(row.offenses is not None for row in rows):
        return _unavailable(
            _("no county offense counts are on record (manage.py import_county_statistics)"),
            baseline_year,
            after_year,
        )
    funded_fips, exclude_fips = set(funded_fips), set(exclude_fips) - set(funded_fips)
    names, before, after = {}, {}, {}
    for row in rows:
        if row.fips in exclude_fips or row.year not in (baseline_year, after_year):
            continue
        names[row.fips] = row.county
        rate = per_1000(row.offenses, row.population)
        if rate is not None:
            (before if row.year == baseline_year else after)[row.fips] = rate
    complete = sorted(set(before) & set(after), key=lambda f: names[f])
    excluded = []
    for fips in sorted(set(names) - set(complete), key=lambda f: names[f]):
        missing = [str(y) for y, rates in ((baseline_year, before), (after_year, after)) if fips not in rates]
        excluded.append(
            _("%(county)s (no rate for %(years)s)") % {"county": names[fips], "years": ", ".join(missing)}
        )
    treated = [f for f in complete if f in funded_fips]
    control = [f for f in complete if f not in funded_fips]
    funded = GroupRates(
        tuple(names[f] for f in treated),
        _mean([before[f] for f in treated]),
        _mean([after[f] for f in treated]),
    )
    comparison = GroupRates(
        tuple(names[f] for f in control),
        _mean([before[f] for f in control]),
        _mean([after[f] for f in control]),
    )
    if not funded_fips:
        return _unavailable(
            _("no county was funded"), baseline_year, after_year, funded, comparison, excluded
        )
    if len(treated) < MIN_COUNTIES_PER_GROUP:
        reason = _(
            "fewer than %(n)s funded counties have offense and population data for both %(a)s and %(b)s"
        )
        reason %= {"n": MIN_COUNTIES_PER_GROUP, "a": baseline_year, "b": after_year}
        return _unavailable(reason, baseline_year, after_year, funded, comparison, excluded)
    if len(control) < MIN_COUNTIES_PER_GROUP:
        reason = _(
            "fewer than %(n)s unfunded counties have offense and population data for both %(a)s and %(b)s"
        ) % {"n": MIN_COUNTIES_PER_GROUP, "a": baseline_year, "b": after_year}
        return _unavailable(reason, baseline_year, after_year, funded, comparison, excluded)
    estimate, low, high, std_error, p_value = _fit(
        [after[f] - before[f] for f in complete], [1.0 if f in funded_fips else 0.0 for f in complete]
    )
    return DidResult(
        outcome=_("Reported offenses per 1,000 residents"),
        baseline_year=baseline_year,
        after_year=after_year,
        funded=funded,
        comparison=comparison,
        estimate=estimate,
        ci_low=low,
        ci_high=high,
        std_error=std_error,
        p_value=p_value,
        excluded=tuple(excluded),
        method=_method(),
        summary=_summary(baseline_year, after_year, funded, comparison, estimate, low, high),
    )


def _fit(changes, treated):
    """OLS of each county's change on a funded indicator; HC2 errors; t-based 95% interval."""
    import numpy as np
    import statsmodels.api as sm

    design = sm.add_constant(np.asarray(treated), has_constant="add")
    result = sm.OLS(np.asarray(changes), design).fit(cov_type="HC2", use_t=True)
    low, high = result.conf_int(alpha=1 - CONFIDENCE)[1]
    std_error = float(result.bse[1])
    p_value = float(result.pvalues[1]) if std_error > 0 else None
    return float(result.params[1]), float(low), float(high), std_error, p_value


def _summary(baseline, after, funded, comparison, estimate, low, high):
    text = _(
        "From %(baseline)s to %(after)s, reported offenses per 1,000 residents changed by %(funded)s on average "
        "in the %(n_funded)s funded counties and by %(comparison)s in the %(n_comparison)s counties without an "
        "award. The difference is %(estimate)s per 1,000 residents (95%% confidence interval %(low)s to "
        "%(high)s)."
    ) % {
        "baseline": baseline,
        "after": after,
        "funded": _number(funded.change),
        "n_funded": len(funded.counties),
        "comparison": _number(comparison.change),
        "n_comparison": len(comparison.counties),
        "estimate": _number(estimate),
        "low": _number(low),
        "high": _number(high),
    }
    if low <= 0 <= high:
        text += " " + _(
            "The interval includes zero: these data cannot distinguish an effect of the program from chance."
        )
    elif high < 0:
        text += " " + _(
            "The interval lies below zero: crime rates fell more (or rose less) in funded counties, an "
            "association that is not proof the program caused it."
        )
    else:
        text += " " + _(
            "The interval lies above zero: crime rates rose more (or fell less) in funded counties, an "
            "association that is not proof the program caused it."
        )
    return text
