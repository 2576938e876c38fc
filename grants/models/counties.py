"""Washington's counties and the service areas rounds are organized by."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """One of Washington's 39 counties, keyed by its Census FIPS code (53001 Adams … 53077 Yakima)."""

    fips = models.CharField(_("FIPS code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ServiceArea(models.Model):
    """A listed area of a round, covering one or more counties (Chelan-Douglas covers two)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)
    counties = models.ManyToManyField(County, related_name="service_areas", verbose_name=_("counties"))

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        ordering = ["name"]

    def __str__(self):
        return self.name
