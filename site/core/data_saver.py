"""The data-saver choice: a per-device setting that leaves lesson images out.

It lives in a cookie, not on the account, so it works before signing in and
follows the phone rather than the person. Anything that caches rendered lesson
content must include `is_on(request)` in its cache key.

The cookie says "1" (on) or "0" (off). Without it, the browser's own Save-Data
request header decides, which is also how "Save for offline" asks for lesson
pages without pictures (it fetches them without cookies).
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

COOKIE_NAME = "enok-data-saver"
COOKIE_AGE = 60 * 60 * 24 * 365
CHOICES = {"on": "1", "off": "0"}


def is_on(request):
    """True when this browser asked to skip images."""
    chosen = request.COOKIES.get(COOKIE_NAME)
    if chosen in ("0", "1"):
        return chosen == "1"
    return request.headers.get("Save-Data", "").strip().lower() == "on"


def context(request):
    """Template context: whether lesson images are left out on this device."""
    return {"data_saver_on": is_on(request)}


def _next_url(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@require_POST
def toggle(request):
    """POST data_saver=on|off (and next): remember the choice on this device and go back."""
    response = HttpResponseRedirect(_next_url(request))
    choice = request.POST.get("data_saver", "")
    if choice not in CHOICES:
        messages.error(request, _("Choose whether to turn data saver on or off."))
        return response
    response.set_cookie(
        COOKIE_NAME,
        CHOICES[choice],
        max_age=COOKIE_AGE,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )
    if choice == "on":
        messages.success(request, _("Data saver is on: lesson pictures are not loaded until you ask for them."))
    else:
        messages.success(request, _("Data saver is off: lesson pictures load again."))
    return response
