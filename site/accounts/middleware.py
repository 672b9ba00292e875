"""Send people with a one-time password to choose their own, and staff to two-factor sign-in, before anything else."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import two_factor


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


class TwoFactorMiddleware:
    """Two-factor sign-in where it is on, and where settings.REQUIRE_TWO_FACTOR_FOR_STAFF asks for it.

    1. A session signed in without a code, for an account that has two-factor
       sign-in (one from before it was turned on, or one made on another device
       before this one set it up), is ended: the person signs in again. So no
       page, Wagtail's admin included, opens without the code.
    2. In required mode, a tutor, editor or administrator without it is sent to
       set it up before any other page. Learners never are.
    Needs django_otp's OTPMiddleware before it (it provides user.is_verified()).
    """

    SETUP_ALLOWED_NAMES = (
        "accounts:two_factor",
        "accounts:logout",
        "accounts:password_change",
        "accounts:password_change_done",
        "set_language",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            if two_factor.had_two_factor_when_loaded(user):
                logout(request)
                messages.info(request, _("Please sign in again: your password, then a code from your app."))
                return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
            if settings.REQUIRE_TWO_FACTOR_FOR_STAFF and two_factor.may_use_two_factor(user):
                allowed = {reverse(name) for name in self.SETUP_ALLOWED_NAMES}
                if request.path not in allowed and not request.path.startswith(("/static/", "/media/")):
                    messages.info(request, _("Please set up two-factor sign-in before you go on."))
                    return redirect("accounts:two_factor")
        return self.get_response(request)
