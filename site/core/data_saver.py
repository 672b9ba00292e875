"""The data-saver choice: a per-device setting that leaves lesson images out.

It lives in a cookie, not on the account, so it works before signing in and
follows the phone rather than the person. Anything that caches rendered lesson
content must include `is_on(request)` in its cache key.
"""

COOKIE_NAME = "enok-data-saver"


def is_on(request):
    """True when this browser asked to skip images."""
    return request.COOKIES.get(COOKIE_NAME) == "1"
