"""Forms for signing up and signing in.

Sign-up asks only for a username and a password (and an optional display
name): no email address and no real name.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from . import throttle


class PlainLabelsMixin:
    """Labels stand on their own line in our forms, so they need no trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ThrottledLoginMixin:
    """Refuse sign-in while a username and address are locked out (accounts/throttle.py)."""

    throttled_message = _(
        "Too many failed attempts to sign in with this username. For your safety, please wait 15 minutes and try again."
    )

    def clean(self):
        username = self.cleaned_data.get("username")
        address = throttle.client_address(self.request)
        if username and throttle.is_locked_out(username, address):
            raise forms.ValidationError(self.throttled_message, code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                throttle.record_failure(username, address)
            raise
        throttle.clear_failures(username, address)
        return cleaned


class LoginForm(PlainLabelsMixin, ThrottledLoginMixin, AuthenticationForm):
    """The public site's sign-in form."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}),
    )
    remember = forms.BooleanField(
        label=_("Keep me signed in on this device"),
        required=False,
        help_text=_("Only on your own phone or computer. Tutors and editors are signed out after 12 hours."),
    )


class AdminLoginForm(ThrottledLoginMixin, WagtailLoginForm):
    """Wagtail's admin sign-in form with the same throttling."""


class SignUpForm(PlainLabelsMixin, UserCreationForm):
    """A new learner account: username, optional display name, password twice."""

    class Meta:
        model = get_user_model()
        fields = ("username", "display_name")
        labels = {"username": _("Username"), "display_name": _("Display name (optional)")}
        help_texts = {
            "username": _("Letters, numbers and @ . + - _ only. You will use it to sign in."),
            "display_name": _(
                "Shown on your pages and certificates instead of your username. It need not be your real name."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("Password again")
        self.fields["password1"].help_text = _("At least 8 characters. Not only numbers, and not a common password.")
        self.fields["password2"].help_text = _("Type the same password again, to check it.")


class ChangePasswordForm(PlainLabelsMixin, PasswordChangeForm):
    """Django's password change form, with our label style."""


class DisplayNameForm(PlainLabelsMixin, forms.ModelForm):
    """Change the name shown on pages and certificates (it may be left empty)."""

    class Meta:
        model = get_user_model()
        fields = ("display_name",)
        labels = {"display_name": _("Display name")}
        help_texts = {
            "display_name": _(
                "Shown on your pages and certificates instead of your username. It need not be your real name. "
                "Leave it empty to show your username."
            ),
        }


class DeleteAccountForm(PlainLabelsMixin, forms.Form):
    """Confirm deleting one's own account: the password, and a tick that says it is understood.

    Wrong passwords count towards the same lockout as failed sign-ins
    (accounts/throttle.py), so this form cannot be used to guess a password.
    """

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_("I understand that my account and everything in it will be deleted for good."),
        error_messages={"required": _("Please tick the box to confirm. Nothing was deleted.")},
    )

    wrong_password_message = _("That password is not right. Nothing was deleted.")

    def __init__(self, *args, user, request=None, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["password"].error_messages["required"] = _("Please type your password. Nothing was deleted.")

    def clean_password(self):
        password = self.cleaned_data["password"]
        address = throttle.client_address(self.request)
        if throttle.is_locked_out(self.user.username, address):
            raise forms.ValidationError(ThrottledLoginMixin.throttled_message, code="throttled")
        if not self.user.check_password(password):
            throttle.record_failure(self.user.username, address)
            raise forms.ValidationError(self.wrong_password_message, code="password_incorrect")
        return password
