"""Settings for the CLEP Portal, read from the environment (django-environ).

One module for every environment: ``DJANGO_ENV=production`` switches on the
deployment hardening that ``manage.py check --deploy`` asks for. Every variable
is listed in the README.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
IS_PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not IS_PRODUCTION)
if IS_PRODUCTION:
    # Production refuses to start without a real key: no default can leak into a deployment.
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789-abcdefghijklmnop")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "csp",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "accounts",
    "portal",
    "grants",
    "reporting",
    "demo",
    "opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that can answer (CommonMiddleware): CORS headers for the open data API only.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that a lockout answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clep_portal.urls"
WSGI_APPLICATION = "clep_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded attachments are capped by the forms (10 MB); this only bounds what Django keeps in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Accounts ---------------------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "grants:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "portal:home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CLEP] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if IS_PRODUCTION else "http"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,10/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CLEP Portal"

# django-axes: five failed logins for one account from one address lock that pair out for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.login_identifier"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# --- Language and formats ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# Django ships no Tagalog locale; this entry lets the language switcher and get_language_info know it.
LANG_INFO.setdefault("tl", {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"})
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("tl", _("Tagalog"))]
# Ours first; then the Tagalog for the allauth and Django messages our pages show (scripts/thirdparty_strings.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "thirdparty"]
FORMAT_MODULE_PATH = ["clep_portal.formats"]
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True

# --- Email and notices ------------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)  # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, …
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CLEP Portal <clep@commerce.wa.gov>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PROGRAM_CONTACT_EMAIL = env.str("PROGRAM_CONTACT_EMAIL", default="clep@commerce.wa.gov")
PROGRAM_CONTACT_PHONE = env.str("PROGRAM_CONTACT_PHONE", default="360-725-4000")

# --- Celery -----------------------------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL or "memory://"
# Without a broker the portal still works on one machine: tasks run in-process, at once.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Jobs that survive a dead worker or broker (see portal/jobs.py). The longest job (a report) is stopped
# after JOB_TIME_LIMIT_SECONDS; the broker's visibility timeout is well above it, so a message is never
# handed to a second worker while the first still works on it. A killed worker's job is found by its
# heartbeat instead (reporting.recover_runs), within JOB_STALE_AFTER_SECONDS plus one relay interval.
JOB_TIME_LIMIT_SECONDS = env.int("JOB_TIME_LIMIT_SECONDS", default=900)
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=15)
JOB_STALE_AFTER_SECONDS = env.float("JOB_STALE_AFTER_SECONDS", default=120)
JOB_REDISPATCH_AFTER_SECONDS = env.float("JOB_REDISPATCH_AFTER_SECONDS", default=60)
JOB_RELAY_INTERVAL_SECONDS = env.float("JOB_RELAY_INTERVAL_SECONDS", default=60)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * JOB_TIME_LIMIT_SECONDS,
    "socket_connect_timeout": 3,
}
# A request publishing while the broker is down gives up in about a second; the relay sends it later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Quarterly report reminders: each run sends only what no earlier run sent (Notice.dedupe_key).
REMINDER_INTERVAL_SECONDS = env.float("REMINDER_INTERVAL_SECONDS", default=3600)
CELERY_BEAT_SCHEDULE = {
    "quarterly-due-reminders": {
        "task": "grants.tasks.send_due_reminders",
        "schedule": REMINDER_INTERVAL_SECONDS,
    },
    # The outbox relay: notices and report runs still queued are published again; stale runs are re-queued.
    "relay-notices": {"task": "portal.relay_notices", "schedule": JOB_RELAY_INTERVAL_SECONDS},
    "recover-report-runs": {"task": "reporting.recover_runs", "schedule": JOB_RELAY_INTERVAL_SECONDS},
}

# --- Caches -----------------------------------------------------------------------------------------------------
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Eligibility outcomes of a round (grants.selectors.eligibility): versioned per round, so a change is seen at
# once; the timeout only bounds how long an unused version stays in the cache. 0 turns the cache off.
ELIGIBILITY_CACHE_SECONDS = env.int("ELIGIBILITY_CACHE_SECONDS", default=6 * 3600)
# Per-process counts for the open data API's rate limit, when OPEN_DATA_THROTTLE_CACHE=local.
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "opendata-local"}

# --- Open data (opendata/): the public API, 360Giving file and data catalog ---------------------------------
REST_FRAMEWORK = {
    # Anonymous and read-only: no session, so no CSRF and no personal answers to cache.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "opendata.api.throttling.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["opendata.api.throttling.PublicRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
OPEN_DATA_RATE_LIMIT = env.str("OPEN_DATA_RATE_LIMIT", default="120/minute")
OPEN_DATA_THROTTLE_CACHE = env.str("OPEN_DATA_THROTTLE_CACHE", default="local")
OPEN_DATA_360G_PREFIX = env.str("OPEN_DATA_360G_PREFIX", default="360G-wacommerce-clep")
OPEN_DATA_FUNDER_ORG_ID = env.str("OPEN_DATA_FUNDER_ORG_ID", default="360G-wacommerce")
OPEN_DATA_FUNDER_NAME = "Washington State Department of Commerce"
OPEN_DATA_LICENSE = env.str("OPEN_DATA_LICENSE", default="https://creativecommons.org/licenses/by/4.0/")
SPECTACULAR_SETTINGS = {
    "TITLE": "CLEP Portal open data API",
    "DESCRIPTION": (
        "Read-only data of Washington State's Community-Law Enforcement Partnership program (RCW 43.330.545): "
        "rounds, awards, funded organizations, accepted quarterly metrics, program figures and published "
        "reports. No account needed; answers carry ETag and Last-Modified; rate-limited per address."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}
# CORS: any site may read the open data (GET only, no cookies); nothing else on the portal is shared.
CORS_URLS_REGEX = r"^/(api/v1/.*|data\.json)$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]

# --- Forms ------------------------------------------------------------------------------------------------------
# Django's form renderer, with <select> written in Python (portal.forms_rendering): same HTML, faster lists.
FORM_RENDERER = "portal.forms_rendering.PortalFormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ---------------------------------------------------------------------------------------------------
# A strict policy: no inline script or style anywhere, so every script lives in static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the TOTP QR code that allauth renders as an inline SVG image.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every layout step and each CSS property of inline SVG it leaves to the SVG renderer.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# Demo only (make run): a fixed second-factor code for the demo staff accounts. allauth refuses it unless
# DEBUG is on, and production refuses it outright.
MFA_TOTP_INSECURE_BYPASS_CODE = None if IS_PRODUCTION else env.str("DEMO_MFA_CODE", default=None)
