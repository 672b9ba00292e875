"""Pages for signed-in readers from one shared frame, with each reader's own parts filled in.

A lesson page shows a few things about its reader (their name, whether they have
finished the lesson, their quiz attempts, their checklist ticks) and is otherwise
the same for everyone who reads it at the same address, in the same language, with
the same data-saver choice and the same header links. Such a page marks each
personal part in its template with ``{% hole "name" %}`` (core/templatetags/frame_tags.py).

- Rendered as usual (visitors, previews, addresses with a query string), a hole
  renders its part at once, from the template context.
- For a signed-in reader, `serve` renders the page once as a *frame*: every hole
  becomes a marker, and the CSRF and submission tokens become placeholders
  (core/page_cache.py). The frame is kept in the shared cache under the content
  version, like the other cached renderings, and each request fills the markers
  with this reader's parts, computed now. The first reader renders the frame; every
  later reader, whoever they are, only fills it.

A frame is kept only if it is safe to share: the reader's username and name, and
their CSRF secret, must not appear in it. A hole is a function registered with
`hole`, taking a `Reader` and the hole's argument and returning HTML.
"""

import re

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts.roles import is_tutor

from . import data_saver
from .page_cache import (
    CSRF_PLACEHOLDER,
    LocalCopies,
    fill_per_request_values,
    keep,
    make_key,
    read_kept,
    strip_per_request_values,
)

_HOLES = {}
_MARK = re.compile(rb"<!--enok-hole:([a-z_]+):([A-Za-z0-9_-]*)-->")
_NAME = re.compile(r"[a-z_]+")
_ARGUMENT = re.compile(r"[A-Za-z0-9_-]*")
# Names shorter than this are too likely to occur in any page to tell whether a frame holds them.
_SHORTEST_CHECKED_NAME = 3
# Parts that are the same for every reader in the same state (Reader.shared), kept by each process.
# Their keys hold the frame's key, so the content version and the code: a stale part is never used.
shared_parts = LocalCopies(size=512)


def hole(name):
    """Register the function that renders the hole `name`: function(reader, argument) -> HTML."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"A hole's name is lower-case letters and underscores, not {name!r}.")

    def register(function):
        _HOLES[name] = function
        return function

    return register


class Reader:
    """What a hole may use: the request, the page, and the values the page was served with.

    `values` is the template context when the page is rendered as usual, or the
    values the page's serve() passed when a frame is filled (for a lesson: the quiz
    outcome of this submission). `remember` keeps a value for the other holes of the
    same request (one query for the reader's progress, not one per hole). `shared`
    renders a part that shows the reader only through a small state once for all
    readers in that state. `frame_key` is the frame's key while a frame is filled.
    """

    def __init__(self, request, page, values, frame_key=None):
        self.request = request
        self.page = page
        self.values = values
        self.frame_key = frame_key

    @property
    def user(self):
        return self.request.user

    @property
    def csrf_token(self):
        """This request's CSRF form token, made once for all its holes (making one costs 32 random draws)."""
        return self.remember("csrf_token", lambda: get_token(self.request))

    def get(self, name, default=None):
        return self.values.get(name, default)

    def remember(self, name, compute):
        return remember(self.request, name, compute)

    def shared(self, name, state, render):
        """A part that shows the reader only as `state`, rendered once per frame and state in this process.

        `state` is a tuple of plain values holding everything about the reader that
        the part shows (for a checklist: which steps they ticked). `render(csrf_token)`
        renders the part with the CSRF token it is given. While a frame is filled,
        readers in the same state get the same HTML, rendered with the CSRF
        placeholder that is then replaced by each reader's own token; a part that
        holds the reader's name is not kept. Rendered as usual (visitors, previews,
        where the page may be a draft), the part is rendered each time.
        """
        if self.frame_key is None:
            return render(self.csrf_token)
        key = (self.frame_key, name, state)
        part = shared_parts.get(key)
        if part is None:
            part = render(CSRF_PLACEHOLDER.decode())
            if _names_in(self.user, str(part).encode()):
                return part
            shared_parts.set(key, part)
        return part


def remember(request, name, compute):
    """`compute()`, called once per request and name: for the holes, and for a view that reads the same value first."""
    memo = request.__dict__.setdefault("_enok_hole_memo", {})
    if name not in memo:
        memo[name] = compute()
    return memo[name]


def render_hole(name, request, page, values, argument=""):
    """The hole's HTML for this reader, or its marker while a frame is being rendered."""
    argument = str(argument)
    if not _ARGUMENT.fullmatch(argument):
        raise ValueError(f"A hole's argument is letters, digits, '-' and '_', not {argument!r}.")
    if getattr(request, "_enok_rendering_frame", False):
        return mark_safe(f"<!--enok-hole:{name}:{argument}-->")  # noqa: S308 - a fixed marker
    return _HOLES[name](Reader(request, page, values), argument)


def may_use_frame(request):
    """True for a signed-in reader's GET or POST to an address without a query string, outside previews."""
    user = getattr(request, "user", None)
    return (
        user is not None
        and user.is_authenticated
        and request.method in {"GET", "POST"}
        and not request.GET
        and not getattr(request, "is_preview", False)
    )


def frame_key(request):
    """Everything a signed-in page's frame depends on besides the content version and the code."""
    return make_key(
        "frame",
        request,
        request.get_host(),
        request.get_port(),
        request.path,
        get_language(),
        data_saver.is_on(request),
        is_tutor(request.user),
    )


def serve(request, page, render, values=None):
    """The response for `page`: from its frame for a signed-in reader, otherwise `render()` as usual.

    `render` returns the page's TemplateResponse; `values` are what its holes need
    besides the request and the page (they are also in the context `render` uses).
    """
    if not may_use_frame(request):
        return render()
    key = frame_key(request)
    frame = read_kept(key)
    if frame is None:
        request._enok_rendering_frame = True
        try:
            response = render()
            if hasattr(response, "render"):
                response.render()
        finally:
            request._enok_rendering_frame = False
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            return render()  # not a page to frame: rendered again as usual, holes filled in place
        frame = strip_per_request_values(request, response.content)
        if frame is None or _names_in(request.user, frame):
            # Not shared; still filled for this reader alone, so the page is rendered only once.
            frame = response.content
        else:
            keep(key, frame)
    return _fill(request, page, frame, values or {}, key)


def _names_in(user, content):
    """True if the reader's username or shown name is in `content` (so it must not be shared)."""
    lowered = content.lower()
    for name in {user.get_username(), getattr(user, "display_name", "")}:
        for form in {name, str(escape(name))}:
            if len(name) >= _SHORTEST_CHECKED_NAME and form.lower().encode() in lowered:
                return True
    return False


def _fill(request, page, frame, values, key):
    reader = Reader(request, page, values, frame_key=key)

    def part(match):
        function = _HOLES[match.group(1).decode()]
        return str(function(reader, match.group(2).decode())).encode()

    response = HttpResponse(fill_per_request_values(request, _MARK.sub(part, frame), reader.csrf_token))
    patch_vary_headers(response, ["Cookie"])
    return response
