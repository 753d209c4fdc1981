"""Settings for Clinic, read from environment variables.

`CLINIC_ENV=production` is the one production switch: it insists on SECRET_KEY and
ALLOWED_HOSTS and turns on the HTTPS-only settings. Everything else has a safe default.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from clinic.env import env_bool, env_int, env_list, env_str, local_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = env_str("CLINIC_ENV") == "production"
DEBUG = env_bool("DEBUG") and not PRODUCTION

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if PRODUCTION:
    missing = [
        name
        for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS))
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"CLINIC_ENV=production needs {' and '.join(missing)} set in the environment."
        )
else:
    SECRET_KEY = SECRET_KEY or local_secret_key(BASE_DIR / ".secret_key")
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How many reverse proxies in front of gunicorn append to X-Forwarded-For. The rate limits
# take the client's address from that header, this many entries from the right; 0 (no
# proxy) uses the connection's address and never believes the header.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "clinic",
    "techniques",
    "clients",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "clinic.middleware.SessionLimitsMiddleware",
    "clinic.middleware.NoStoreForSignedInMiddleware",
    "clinic.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
    "clinic.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.membership",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file in the project folder.
_DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
_SQLITE = _DATABASE_URL.startswith("sqlite")
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        # Each worker keeps its connection: a SQLite one costs nothing to keep and about a
        # millisecond to open (with its PRAGMAs); a PostgreSQL one a few milliseconds. The
        # health check before reuse drops one the server closed (or whose file went away).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600 if _SQLITE else 60),
        conn_health_checks=True,
    )
}
# How long a write waits for another's lock before the request gives up with the "busy,
# nothing was saved" page (503). Well below gunicorn's worker timeout (30 s), so a stuck
# database never leaves a worker killed mid-request or a client staring at a hung page.
DATABASE_LOCK_WAIT = env_int("DATABASE_LOCK_WAIT", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, except that only `migrate` may create a missing database file.
    DATABASES["default"]["ENGINE"] = "clinic.sqlite_backend"
    # Tests run in memory, as they would on Django's own engine name (pytest-django's
    # parallel runs recognise that name only: without this they'd ask for files).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    # WAL lets readers carry on while one worker writes; IMMEDIATE transactions and a
    # busy timeout make concurrent writers wait their turn instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        # secure_delete: an erased client's rows are overwritten, not left in free pages
        # (where a later backup would copy them).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": DATABASE_LOCK_WAIT,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The same wait for a row or table lock, and for a server that doesn't answer at all.
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": DATABASE_LOCK_WAIT,
        "options": f"-c lock_timeout={DATABASE_LOCK_WAIT * 1000}",
        **DATABASES["default"].get("OPTIONS", {}),
    }

# Shared by every app server: rate limits, cached PDFs. The database cache works across
# gunicorn workers with no extra service; REDIS_URL switches to Redis for larger sites.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "clinic_cache"}
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True
AUTH_USER_MODEL = "clinic.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "clinic.backends.ClinicBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Five wrong passwords lock an account for an hour, or until the practice owner unlocks it.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = 1
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Lockout counts per account on purpose: a practice's staff share one address, so locking
# by address would let one mistyped password lock everyone out of the clinic.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Two-factor login (django-otp): site admins must use it in production; a practice owner
# can require it for everyone in the practice (Practice.require_two_factor).
# TWO_FACTOR_FOR_SITE_ADMINS=1 asks it of site admins elsewhere too; production can't opt out.
TWO_FACTOR_FOR_SITE_ADMINS = PRODUCTION or env_bool("TWO_FACTOR_FOR_SITE_ADMINS")
# The admin never shows an authenticator key, QR code or backup code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_ISSUER = "Clinic"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
# Dates read "6 Jan 2027" everywhere, whatever Django's en-gb short format says.
FORMAT_MODULE_PATH = ["clinic.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded images are small; anything larger is refused before it reaches memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: the console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Clinic <clinic@localhost>")

# Security headers. No inline script anywhere: every page is born CSP-compliant.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Several app servers share uploads: MEDIA_ROOT on a shared folder (NFS), or an
# S3-compatible bucket through django-storages when AWS_STORAGE_BUCKET_NAME is set. The
# bucket stays private: pages get signed, expiring addresses, and the Content-Security-
# Policy lets images come from its origin. Keys come from boto3's usual environment
# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the machine's role, never from here.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")  # MinIO, Ceph, another provider
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN")
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": AWS_S3_REGION_NAME or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGIN = f"https://{AWS_S3_CUSTOM_DOMAIN}"
    elif AWS_S3_ENDPOINT_URL:
        MEDIA_ORIGIN = AWS_S3_ENDPOINT_URL.rstrip("/")
    else:
        region = f".{AWS_S3_REGION_NAME}" if AWS_S3_REGION_NAME else ""
        MEDIA_ORIGIN = f"https://{AWS_STORAGE_BUCKET_NAME}.s3{region}.amazonaws.com"
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(MEDIA_ORIGIN)

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Health data on screen: sign out after 30 idle minutes, and after 12 hours whatever happens.
SESSION_IDLE_LIMIT = 30 * 60
SESSION_ABSOLUTE_LIMIT = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIMIT

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Code that draws into PDFs: a change to any of them makes cached PDFs stale (clinic/pdf.py).
PDF_LAYOUT_FILES = [
    BASE_DIR / "techniques" / "illustrations.py",
    BASE_DIR / "techniques" / "poses.py",
    BASE_DIR / "clients" / "documents.py",
]
