"""Reference statistics the reports compare the program against: county population and offenses by year."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .counties import County


class CountyStatistic(models.Model):
    """One county's resident population and reported offenses in one calendar year, with where they come from.

    ``offenses`` may be empty: the seeded census file gives population only. Imported by
    ``manage.py import_county_statistics``; a later file updates a row and the history keeps the old values.
    """

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="statistics", verbose_name=_("county")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    offenses = models.PositiveIntegerField(_("reported offenses"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("county statistic")
        verbose_name_plural = _("county statistics")
        ordering = ["county__name", "year"]
        constraints = [
            models.UniqueConstraint(fields=("county", "year"), name="one_statistic_per_county_year")
        ]

    def __str__(self):
        return f"{self.county} {self.year}"
