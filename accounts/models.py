"""People who sign in to the portal, and the role each one plays."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    """Users are identified by email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", User.Role.PROGRAM_MANAGER)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with a login: one per person, never shared by an organization."""

    class Role(models.TextChoices):
        # Grantee members get their organization rights from a Membership, not from this field.
        APPLICANT = "applicant", _("Applicant or grantee")
        REVIEWER = "reviewer", _("Reviewer")
        PROGRAM_MANAGER = "program_manager", _("Program manager")
        # Commerce fiscal staff release approved invoice payments (two-person rule with the manager).
        FISCAL = "fiscal", _("Fiscal officer")

    username = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.APPLICANT)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    @property
    def is_commerce_staff(self):
        """Program managers, reviewers and fiscal officers work for Commerce and must use MFA."""
        return self.role in {self.Role.PROGRAM_MANAGER, self.Role.REVIEWER, self.Role.FISCAL}

    @property
    def is_program_manager(self):
        return self.role == self.Role.PROGRAM_MANAGER

    @property
    def is_fiscal(self):
        return self.role == self.Role.FISCAL

    @property
    def is_reviewer(self):
        return self.role == self.Role.REVIEWER
