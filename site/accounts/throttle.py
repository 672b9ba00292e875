"""Sign-in throttling kept in the cache.

After settings.LOGIN_FAILURE_LIMIT failed sign-ins for one username from one
address within settings.LOGIN_FAILURE_WINDOW, that pair is refused until the
window ends. Only a hash of the pair is stored, never the username or the
address themselves, and nothing is written to the database. With REDIS_URL set
every app server shares the count.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(username, address):
    raw = f"{(username or '').strip().casefold()}\x00{address or ''}".encode("utf-8", "replace")
    return "login-failures:" + hashlib.sha256(raw).hexdigest()


def client_address(request):
    """The address a sign-in came from, as Django sees it."""
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def is_locked_out(username, address):
    """True while this username and address have used up their failures."""
    return cache.get(_key(username, address), 0) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username, address):
    """Count one failed sign-in. The window starts at the first failure."""
    key = _key(username, address)
    window = int(settings.LOGIN_FAILURE_WINDOW.total_seconds())
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)


def clear_failures(username, address):
    """Forget the failures after a successful sign-in."""
    cache.delete(_key(username, address))
