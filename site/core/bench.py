"""A bare view for `make bench`: the fastest page this machine can serve through our middleware.

The benchmark compares every real page with this one, measured in the same run.
Its URL exists only when the benchmark switch is on (the environment variable
ENOK_BENCH=1, set by benchmarks/run.py, or a setting ENOK_BENCH = True); a
normal deployment never has it.
"""

import os

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

BENCH_PATH = "bench/ok/"


def ok(request):
    """Return the two bytes "ok": no template, no database, only the middleware every page goes through."""
    return HttpResponse("ok", content_type="text/plain")


def enabled():
    """True when settings.ENOK_BENCH is true, or, without that setting, when the environment sets ENOK_BENCH=1."""
    value = getattr(settings, "ENOK_BENCH", None)
    if value is None:
        value = os.environ.get("ENOK_BENCH", "").strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def bench_urlpatterns():
    """The benchmark's URL pattern when the switch is on, otherwise none."""
    return [path(BENCH_PATH, ok, name="bench_ok")] if enabled() else []
