"""Serve pages without walking the page tree or rendering them again.

Everything here lives in Django's default cache, which is Redis when REDIS_URL is
set, so every app server shares it. Every key (or, for the site and whole
pages, read in one round trip with the version, every entry) holds one
*content version* that any change to published content replaces (`content_changed`, connected to
Wagtail's and Django's signals in core/signals.py), and a fingerprint of the
code, so that a deploy never serves pages rendered by the code before it.
Replacing the version is one write to the shared cache, so it reaches every
process at once; the old entries are never read again and expire on their own
(settings.PAGE_CACHE_SECONDS).

Three layers, all in `PageCacheMiddleware.process_view`, only for Wagtail's page
serving view:

- **Site and route.** The Site for a host, and for a (site, language, path) the
  page that Wagtail's `route()` found, with its view restrictions: a request is
  routed with two cache reads and no query, instead of one query per path
  segment and more for the specific page and its restrictions. The English
  page that core.routing shows at a /ko/ URL (translation missing) is
  remembered like any other route.
- **Whole pages for visitors who are not signed in**, per (site, path, language,
  data-saver choice). Only requests without a session cookie, messages cookie or
  query string are served from or stored in it, and a response is stored only if
  it is a plain 200 HTML page for an anonymous user that set no cookie and asked
  not to be cached nowhere. The per-request values in the page (CSRF token, the
  quiz's one-time submission token, the CSP nonce) are replaced with placeholders
  when stored and with fresh values each time it is served.

Whole pages, the site, routes and signed-in frames (core/page_frames.py) are also
kept, already unpickled, in a small store in each process's own memory (`local_copies`),
in front of the shared cache: a request then reads only the content version (a few
bytes) from Redis instead of the whole page. A local copy is used only if it was
made under the current content version.

With Redis, each process reads the content version at most once a second
(settings.CONTENT_VERSION_RECHECK_SECONDS), so a visitor's page served from a local
copy needs no round trip at all. A change made in a process takes effect there at
once; every other process and server sees it within that second.
"""

import copy
import functools
import hashlib
import re
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from . import data_saver

VERSION_KEY = "pagecache:version"

CSRF_PLACEHOLDER = b"__enok_csrf_token__"
SUBMISSION_PLACEHOLDER = b"__enok_submission_token__"
NONCE_PLACEHOLDER = b"__enok_csp_nonce__"
_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
_SUBMISSION_INPUT = re.compile(rb'name="submission_token" value="([0-9a-f-]+)"')
_TOKEN_LIKE = re.compile(rb"[A-Za-z0-9]{64}")


class LocalCopies:
    """The most recently used pages and frames of this process, kept unpickled (least recently used go first).

    Only for values whose validity is checked against the shared content version:
    whole pages carry the version they were made under, and frame keys hold it.
    """

    def __init__(self, size):
        self.size = size
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def set(self, key, value):
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()


# About 20–40 KB a page: a few MB a process.
local_copies = LocalCopies(size=256)


def read_kept(key, copies=local_copies):
    """The entry kept under `key` (a make_key key, which holds the content version): this
    process's local copy (in `copies`), else the shared cache's (then also kept locally), else None."""
    value = copies.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            copies.set(key, value)
    return value


def keep(key, value, copies=local_copies):
    """Keep `value` under `key` in the shared cache and as a local copy (in `copies`).

    Only for entries checked against the content version: the key holds it (make_key)
    or the entry does (a CachedPage). Entries whose key holds more state, such as a
    learner's progress stamp, may be kept in a store of their own, so that many small
    entries do not push the pages out of `local_copies`.
    """
    cache.set(key, value, timeout())
    copies.set(key, value)


def timeout():
    """How long an entry may live: long with a shared cache, short with one process's own memory."""
    return settings.PAGE_CACHE_SECONDS


class RecentVersion:
    """The content version this process last read from the shared cache, and when (time.monotonic)."""

    def __init__(self):
        self.value, self.read_at = None, 0.0

    def get(self):
        """The version if it was read less than CONTENT_VERSION_RECHECK_SECONDS ago, else None."""
        if self.value is not None and time.monotonic() - self.read_at < settings.CONTENT_VERSION_RECHECK_SECONDS:
            return self.value
        return None

    def set(self, value):
        self.value, self.read_at = value, time.monotonic()

    def forget(self):
        self.value = None


