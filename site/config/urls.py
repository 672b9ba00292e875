"""URL configuration.

Admin and language switching live outside the language prefix; everything a
learner reads is under /en/ or /ko/ (i18n_patterns), as Wagtail localisation
expects. Wagtail's page serving comes last: it catches every other path.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls

from accounts import two_factor_views
from accounts import views as account_views
from accounts.admin_account import admin_account_view
from core import bench, data_saver, offline
from core.media_serving import document_urlpatterns, media_urlpatterns
from core.password_forms import path_only_return_url

urlpatterns = [
    # Before Wagtail's own: the admin sign-in asks for the two-factor code too, and the admin
    # account page has no name, email or photo panels (accounts/two_factor_views.py, admin_account.py).
    path("admin/login/", two_factor_views.AdminLoginView.as_view(), name="wagtailadmin_login"),
    path("admin/account/", admin_account_view, name="wagtailadmin_account"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs, served as sandboxed attachments (core/media_serving.py).
    path("documents/", include(document_urlpatterns)),
    path("language/", account_views.set_language, name="set_language"),
    # Offline lessons: the service worker and manifest at the root, so the app's scope is the
    # whole site; the data-saver switch works for visitors too (core/offline.py, core/data_saver.py).
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("offline/session/", offline.session, name="offline_session"),
    path("data-saver/", data_saver.toggle, name="data_saver"),
]
# Only for `make bench`: a bare "ok" view when ENOK_BENCH=1 (core/bench.py); absent otherwise.
urlpatterns += bench.bench_urlpatterns()

urlpatterns += i18n_patterns(
    path("accounts/", include("accounts.urls")),
    path("", include("progress.urls")),
    path("learning/review/", include("progress.review_urls")),
    path("tutor/", include("progress.tutoring.urls")),
    path("", include("core.urls")),
    path("offline/", offline.offline_page, name="offline"),
    path("", include("lessons.urls")),
    # Wagtail's sign-in for private pages would skip sign-in throttling (and the two-factor step):
    # send it to the site's own sign-in, keeping ?next= (tests/security/test_frontend_login.py).
    path(
        "_util/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
        name="wagtailcore_login",
    ),
    # Wagtail's password form for private pages, whose return_url must be a path ("0" was a 500).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        path_only_return_url(wagtail_views.authenticate_with_password),
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
)

if settings.DEBUG:
    # Uploaded files in development, except document files (core/media_serving.py).
    urlpatterns = staticfiles_urlpatterns() + media_urlpatterns() + urlpatterns
