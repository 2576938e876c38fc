"""Perceptions of law enforcement: each grantee's change in the share of survey respondents who trust law
enforcement, from its first survey wave (the baseline) to its last, with respondent counts and 95% intervals.

The share's interval is Wilson's score interval and the change's is Newcombe's hybrid score interval for a
difference of independent proportions (statsmodels.stats.proportion). Pure: AwardData in, results out.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .inputs import SURVEY_RESPONDENTS, SURVEY_SHARE

CONFIDENCE = 0.95


def perception_limits():
    """What the survey figures can and cannot say, in the reader's language."""
    return (
        _(
            "Each grantee runs its own survey of the people it reaches; respondents are not a random sample of "
            "the county, and questions and methods may differ between grantees."
        ),
        _(
            "The intervals treat each wave's respondents as independent samples; when the same people answer "
            "twice, the interval for the change is wider than it needs to be."
        ),
        _("The count of trusting respondents is the reported share times the respondents, rounded."),
    )


@dataclass(frozen=True)
class ShareEstimate:
    """One survey wave: the share who trust law enforcement (percent), respondents, and the 95% interval."""

    quarter: str
    percent: float
    respondents: int
    low: float
    high: float


@dataclass(frozen=True)
class PerceptionChange:
    """A grantee's (or the program's pooled) change from the baseline wave to the last wave, in points."""

    award_id: int | None
    grantee: str
    baseline: ShareEstimate | None
    latest: ShareEstimate | None
    change_points: float | None
    change_low: float | None
    change_high: float | None
    summary: str
    reason: str = ""

    @property
    def is_available(self):
        return self.change_points is not None


@dataclass(frozen=True)
class Perceptions:
    """Every grantee's change and the pooled change over all grantees with two waves."""

    grantees: tuple[PerceptionChange, ...]
    pooled: PerceptionChange
    method: str
    limits: tuple[str, ...]


def share_estimate(quarter, percent, respondents):
    """A wave's share with its Wilson interval, in percent."""
    from statsmodels.stats.proportion import proportion_confint

    trusting = round(float(percent) * respondents / 100)
    low, high = proportion_confint(trusting, respondents, alpha=1 - CONFIDENCE, method="wilson")
    return ShareEstimate(quarter, float(percent), int(respondents), float(low) * 100, float(high) * 100)


def change_interval(baseline, latest):
    """Newcombe's interval for latest - baseline, in percentage points."""
    from statsmodels.stats.proportion import confint_proportions_2indep

    low, high = confint_proportions_2indep(
        round(latest.percent * latest.respondents / 100),
        latest.respondents,
        round(baseline.percent * baseline.respondents / 100),
        baseline.respondents,
        method="newcomb",
        compare="diff",
        alpha=1 - CONFIDENCE,
    )
    return float(low) * 100, float(high) * 100


def survey_waves(award):
    """The award's usable waves in quarter order: a share and at least one respondent."""
    waves = []
    for quarter in award.quarters:
        percent = award.number(quarter, SURVEY_SHARE)
        respondents = award.number(quarter, SURVEY_RESPONDENTS)
        if percent is not None and respondents and respondents > 0:
            waves.append(share_estimate(quarter, percent, int(respondents)))
    return waves


def _change(award_id, grantee, waves):
    if not waves:
        reason = _("no survey wave with respondents was reported")
        return PerceptionChange(
            award_id, grantee, None, None, None, None, None, _no_change(grantee, reason), reason
        )
    baseline, latest = waves[0], waves[-1]
    if len(waves) < 2:
        reason = _("only one survey wave (%(quarter)s) was reported") % {"quarter": baseline.quarter}
        return PerceptionChange(
            award_id, grantee, baseline, None, None, None, None, _no_change(grantee, reason), reason
        )
    low, high = change_interval(baseline, latest)
    change = latest.percent - baseline.percent
    summary = _(
        "%(grantee)s: %(before).0f%% of %(n_before)s respondents trusted law enforcement in %(q_before)s and "
        "%(after).0f%% of %(n_after)s in %(q_after)s, a change of %(change)+.1f points (95%% interval "
        "%(low)+.1f to %(high)+.1f)."
    ) % {
        "grantee": grantee,
        "before": baseline.percent,
        "n_before": number_format(baseline.respondents, force_grouping=True),
        "q_before": baseline.quarter,
        "after": latest.percent,
        "n_after": number_format(latest.respondents, force_grouping=True),
        "q_after": latest.quarter,
        "change": change,
        "low": low,
        "high": high,
    }
    return PerceptionChange(award_id, grantee, baseline, latest, change, low, high, summary)


def _no_change(grantee, reason):
    return _("%(grantee)s: no change can be shown (%(reason)s).") % {"grantee": grantee, "reason": reason}


def perception_changes(awards):
    """Each award's change from its first to its last survey wave, and the pooled change.

    The pooled baseline adds up every grantee's baseline wave (respondents and trusting respondents), the
    pooled latest every grantee's last wave, over grantees with at least two waves.
    """
    grantees, baselines, latests = [], [], []
    for award in awards:
        waves = survey_waves(award)
        grantees.append(_change(award.award_id, award.grantee, waves))
        if len(waves) >= 2:
            baselines.append(waves[0])
            latests.append(waves[-1])
    label = _("All grantees")
    if not baselines:
        reason = _("no grantee reported two survey waves with respondents")
        pooled = PerceptionChange(
            None, label, None, None, None, None, None, _no_change(label, reason), reason
        )
    else:
        pooled = _change(
            None, label, [_pool(baselines, _("the first waves")), _pool(latests, _("the last waves"))]
        )
    method = _(
        "Share of respondents who trust law enforcement in each grantee's first and last survey waves, with "
        "Wilson %(level)s%% intervals for each share and Newcombe intervals for the change (statsmodels)."
    ) % {"level": round(CONFIDENCE * 100)}
    return Perceptions(tuple(grantees), pooled, method, perception_limits())


def _pool(waves, quarter):
    respondents = sum(w.respondents for w in waves)
    trusting = sum(round(w.percent * w.respondents / 100) for w in waves)
    return share_estimate(quarter, trusting * 100 / respondents, respondents)
