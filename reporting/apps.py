from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Legislative reports")

    def ready(self):
        from . import lifecycle  # noqa: F401  (registers the report run table for templates)
