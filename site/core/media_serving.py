"""How uploaded files reach a browser: documents only as attachments, never straight from /media/.

Documents go through Wagtail's serve view (settings.WAGTAILDOCS_SERVE_METHOD =
"serve_view"), which answers with Content-Disposition: attachment, nosniff and
"default-src 'none'"; serve_document adds a CSP sandbox, so even a browser that
shows the file itself runs nothing in it with this site's origin.

The files behind them live in MEDIA_ROOT/documents/. In development Django serves
MEDIA_ROOT (media_urlpatterns, DEBUG only) and refuses that folder; in production
the web server serves /media/ and must refuse /media/documents/ itself (README,
SECURITY.md).
"""

import posixpath
import re

from django.conf import settings
from django.http import Http404
from django.urls import path, re_path
from django.views.static import serve as serve_static
from wagtail.documents.views import serve as wagtail_serve

from .password_forms import path_only_return_url

# The folder under MEDIA_ROOT where Wagtail keeps document files.
DOCUMENTS_FOLDER = "documents"


def serve_document(request, document_id, document_filename):
    """Wagtail's document serve view, with a sandbox added to its Content-Security-Policy."""
    response = wagtail_serve.serve(request, document_id, document_filename)
    if response.status_code == 200:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["X-Content-Type-Options"] = "nosniff"
    return response


# Wagtail's own documents URLs (same names, so {% document %} links and doc.url
# still work), with our serve view in place of Wagtail's.
document_urlpatterns = [
    re_path(r"^(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        path_only_return_url(wagtail_serve.authenticate_with_password),  # a return_url "0" was a 500
        name="wagtaildocs_authenticate_with_password",
    ),
]


def is_private_media(relative_path):
    """True for a path under MEDIA_ROOT that must never be served directly (document files)."""
    normalised = posixpath.normpath("/" + relative_path.replace("\\", "/")).lstrip("/").lower()
    return normalised == DOCUMENTS_FOLDER or normalised.startswith(DOCUMENTS_FOLDER + "/")


def serve_media(request, path):
    """Development only: serve an uploaded file from MEDIA_ROOT, except document files."""
    if not settings.DEBUG or is_private_media(path):
        raise Http404
    return serve_static(request, path, document_root=settings.MEDIA_ROOT)


def media_urlpatterns():
    """The URL pattern for uploaded files in development (DEBUG); none otherwise."""
    if not settings.DEBUG:
        return []
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{re.escape(prefix)}(?P<path>.*)$", serve_media)]
