"""Settings for `make run` on a developer's machine: debug on, demo data allowed."""

import os

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-enok-learn")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The demo loader creates accounts with a known password; only here.
DEMO_DATA_ALLOWED = True
