"""Wagtail's password forms (private pages and documents) with a return address that is always a path.

Wagtail's views redirect with django.shortcuts.redirect(), which takes a
return_url such as "0" or "home" for the name of a view and fails with a server
error (found by fuzzing: tests/security/test_fuzz_forms.py). `path_only_return_url`
wraps such a view so that any posted return_url that is not a path on this site
becomes "/" before Wagtail sees it.
"""

from functools import wraps


def is_local_path(url):
    """True for "/something" (but not "//host" or "/\\host", which browsers read as another host)."""
    return url.startswith("/") and not url.startswith(("//", "/\\"))


def path_only_return_url(view):
    """Wrap a Wagtail password view so that a posted return_url is a local path or "/"."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not is_local_path(request.POST.get("return_url", "/")):
            data = request.POST.copy()
            data.setlist("return_url", ["/"])
            request.POST = data
        return view(request, *args, **kwargs)

    return wrapped
