"""Template context shared by every page."""

from django.utils.functional import SimpleLazyObject

from accounts.roles import is_tutor

from .navigation import header_links


def navigation(request):
    """Header links and the roles that decide which of them show."""
    user = getattr(request, "user", None)
    return {
        "nav": SimpleLazyObject(header_links),
        "show_tutor_link": SimpleLazyObject(lambda: bool(user and is_tutor(user))),
    }
