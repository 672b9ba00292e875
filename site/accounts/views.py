"""Sign up, sign in and out, change password, choose the interface language, and own data.

Account settings show what is stored; a learner can download all of it
(accounts/data.py decides what "all" is) and delete their account for good.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy, translate_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from django.views import i18n
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, View

from . import data, two_factor
from .forms import ChangePasswordForm, DeleteAccountForm, DisplayNameForm, LoginForm, SignUpForm
from .roles import LEARNERS


def remember_language(response, language):
    """Set the language cookie that LocaleMiddleware reads."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def session_lifetime(user, remember):
    """Seconds a new session lasts: 0 (until the browser closes) unless a learner asks to stay signed in.

    Learners who tick "Keep me signed in" stay signed in for settings.LEARNER_REMEMBER_AGE;
    tutors, editors and staff never longer than settings.SESSION_COOKIE_AGE (12 hours).
    """
    plain_learner = not (user.is_staff or user.is_superuser or user.groups.exclude(name=LEARNERS).exists())
    if remember and plain_learner:
        return settings.LEARNER_REMEMBER_AGE
    return 0


def signed_in_redirect(user, url):
    """Go to `url` after signing in, in the language the person chose before (and remember it)."""
    language = user.language
    if language and language != get_language():
        return remember_language(HttpResponseRedirect(translate_url(url, language)), language)
    return HttpResponseRedirect(url)


def set_language(request):
    """Django's set_language, which also keeps the choice on a signed-in user's account."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    chosen = request.method == "POST" and language in dict(settings.LANGUAGES)
    if chosen and request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


class LoginView(auth_views.LoginView):
    """Sign in, throttled, and switch to the language the person chose before."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Without a `next`, go to My learning in the language of the page the person signed in on."""
        return reverse("progress:my_learning")

    def get_redirect_url(self):
        """A safe `next` that is a path on this site, or "" (redirect() would take "0" or "x" for a view name)."""
        url = super().get_redirect_url()
        return url if url.startswith("/") else ""

    def form_valid(self, form):
        """Sign in; or, for an account with two-factor sign-in, ask for the code first (nobody is signed in yet)."""
        user = form.get_user()
        expiry = session_lifetime(user, form.cleaned_data.get("remember"))
        if two_factor.has_two_factor(user):
            two_factor.start_pending(self.request, user, expiry, self.get_success_url())
            return redirect("accounts:login_code")
        login(self.request, user)
        self.request.session.set_expiry(expiry)
        return signed_in_redirect(user, self.get_success_url())


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires) and say so.

    The browser is also told to forget what this site stored in it (lessons saved for
    offline use, answers waiting to be sent): on a shared phone the next person must not
    find them. offline.js warns first when answers are still waiting (SECURITY.md).
    """

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have signed out."))
        response["Clear-Site-Data"] = '"storage"'
        return response


@method_decorator(sensitive_post_parameters("password1", "password2"), name="dispatch")
class SignUpView(FormView):
    """Create a learner account with a username and a password, and sign in."""

    form_class = SignUpForm
    template_name = "accounts/signup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        # Only a path: redirect() would take "0" or "x" for a view name and fail (found by fuzzing).
        safe = url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure())
        if safe and target.startswith("/"):
            return target
        return "/" + get_language() + "/"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.GET.get("next", "")
        return context

    @transaction.atomic
    def form_valid(self, form):
        user = form.save(commit=False)
        user.language = get_language()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=LEARNERS)[0])
        login(self.request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        messages.success(self.request, _("Welcome! Your account is ready, and your progress will be saved."))
        return redirect(self.get_success_url())


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def _home_url():
    return "/" + get_language() + "/"


class AccountSettingsView(LoginRequiredMixin, FormView):
    """What we store about you, a form for the display name, and the ways to download or delete it all."""

    form_class = DisplayNameForm
    template_name = "accounts/settings.html"
    success_url = reverse_lazy("accounts:settings")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code = self.request.user.language or get_language()
        context["language_name"] = get_language_info(code)["name_local"]
        context["two_factor_available"] = two_factor.may_use_two_factor(self.request.user)
        context["two_factor_on"] = context["two_factor_available"] and two_factor.has_two_factor(self.request.user)
        return context

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your display name is saved."))
        return super().form_valid(form)


class ExportDataView(LoginRequiredMixin, View):
    """Download everything stored about the signed-in person as one JSON file."""

    http_method_names = ["get", "head"]
    filename = "enok-learn-my-data.json"

    def get(self, request, *args, **kwargs):
        response = JsonResponse(
            data.export_user_data(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        response["Cache-Control"] = "no-store"
        return response


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class DeleteAccountView(LoginRequiredMixin, FormView):
    """Delete one's own account and everything in it, after the password and a tick.

    Superusers are refused here (an administrator must not lock the site out
    by accident); they are told so and nothing is deleted.
    """

    form_class = DeleteAccountForm
    template_name = "accounts/delete.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_superuser:
            messages.error(
                request, _("An administrator account cannot be deleted here. Ask another administrator to do it.")
            )
            return redirect("accounts:settings")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, request=self.request)
        return kwargs

    def form_valid(self, form):
        data.delete_user(self.request.user)
        logout(self.request)
        messages.success(
            self.request, _("Your account and everything in it have been deleted. Thank you for learning with us.")
        )
        return redirect(_home_url())
