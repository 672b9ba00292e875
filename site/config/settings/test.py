"""Settings for the test suite: fast hashing, throw-away media, no real email."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="enok-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DEMO_DATA_ALLOWED = True
WAGTAILADMIN_BASE_URL = "http://testserver"
# The request log is tested with caplog; elsewhere it would only fill the captured output.
LOGGING["loggers"]["enok.requests"]["level"] = "WARNING"  # noqa: F405
