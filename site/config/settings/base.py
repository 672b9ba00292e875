"""Settings shared by every environment.

Secrets, hosts and the database come from the environment; see the README for
the full list of variables. dev.py, test.py and production.py build on this.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

# The repository root: manage.py, templates/, locale/ and media/ live here.
BASE_DIR = Path(__file__).resolve().parents[3]
SITE_DIR = BASE_DIR / "site"


def env_bool(name, default):
    """Read a yes/no environment variable ("1", "true", "yes" or "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    # Our apps come first so their templates and translations win.
    "core",
    "accounts",
    "lessons",
    "progress",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app with user forms that have no email or name fields (accounts/viewsets.py).
    "accounts.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    # Two-factor sign-in (TOTP, with one-time recovery codes): accounts/two_factor.py.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, also telling the account backend which session the request read (accounts/sessions/).
    "accounts.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.idle.IdleTimeoutMiddleware",
    "accounts.middleware.ForcePasswordChangeMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "core.cache_headers.PrivatePagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so stored pages still pass through the session, CSRF and CSP middleware (core/page_cache.py).
    "core.page_cache.PageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
                "core.context_processors.navigation",
                "core.data_saver.context",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: DATABASE_URL, or a SQLite file in the repository root.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and os.environ.get(
    "DATABASE_PREPARED_STATEMENTS", "true"
).lower() not in {"0", "false", "no", "off"}:
    # Values are sent apart from the SQL (server-side binding), so PostgreSQL can keep a query it has
    # planned: psycopg prepares a query once it has run 5 times on a connection, and each later run
    # skips parsing and planning (about half of PostgreSQL's CPU per signed-in page). Turn it off
    # (DATABASE_PREPARED_STATEMENTS=false) behind a pooler that hands each transaction to another
    # connection without carrying prepared statements (PgBouncer before 1.21 in transaction mode).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests at once (the dev server's threads, gunicorn workers): write-ahead logging lets
    # readers go on while one writes, and IMMEDIATE transactions take the write lock at BEGIN, so a
    # writer waits (up to the timeout) instead of failing with "database is locked" halfway through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches and sessions. With REDIS_URL set, every app server shares one Redis
# cache (and the cached sessions in it); without it each process keeps its own.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, reusing one redis-py client per pool (core/redis_cache.py).
            "BACKEND": "core.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "enok",
        }
    }
    # Django's cached_db sessions; a session missing from Redis is read with its account (accounts/sessions/).
    SESSION_ENGINE = "accounts.sessions.cached_db"
    # Cached routes, pages and lesson renderings (core/page_cache.py) are dropped at
    # once in every process by replacing a version key in Redis, so they may live long.
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(60 * 60 * 24)))
    # Each process reads that version key at most this often: a publish reaches every server
    # within a second, and a visitor's page kept in the process needs no round trip to Redis.
    CONTENT_VERSION_RECHECK_SECONDS = float(os.environ.get("CONTENT_VERSION_RECHECK_SECONDS", "1"))
else:
    # Room for every reader's cached parts (their attempt lists and lines, the lesson they
    # last opened) beside the pages: at Django's default of 300 entries, 50 learners already
    # push the shared frames and routes out. About 5 KB an entry on average.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LOCAL_CACHE_MAX_ENTRIES", "5000"))},
        }
    }
    # One process cannot tell another that content changed: keep cached pages briefly.
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "30"))
    # The version is in this process's own memory: reading it costs nothing, so it is read every time.
    CONTENT_VERSION_RECHECK_SECONDS = 0
    # Django's database sessions, each read in one query with the account it is signed in to (accounts/sessions/).
    SESSION_ENGINE = "accounts.sessions.db"

