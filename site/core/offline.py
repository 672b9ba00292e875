"""Offline lessons: the web app manifest, the service worker, the offline page and the sign-in check.

The service worker (templates/core/offline_sw.js) is served from the site root so
that its scope is the whole site. It keeps a small "shell" (styles, scripts,
icons and the offline page in each language) and, in a separate cache, only the
pages a learner saved with "Save for offline" (core/static/core/js/offline.js).
Quiz answers made offline wait in the browser's IndexedDB and are posted to the
lesson page when the connection returns; `session` tells the script whether it
can send them (signed in, a fresh CSRF token, and whose answers they are).
"""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_GET

# Bump to make every phone drop its shell cache and fetch the shell again.
SHELL_GENERATION = "1"
ICON_SIZES = (192, 512)
THEME_COLOR = "#0b5394"
SERVICE_WORKER_TEMPLATE = "core/offline_sw.js"


def offline_pages():
    """The offline page's address in each language, e.g. {"en": "/en/offline/", "ko": "/ko/offline/"}."""
    pages = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            pages[code] = reverse("offline")
    return pages


SHELL_FILES = (
    "core/css/site.css",
    "lessons/js/lesson.js",
    "core/js/offline.js",
    *(f"core/icons/icon-{size}.png" for size in ICON_SIZES),
)


def shell_urls():
    """What the service worker keeps so the site opens offline: styles, scripts, icons, the offline pages."""
    return [static(path) for path in SHELL_FILES] + list(offline_pages().values())


def shell_version():
    """A short fingerprint of the worker and its shell: it changes when the worker or any shell file changes."""
    digest = hashlib.sha256(SHELL_GENERATION.encode())
    digest.update(get_template(SERVICE_WORKER_TEMPLATE).template.source.encode())
    for url in shell_urls():
        digest.update(url.encode())
    for path in SHELL_FILES:
        found = finders.find(path)
        if found:
            digest.update(Path(found).read_bytes())
    return digest.hexdigest()[:12]


def _service_worker_etag(request):
    return shell_version()


@require_GET
@condition(etag_func=_service_worker_etag)
def service_worker(request):
    """/sw.js: the service worker, allowed to control the whole site (304 when the phone has this one)."""
    config = {
        "version": shell_version(),
        "shell": shell_urls(),
        "offlinePages": offline_pages(),
        "staticUrl": settings.STATIC_URL,
        "mediaUrl": settings.MEDIA_URL,
        "adminPrefix": settings.ADMIN_URL_PREFIX,
    }
    response = render(
        request,
        SERVICE_WORKER_TEMPLATE,
        {"config": json.dumps(config, sort_keys=True)},
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    # Browsers look for a new service worker on every visit; never let a cache answer for it.
    add_never_cache_headers(response)
    return response


def _manifest_language(request):
    requested = request.GET.get("lang", "")
    codes = [code for code, _name in settings.LANGUAGES]
    return requested if requested in codes else translation.get_language()


@require_GET
def manifest(request):
    """/manifest.webmanifest: what a phone needs to add ENoK Learn to its home screen (?lang=en|ko)."""
    language = _manifest_language(request)
    with translation.override(language):
        icons = [
            {"src": static(f"core/icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in ICON_SIZES
        ]
        icons.append(
            {
                "src": static("core/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            }
        )
        data = {
            "name": _("ENoK Learn"),
            "short_name": _("ENoK Learn"),
            "description": _("Short lessons on life, money and work in the United States, in Korean and English."),
            "lang": language,
            "dir": "ltr",
            "start_url": f"/{language}/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": THEME_COLOR,
            "icons": icons,
        }
    response = JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


def offline_page(request):
    """The page the service worker shows for a page that was not saved (lists what is saved, with JavaScript)."""
    return render(request, "core/offline.html")


def owner_id(user):
    """An opaque, stable id for a signed-in user, so queued answers are only ever sent for whoever made them."""
    return salted_hmac("core.offline.owner", str(user.pk)).hexdigest()[:20]


@require_GET
def session(request):
    """/offline/session/: whether queued answers can be sent now, with a fresh CSRF token to send them with."""
    user = request.user
    data = {"signed_in": user.is_authenticated}
    if user.is_authenticated:
        data["owner"] = owner_id(user)
        data["csrf_token"] = get_token(request)
    response = JsonResponse(data)
    add_never_cache_headers(response)
    return response
