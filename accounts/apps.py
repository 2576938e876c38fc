from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from .admin_site import guard_admin_site
        from .mfa import record_mfa_on_activation

        authenticator_added.connect(
            record_mfa_on_activation, dispatch_uid="accounts.record_mfa_on_activation"
        )
        guard_admin_site()
