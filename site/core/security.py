"""Security headers that Django's own settings cannot express.

The public site sends the strict policy in settings.CONTENT_SECURITY_POLICY.
Wagtail's admin still needs inline scripts and eval in some choosers, so
responses under settings.ADMIN_URL_PREFIX get ADMIN_CONTENT_SECURITY_POLICY and
may be framed by the admin itself (page previews). The exception is kept to
that prefix; SECURITY.md explains it.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


def is_admin_path(path):
    """True for paths served by Wagtail's admin."""
    return path.startswith(settings.ADMIN_URL_PREFIX)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's looser policy under /admin/."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts

    def process_response(self, request, response):
        if is_admin_path(request.path_info):
            # Admin previews are framed by the admin; the public site never is.
            response.setdefault("X-Frame-Options", "SAMEORIGIN")
        return super().process_response(request, response)
