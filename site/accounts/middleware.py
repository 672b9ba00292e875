"""Send people with a one-time password to choose their own before anything else."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class ForcePasswordChangeMiddleware:
    """While user.must_change_password is set, every page but a few redirects to 'Change password'."""

    ALLOWED_NAMES = ("accounts:password_change", "accounts:password_change_done", "accounts:logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.ALLOWED_NAMES}
            if request.path not in allowed and not request.path.startswith(("/static/", "/media/")):
                messages.info(request, _("Please choose your own password before you go on."))
                return redirect("accounts:password_change")
        return self.get_response(request)
