from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self):
        from . import signals  # noqa: F401  (connects the eligibility-cache safety net)

        # The lifecycle tables register themselves for templates (grants.templatetags.lifecycle_tags).
        from .lifecycles import applications, awards, quarterly  # noqa: F401
