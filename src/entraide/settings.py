"""Entraide settings: one file, read from environment variables.

Every variable is listed in the README. Secrets may be given directly
(``ENTRAIDE_SECRET_KEY``) or as a file (``ENTRAIDE_SECRET_KEY_FILE``).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def envsecret(name: str, default: str = "") -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {exc}") from None
    return os.environ.get(name, default)


VAR_DIR = Path(env("ENTRAIDE_VAR_DIR", str(BASE_DIR / "var")))
DATA_DIR = Path(env("ENTRAIDE_DATA_DIR", str(BASE_DIR / "data")))

DEBUG = envbool("ENTRAIDE_DEBUG", False)
DEMO = envbool("ENTRAIDE_DEMO", False)
# HTTPS is on unless a local demo or development server turns it off explicitly.
HTTPS = envbool("ENTRAIDE_HTTPS", True)


def _secret_key() -> str:
    key = envsecret("ENTRAIDE_SECRET_KEY")
    if key:
        return key
    if not (DEBUG or DEMO):
        raise ImproperlyConfigured("ENTRAIDE_SECRET_KEY (or ENTRAIDE_SECRET_KEY_FILE) is required outside demo mode")
    # Demo and development: a key kept under var/ so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in env("ENTRAIDE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("ENTRAIDE_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Redoc as static files: the CSP allows no CDN
    "django_filters",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "bootstrap",
    # Entraide, bottom layer first (see DESIGN.md).
    "entraide.core",
    "entraide.reference",
    "entraide.tenancy",
    "entraide.accounts",
    "entraide.audit",
    "entraide.library",
    "entraide.treaties",
    "entraide.directory",
    "entraide.cases",
    "entraide.drafting",
    "entraide.exchange",
    "entraide.stats",
    "entraide.notifications",
    # Top layer: may import every app above.
    "entraide.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "entraide.core.middleware.RequestSizeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "entraide.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "entraide.core.middleware.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "entraide.accounts.middleware.ThrottleMiddleware",
    "entraide.core.middleware.RequireMFAMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "entraide.urls"
WSGI_APPLICATION = "entraide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "entraide.core.context_processors.entraide",
            ],
        },
    },
]

# Database: SQLite under var/ by default; DATABASE_URL switches to PostgreSQL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'entraide.sqlite3'}"),
        conn_max_age=envint("ENTRAIDE_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so two writers queue
    # instead of failing half-way (the audit chain depends on it).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # A writer waits this long for the lock, then the page answers 503 "try again" (core.views).
        "timeout": envint("ENTRAIDE_SQLITE_TIMEOUT_SECONDS", 10),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # Parameters travel apart from the SQL, so psycopg prepares a statement the fifth time it
    # is sent on a connection and PostgreSQL stops planning it anew (most of the time of the
    # small queries of a page was planning). Off for poolers that cannot keep them.
    if envbool("ENTRAIDE_DB_PREPARED", True):
        DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
DATABASES["default"]["ATOMIC_REQUESTS"] = False
ENTRAIDE_BUSY_RETRY_AFTER = 5  # seconds, in the Retry-After of a 503 while SQLite is busy
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "entraide.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail login, no self sign-up (administrators create accounts).
ACCOUNT_ADAPTER = "entraide.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# Failed passwords lock an (account, address) pair out through django-axes; the budgets below bound
# an account and an address over every check. allauth's own counters are off.
ACCOUNT_RATE_LIMITS = {
    "login": False,
    "login_failed": False,
    "reset_password": False,
    "reauthenticate": False,
    "change_password": False,
}
# Every credential and code check has a budget per account and per address, counted in the audit
# log (accounts/throttle.py).
ACCOUNT_FORMS = {
    "login": "entraide.accounts.auth_forms.LoginForm",
    "reauthenticate": "entraide.accounts.auth_forms.ReauthenticateForm",
    "change_password": "entraide.accounts.auth_forms.ChangePasswordForm",
    "reset_password": "entraide.accounts.auth_forms.ResetPasswordForm",
}
MFA_FORMS = {
    "authenticate": "entraide.accounts.auth_forms.AuthenticateForm",
    "reauthenticate": "entraide.accounts.auth_forms.MFAReauthenticateForm",
}
ENTRAIDE_THROTTLE_WINDOW_MINUTES = envint("ENTRAIDE_THROTTLE_WINDOW_MINUTES", 15)
ENTRAIDE_THROTTLE_FAILURES_PER_ACCOUNT = envint("ENTRAIDE_THROTTLE_FAILURES_PER_ACCOUNT", 10)
ENTRAIDE_THROTTLE_FAILURES_PER_ADDRESS = envint("ENTRAIDE_THROTTLE_FAILURES_PER_ADDRESS", 30)
ENTRAIDE_THROTTLE_RESETS_PER_ACCOUNT = envint("ENTRAIDE_THROTTLE_RESETS_PER_ACCOUNT", 3)
ENTRAIDE_THROTTLE_RESETS_PER_ADDRESS = envint("ENTRAIDE_THROTTLE_RESETS_PER_ADDRESS", 10)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Entraide"
# Accept the code of the neighbouring 30-second step too (RFC 6238 §5.2): a code typed
# as the step ends is not refused. Codes are still single-use.
MFA_TOTP_TOLERANCE = 1
# MFA is required for every account outside demo mode; demo accounts are exempt.
REQUIRE_MFA = envbool("ENTRAIDE_REQUIRE_MFA", not DEMO)

# django-axes: lock a user+IP pair out after 5 failures.
AXES_FAILURE_LIMIT = envint("ENTRAIDE_LOGIN_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "entraide.accounts.adapters.axes_username"
AXES_COOLOFF_TIME = timedelta(minutes=envint("ENTRAIDE_LOCKOUT_MINUTES", 30))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions: a new id at login (Django's default), idle and absolute expiry.
SESSION_IDLE_SECONDS = envint("ENTRAIDE_SESSION_IDLE_MINUTES", 15) * 60
SESSION_ABSOLUTE_SECONDS = envint("ENTRAIDE_SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
# The idle expiry is renewed by saving the session, at most once a minute (SessionExpiryMiddleware),
# not on every request: a session write per page view would cost a transaction each time.
SESSION_RENEW_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Transport security: on by default, off only for a local http server.
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("ENTRAIDE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if envbool("ENTRAIDE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Languages: the five of the interface; Arabic is right-to-left.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    # Portuguese (pt-pt): Django falls back from pt_PT to pt, so both Django's
    # and django-allauth's catalogues (which ships pt_PT, not pt) apply.
    ("pt-pt", "Português"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# One unambiguous date format per language: "4 December 2026", never 12/03/2026 (core/formats/).
FORMAT_MODULE_PATH = ["entraide.core.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("ENTRAIDE_TIME_ZONE", "UTC")
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("ENTRAIDE_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Tests and demo runs serve static files straight from the installed packages.
WHITENOISE_USE_FINDERS = DEBUG or DEMO or envbool("ENTRAIDE_STATIC_FROM_FINDERS", False)
if WHITENOISE_USE_FINDERS:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

EMAIL_BACKEND = env("ENTRAIDE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("ENTRAIDE_FROM_EMAIL", "entraide@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env("ENTRAIDE_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("ENTRAIDE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env("ENTRAIDE_EMAIL_USER")
EMAIL_HOST_PASSWORD = envsecret("ENTRAIDE_EMAIL_PASSWORD")
EMAIL_USE_TLS = envbool("ENTRAIDE_EMAIL_USE_TLS", False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["entraide.core.api.IsVerifiedUser"],
    "DEFAULT_PARSER_CLASSES": [
        "entraide.core.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "entraide.core.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Entraide API",
    "DESCRIPTION": "International cooperation in criminal matters: the same services as the pages.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its documentation page are for signed-in users only.
    "SERVE_PERMISSIONS": ["entraide.core.api.IsVerifiedUser"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "entraide.core.openapi.document_refusals",
    ],
    # Row ids in paths (core/converters.py): at most 18 digits.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}},
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status" or "kind": name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "RequestStatusEnum": "entraide.cases.lifecycle.Status",
        "MeasureStatusEnum": "entraide.cases.lifecycle.MeasureStatus",
        "RefusalGroundEnum": "entraide.cases.lifecycle.RefusalGround",
        "RequestDirectionEnum": "entraide.cases.lifecycle.Direction",
        "MeasureKindEnum": "entraide.cases.models.Measure.Kind",
        "AssertionEnum": "entraide.cases.models.Assertion",
        "TranslationStatusEnum": "entraide.drafting.models.Translation.Status",
        "LetterKindEnum": "entraide.drafting.models.LetterKind",
        "LetterLanguageEnum": "entraide.drafting.models.LETTER_LANGUAGE_CHOICES",
        "DocumentKindEnum": "entraide.cases.models.Document.Kind",
        "DeadlineKindEnum": "entraide.cases.models.Deadline.Kind",
        "ReminderKindEnum": "entraide.cases.models.Reminder.Kind",
        "PersonRoleEnum": "entraide.cases.models.Person.Role",
        "LibraryDocumentKindEnum": "entraide.library.models.Document.Kind",
        "LibraryVisibilityEnum": "entraide.library.models.Document.Visibility",
        "LibraryTextStatusEnum": "entraide.library.models.Version.Text",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("ENTRAIDE_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
CSRF_FAILURE_VIEW = "entraide.core.views.csrf_failure"

# Requests (cases): documents encrypted at rest, uploads, reminders, the worker.
# The master key wraps every document's file key: 32 bytes, base64 (url-safe or standard).
# ENTRAIDE_MASTER_KEY_PREVIOUS lists older keys (comma-separated) still accepted for
# unwrapping until `entraide rotate-master-key` has re-wrapped every file key.
ENTRAIDE_MASTER_KEY = envsecret("ENTRAIDE_MASTER_KEY")
ENTRAIDE_MASTER_KEY_PREVIOUS = envsecret("ENTRAIDE_MASTER_KEY_PREVIOUS")
# The audit log: the node's Ed25519 key that signs the chain's head (32 bytes, base64;
# `entraide audit keygen` prints one), and how long an event may wait for the worker to seal it
# before `entraide audit verify` reports it.
ENTRAIDE_AUDIT_SIGNING_KEY = envsecret("ENTRAIDE_AUDIT_SIGNING_KEY")
ENTRAIDE_AUDIT_SEAL_GRACE = envint("ENTRAIDE_AUDIT_SEAL_GRACE_SECONDS", 600)
MEDIA_ROOT = Path(env("ENTRAIDE_MEDIA_ROOT", str(VAR_DIR / "media")))
ENTRAIDE_UPLOAD_MAX_BYTES = envint("ENTRAIDE_UPLOAD_MAX_MB", 50) * 1024 * 1024
# The library extracts the text of an uploaded file in a separate process with these limits (its
# wall-clock time, and its address space): a file that needs more is kept without text.
ENTRAIDE_EXTRACT_TIMEOUT = envint("ENTRAIDE_EXTRACT_TIMEOUT_SECONDS", 30)
ENTRAIDE_EXTRACT_MEMORY_MB = envint("ENTRAIDE_EXTRACT_MEMORY_MB", 512)
ENTRAIDE_REMINDER_DAYS = envint("ENTRAIDE_REMINDER_DAYS", 30)
ENTRAIDE_DEADLINE_WARNING_DAYS = envint("ENTRAIDE_DEADLINE_WARNING_DAYS", 14)
ENTRAIDE_WORKER_INTERVAL = envint("ENTRAIDE_WORKER_INTERVAL_SECONDS", 60)
# The address users reach this site at: the links in notification e-mails start with it.
ENTRAIDE_BASE_URL = env("ENTRAIDE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# The exchange between nodes (docs/exchange.md). This node's id, as its peers know it; the largest
# envelope accepted (checked on the raw bytes before anything is parsed: documents travel inside,
# base64 twice over); how far a message's time may be from ours; how long a replaced key stays
# accepted; how often and how many times a message is sent before it is a dead letter; whether
# plain http:// peers are allowed (tests and the demo on 127.0.0.1 only).
ENTRAIDE_NODE_ID = env("ENTRAIDE_NODE_ID", "entraide.localhost")
ENTRAIDE_EXCHANGE_MAX_BYTES = envint("ENTRAIDE_EXCHANGE_MAX_MB", 100) * 1024 * 1024
ENTRAIDE_EXCHANGE_CLOCK_SKEW = envint("ENTRAIDE_EXCHANGE_CLOCK_SKEW_SECONDS", 24 * 3600)
ENTRAIDE_EXCHANGE_KEY_OVERLAP_DAYS = envint("ENTRAIDE_EXCHANGE_KEY_OVERLAP_DAYS", 14)
ENTRAIDE_EXCHANGE_RETRY_BASE = envint("ENTRAIDE_EXCHANGE_RETRY_BASE_SECONDS", 30)
ENTRAIDE_EXCHANGE_MAX_ATTEMPTS = envint("ENTRAIDE_EXCHANGE_MAX_ATTEMPTS", 12)
ENTRAIDE_EXCHANGE_TIMEOUT = envint("ENTRAIDE_EXCHANGE_TIMEOUT_SECONDS", 30)
ENTRAIDE_EXCHANGE_ALLOW_HTTP = envbool("ENTRAIDE_EXCHANGE_ALLOW_HTTP", DEBUG or DEMO)
