"""Who may see what in the progress app."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.roles import is_tutor


def tutor_required(view):
    """Anonymous visitors are sent to sign in; signed-in non-tutors get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_tutor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
