from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo accounts and records (idempotent). Refused in production."

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("Demo data is never loaded when DJANGO_ENV=production.")
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded. Demo logins:"))
        for login in logins:
            line = f"  {login.role:<40} {login.email:<30} password: {login.password}"
            if login.note:
                line += f"  ({login.note})"
            self.stdout.write(line)