# Accounts
AUTH_USER_MODEL = "accounts.User"
# Django's ModelBackend, loading each request's user with its two-factor and tutor flags in one query.
AUTHENTICATION_BACKENDS = ["accounts.backends.AccountBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (accounts/throttle.py): this many failures for one
# username from one address within the window locks that pair out until the
# window ends.
LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
# Two-factor sign-in (accounts/two_factor.py): open to tutors, editors and administrators;
# ENOK_REQUIRE_TWO_FACTOR=1 makes it compulsory for them (off in development and the demo).
REQUIRE_TWO_FACTOR_FOR_STAFF = env_bool("ENOK_REQUIRE_TWO_FACTOR", False)
OTP_TOTP_ISSUER = "ENoK Learn"
# Minutes between the password and the code on the second sign-in step.
TWO_FACTOR_PENDING_MINUTES = 5

# Internationalisation: English and Korean, for the interface and the pages.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ko", "한국어")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/New_York"
LANGUAGE_COOKIE_NAME = "enok_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# "Translate this page" makes the Korean copy a draft: it goes live when the editor
# publishes it from the translation editor. Until then learners at the /ko/ address see
# the English page with the "not translated yet" note (core/routing.py), not English
# text presented as the Korean page.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Static files and media
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail
WAGTAIL_SITE_NAME = "ENoK Learn"
# The admin asks no other host: no release check on releases.wagtail.org for superusers.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.AdminLoginForm"
# Wagtail's own admin sign-in stays (throttled), and hands accounts with two-factor sign-in
# to the site's code step (accounts/two_factor_views.AdminLoginView, config/urls.py).
# No email addresses are stored, so no password reset by email, no email settings
# and no avatars fetched from Gravatar (another host).
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Uploads (core/uploads.py, core/media_serving.py, README "Uploads"). Documents are PDF
# only, checked by content, and always downloaded as attachments through Wagtail's serve
# view; their files under MEDIA_ROOT/documents/ are never served directly.
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.uploads.DocumentForm"
# Images: no SVG (it can carry scripts), content checked against the extension, pixels
# counted from the header before anything decodes the picture; at most 5 MB and 25 million
# pixels (a 12-megapixel phone photo fits), which is also Pillow's decompression-bomb limit.
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 25_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.uploads.ImageForm"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security headers. The public site gets a strict Content-Security-Policy:
# scripts and styles from this host only (scripts may also carry the
# per-request nonce), nothing from any other host, no framing. Pages under
# /admin/ get ADMIN_CONTENT_SECURITY_POLICY instead (core/security.py,
# SECURITY.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
ADMIN_URL_PREFIX = "/admin/"
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    # Wagtail's admin still uses inline scripts and eval in some choosers.
    "script-src": [SELF, "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "media-src": [SELF, "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sessions end when the browser closes and last 12 hours at most (Wagtail's admin "remember me"
# included); learners who tick "Keep me signed in" on their own device get 30 days.
SESSION_COOKIE_AGE = 60 * 60 * 12
LEARNER_REMEMBER_AGE = 60 * 60 * 24 * 30
# Idle timeouts (accounts/idle.py, README "Sessions and idle timeouts"): a session ends after
# this long without a request. Learners: 2 hours. Phones seldom close the browser, so "until the
# browser closes" can mean days; a lesson takes minutes, so 2 hours allows a break without losing
# the session, while a shared phone left behind is signed out the same afternoon. Learners who chose
# "Keep me signed in" on their own phone: 14 days (30 days in all). Tutors, editors and
# administrators: 1 hour idle and 12 hours in all (the environment cannot make these longer).
SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("ENOK_IDLE_MINUTES", "120")))
SESSION_IDLE_TIMEOUT_REMEMBERED = timedelta(days=int(os.environ.get("ENOK_IDLE_REMEMBERED_DAYS", "14")))
STAFF_SESSION_LIMIT = timedelta(hours=12)
SESSION_IDLE_TIMEOUT_STAFF = min(
    timedelta(minutes=int(os.environ.get("ENOK_IDLE_STAFF_MINUTES", "60"))), STAFF_SESSION_LIMIT
)
SESSION_MAX_AGE_STAFF = min(timedelta(hours=int(os.environ.get("ENOK_STAFF_SESSION_HOURS", "12"))), STAFF_SESSION_LIMIT)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Logs hold no personal data: the request log (core/request_log.py) writes routes, not paths,
# and Django's own request and server loggers, which print paths and are used by the error
# handler, are kept to errors without request details.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "enok.requests": {
            "handlers": ["console"],
            "level": os.environ.get("ENOK_REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