recent_version = RecentVersion()


def content_version(request=None):
    """The current content version (read once per request when a request is given).

    Read from the shared cache, or from `recent_version` within its recheck interval.
    """
    if request is not None and getattr(request, "_enok_content_version", None):
        return request._enok_content_version
    version = recent_version.get()
    if version is None:
        version = cache.get(VERSION_KEY)
        if version is None:
            version = uuid.uuid4().hex[:12]
            if not cache.add(VERSION_KEY, version, timeout=None):
                version = cache.get(VERSION_KEY) or version
        recent_version.set(version)
    if request is not None:
        request._enok_content_version = version
    return version


def content_changed(**kwargs):
    """Published content changed: every cached route, page and lesson rendering is stale from now on."""
    from .navigation import forget_header_links

    version = uuid.uuid4().hex[:12]
    cache.set(VERSION_KEY, version, timeout=None)
    recent_version.set(version)
    forget_header_links()


@functools.cache
def code_fingerprint():
    """A hash of the site's own code, templates, static files and compiled translations, read once per process.

    It is part of every key, so pages rendered by the code (or in the words) before
    a deploy are never served after it; servers running the same code share their entries.
    """
    digest = hashlib.sha256()
    for folder in ("site", "lessons", "progress", "templates", "locale"):
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".js", ".css", ".json", ".mo"} and path.is_file():
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def plain_key(kind, *parts):
    """A key for an entry that carries the content version it was made under (read with the version itself)."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:40]
    return f"pagecache:{kind}:{code_fingerprint()}:{digest}"


def make_key(kind, request, *parts):
    """A cache key for `kind`, under this code and the current content version; free text parts are hashed."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:40]
    return f"pagecache:{kind}:{code_fingerprint()}:{content_version(request)}:{digest}"


def site_key(request):
    """The key of the Site for this request's host and port (validated by ALLOWED_HOSTS)."""
    return plain_key("site", request.get_host(), request.get_port())


def site_for_request(request, found=None):
    """Wagtail's Site for this request's host, from the cache (also cached on the request, as Wagtail does).

    `found` may hold entries already read with cache.get_many.
    """
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    key = site_key(request)
    entry = found.get(key) if found is not None else cache.get(key)
    version = content_version(request)
    if entry is None or entry[0] != version:
        entry = (version, Site._find_for_request(request))
        cache.set(key, entry, timeout())
    local_copies.set(key, entry)
    request._wagtail_site = entry[1]
    return entry[1]


@dataclass(frozen=True)
class CachedRoute:
    """Where a path led: the live specific page (as loaded then) and the view restrictions it is under."""

    page: Page
    restrictions: tuple


def route_for_request(request, site, path):
    """Route `path` like Wagtail does, remembering the answer per (site, language, path).

    The remembered page is the live page as it was when routed: its published
    content only changes when it is published again, which replaces the content
    version. On a hit no query is made (and, with the route kept in this process,
    no cache read), and Wagtail's serve view uses the route stored on the request
    (request._wagtail_route_for_request). A miss, or a route with arguments, goes
    through Wagtail's own routing; paths that lead nowhere are not remembered.
    """
    key = make_key("route", request, site.pk, get_language(), path)
    entry = read_kept(key)
    if entry is not None:
        # Each request gets its own copy (a few microseconds): the kept page is shared by the
        # process's requests and must stay as it was stored.
        page = copy.copy(entry.page)
        page._enok_view_restrictions = list(entry.restrictions)
        request._wagtail_route_for_request = RouteResult(page)
        return page
    result = Page.route_for_request(request, path)
    if result is None or result[1] or result[2]:
        return None
    page = result[0]
    restrictions = tuple(page.get_view_restrictions())
    page.locale  # noqa: B018 - loaded now so that the stored page carries it
    stored = copy.copy(page)
    stored.__dict__.pop("_cached_parent_obj", None)
    keep(key, CachedRoute(stored, restrictions))
    return page


def may_use_anonymous_cache(request):
    """True for a plain GET from a browser with no session, no pending messages and no query string.

    Without a session cookie the visitor cannot be signed in, so nothing in the
    page can be about a person.
    """
    return (
        request.method == "GET"
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
        and not getattr(request, "is_preview", False)
    )


