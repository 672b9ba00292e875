"""Two-factor sign-in pages: the code step of signing in, set-up, recovery codes and turning it off.

Only people who may use it (accounts/two_factor.may_use_two_factor: tutors,
editors, moderators, administrators) see the set-up pages; learners get 403.
The second sign-in step serves anyone with a pending sign-in (a correct
password for an account with two-factor sign-in), and signs them in only when
the code is right.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, View
from django_otp import login as otp_login
from wagtail.admin.views.account import LoginView as WagtailLoginView

from . import two_factor
from .forms import ThrottledLoginMixin
from .models import User
from .two_factor_forms import ConfirmDeviceForm, SignInCodeForm, TurnOffForm
from .views import signed_in_redirect


@method_decorator([sensitive_post_parameters("code"), never_cache], name="dispatch")
class SignInCodeView(FormView):
    """The second sign-in step: after a correct password, a code from the app or a recovery code."""

    form_class = SignInCodeForm
    template_name = "accounts/two_factor_sign_in.html"

    def dispatch(self, request, *args, **kwargs):
        self.pending = two_factor.get_pending(request)
        self.user = None
        if self.pending:
            self.user = User.objects.filter(pk=self.pending["user"], is_active=True).first()
        if self.user is None:
            two_factor.clear_pending(request)
            messages.info(request, _("Please sign in with your username and password first."))
            return redirect("accounts:login")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.user, request=self.request)
        return kwargs

    def form_invalid(self, form):
        if form.is_locked_out():
            # Too many wrong codes: start again from the password, once the lockout is over.
            two_factor.clear_pending(self.request)
            messages.error(self.request, ThrottledLoginMixin.throttled_message)
            return redirect("accounts:login")
        return super().form_invalid(form)

    def form_valid(self, form):
        pending = self.pending
        two_factor.clear_pending(self.request)
        # login() gives the session a new key; only now is the person signed in.
        login(self.request, self.user, backend=pending["backend"])
        otp_login(self.request, form.device)
        self.request.session.set_expiry(pending["expiry"])
        if form.device.persistent_id.startswith("otp_static"):
            left = form.device.token_set.count()
            messages.warning(
                self.request,
                _("You used a recovery code. %(count)s are left: make new ones on the two-factor page if you need to.")
                % {"count": left},
            )
        next_url = pending["next"] if str(pending["next"]).startswith("/") else reverse("progress:my_learning")
        return signed_in_redirect(self.user, next_url)


class AdminLoginView(WagtailLoginView):
    """Wagtail's admin sign-in, which hands people with two-factor sign-in to the code step."""

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor.has_two_factor(user):
            return super().form_valid(form)
        expiry = settings.SESSION_COOKIE_AGE if form.cleaned_data.get("remember") else 0
        two_factor.start_pending(self.request, user, expiry, self.get_success_url())
        return redirect("accounts:login_code")


class TwoFactorAccessMixin(LoginRequiredMixin):
    """Only tutors, editors, moderators and administrators; learners are refused (403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not two_factor.may_use_two_factor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class TwoFactorView(TwoFactorAccessMixin, FormView):
    """Two-factor sign-in on the account: its state and the way to turn it off, or else the set-up.

    Set-up shows a QR code and the secret as text; one right code from the app
    turns it on, and the recovery codes are shown once, on that response only.
    """

    form_class = ConfirmDeviceForm
    template_name = "accounts/two_factor_setup.html"

    def get(self, request, *args, **kwargs):
        if two_factor.has_two_factor(request.user):
            form = TurnOffForm(user=request.user, request=request)
            return _no_store(TemplateResponse(request, "accounts/two_factor.html", {"form": form}))
        return _no_store(super().get(request, *args, **kwargs))

    def post(self, request, *args, **kwargs):
        if two_factor.has_two_factor(request.user):
            return redirect("accounts:two_factor")
        return _no_store(super().post(request, *args, **kwargs))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["device"] = two_factor.unconfirmed_device(self.request.user, create=True)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = context["form"].device
        context["secret"] = two_factor.secret_text(device)
        context["qr_code"] = two_factor.qr_code_svg(device.config_url, _("QR code for your authenticator app"))
        return context

    def form_valid(self, form):
        codes = two_factor.confirm_device(form.device)
        # This session proved the code; other sessions of this account must sign in again.
        otp_login(self.request, form.device)
        messages.success(self.request, _("Two-factor sign-in is on."))
        return TemplateResponse(self.request, "accounts/two_factor_recovery.html", {"codes": codes})


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class RecoveryCodesView(TwoFactorAccessMixin, View):
    """Make new recovery codes (the old ones stop working), after a current code from the app."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not two_factor.has_two_factor(request.user):
            return redirect("accounts:two_factor")
        form = SignInCodeForm(request.POST, user=request.user, request=request)
        if not form.is_valid():
            for error in form.errors.get("code", []):
                messages.error(request, error)
            return redirect("accounts:two_factor")
        codes = two_factor.make_recovery_codes(request.user)
        return _no_store(TemplateResponse(request, "accounts/two_factor_recovery.html", {"codes": codes}))


@method_decorator(sensitive_post_parameters("code", "password"), name="dispatch")
class TurnOffView(TwoFactorAccessMixin, FormView):
    """Turn two-factor sign-in off, after a current code or the password."""

    form_class = TurnOffForm
    template_name = "accounts/two_factor.html"
    http_method_names = ["post"]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, request=self.request)
        return kwargs

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and two_factor.may_use_two_factor(user) and not two_factor.has_two_factor(user):
            return redirect("accounts:two_factor")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        two_factor.turn_off(self.request.user)
        messages.success(self.request, _("Two-factor sign-in is off."))
        return redirect("accounts:settings")
