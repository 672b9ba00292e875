"""A structured request log that holds no personal data.

One JSON line per request on the `enok.requests` logger: method, the URL
pattern's route (so ids, codes and search words in the path are left out),
status, duration and the language. Never the path itself, the query string,
usernames, IP addresses, cookies or form data.
"""

import json
import logging
import time

from django.urls import Resolver404, resolve

logger = logging.getLogger("enok.requests")


def route_of(path, match=None):
    """The matched URL pattern (e.g. 'tutor/groups/<int:group_id>/'), or a fixed word for pages and misses.

    `match` is the request's resolver_match when the handler has resolved the path already.
    """
    if match is None:
        try:
            match = resolve(path)
        except Resolver404:
            return "(no match)"
    if match.url_name == "wagtail_serve":
        return "(page)"
    return match.route


class RequestLogMiddleware:
    """Log every request as one JSON line without personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                json.dumps(
                    {
                        "method": request.method,
                        "route": route_of(request.path_info, getattr(request, "resolver_match", None)),
                        "status": response.status_code,
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                        "language": getattr(request, "LANGUAGE_CODE", ""),
                        "signed_in": bool(getattr(request, "user", None) and request.user.is_authenticated),
                    },
                    sort_keys=True,
                )
            )
        return response