def anonymous_page_key(request):
    """The whole-page key: host (hence site), path, language and the data-saver choice."""
    return plain_key(
        "anon", request.get_host(), request.get_port(), request.path, get_language(), data_saver.is_on(request)
    )


@dataclass(frozen=True)
class CachedPage:
    """A rendered page with placeholders where per-request values go."""

    content: bytes
    headers: tuple
    version: str


def _may_store(request, response):
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
        and (user is None or not user.is_authenticated)
        and (session is None or not session.modified)
        and not (messages is not None and getattr(messages, "_queued_messages", None))
    )


def strip_per_request_values(request, content):
    """The content with placeholders for the CSRF token, submission token and nonce; None if unsafe to share."""
    for token in set(_CSRF_INPUT.findall(content)):
        content = content.replace(token, CSRF_PLACEHOLDER)
    for token in set(_SUBMISSION_INPUT.findall(content)):
        content = content.replace(token, SUBMISSION_PLACEHOLDER)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        content = content.replace(nonce.encode(), NONCE_PLACEHOLDER)
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        # A CSRF token printed anywhere but a form's hidden input would be this visitor's: do not share it.
        for candidate in _TOKEN_LIKE.findall(content):
            if _unmask_cipher_token(candidate.decode()) == secret:
                return None
    return content


def store(key, request, response):
    """Keep an anonymous page, unless anything in it or about it is not safe to share."""
    if not _may_store(request, response):
        return
    content = strip_per_request_values(request, response.content)
    if content is None:
        return
    headers = tuple((name, value) for name, value in response.items() if name.lower() != "set-cookie")
    keep(key, CachedPage(content, headers, content_version(request)))


def fill_per_request_values(request, content, csrf_token=None):
    """Stored content with this request's own CSRF token, a fresh submission token and the nonce put back."""
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, (csrf_token or get_token(request)).encode())
    if SUBMISSION_PLACEHOLDER in content:
        content = content.replace(SUBMISSION_PLACEHOLDER, str(uuid.uuid4()).encode())
    if NONCE_PLACEHOLDER in content:
        content = content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
    return content


def serve_stored(request, entry):
    """A response built from a stored page, with this request's own tokens and nonce."""
    response = HttpResponse(fill_per_request_values(request, entry.content))
    for name, value in entry.headers:
        response[name] = value
    patch_vary_headers(response, ["Cookie"])
    return response


def _serve_path(view_args, view_kwargs):
    if "path" in view_kwargs:
        return view_kwargs["path"]
    return view_args[0] if view_args else ""


class PageCacheMiddleware:
    """Route Wagtail pages from the cache, and serve and keep whole pages for anonymous visitors.

    Place it last in MIDDLEWARE: the session, CSRF, messages, CSP and other
    middleware then treat a stored page like a freshly rendered one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_enok_anonymous_page_key", None)
        if key is not None:
            store(key, request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail import views as wagtail_views

        if view_func is not wagtail_views.serve:
            return None
        # At most one round trip to the cache, for the version, the site and (for visitors) the page;
        # none when all three are known in this process.
        version = recent_version.get()
        keys = [] if version is not None else [VERSION_KEY]
        this_site_key = site_key(request)
        site_entry = local_copies.get(this_site_key)
        if site_entry is None or site_entry[0] != version:
            keys.append(this_site_key)
        page_key = anonymous_page_key(request) if may_use_anonymous_cache(request) else None
        local = local_copies.get(page_key) if page_key is not None else None
        if page_key is not None and local is None:
            keys.append(page_key)
        found = cache.get_many(keys) if keys else {}
        if found.get(VERSION_KEY):
            recent_version.set(found[VERSION_KEY])
            request._enok_content_version = found[VERSION_KEY]
        version = content_version(request)
        if this_site_key not in found and site_entry is not None:
            found[this_site_key] = site_entry
        site = site_for_request(request, found)
        if site is None:
            return None
        if page_key is not None:
            if local is not None and local.version == version:
                return serve_stored(request, local)
            entry = found.get(page_key) if local is None else cache.get(page_key)
            if entry is not None and entry.version == version:
                local_copies.set(page_key, entry)
                return serve_stored(request, entry)
            request._enok_anonymous_page_key = page_key
        route_for_request(request, site, _serve_path(view_args, view_kwargs))
        return None
