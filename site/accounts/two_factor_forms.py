"""Forms for two-factor sign-in: the code on the second sign-in step, set-up and turning it off."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import throttle, two_factor
from .forms import PlainLabelsMixin, ThrottledLoginMixin


def code_field(label, help_text):
    """A text box for a 6-digit code or a recovery code, which phones can fill in from the app."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=40,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false", "autofocus": True}
        ),
    )


def code_throttle_name(user):
    """The throttle key for wrong codes: apart from wrong passwords, so a right password does not reset it."""
    return "two-factor\x00" + user.username


class SignInCodeForm(PlainLabelsMixin, forms.Form):
    """The second sign-in step: a code from the app, or a recovery code. Wrong codes are throttled."""

    code = code_field(
        _("Code"),
        _("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
    )

    wrong_code_message = _(
        "That code is not right, or came too soon after a wrong one. "
        "Please wait a few seconds, then type the newest code from your app."
    )

    def __init__(self, *args, user, request, **kwargs):
        self.user = user
        self.request = request
        self.device = None
        super().__init__(*args, **kwargs)
        self.fields["code"].error_messages["required"] = _("Please type the code from your app.")

    def is_locked_out(self):
        """True while too many wrong codes were typed for this account from this address."""
        return throttle.is_locked_out(code_throttle_name(self.user), throttle.client_address(self.request))

    def clean_code(self):
        code = self.cleaned_data["code"]
        address = throttle.client_address(self.request)
        if self.is_locked_out():
            raise forms.ValidationError(ThrottledLoginMixin.throttled_message, code="throttled")
        self.device = two_factor.verify_code(self.user, code)
        if self.device is None:
            throttle.record_failure(code_throttle_name(self.user), address)
            raise forms.ValidationError(self.wrong_code_message, code="wrong_code")
        throttle.clear_failures(code_throttle_name(self.user), address)
        return code


class ConfirmDeviceForm(PlainLabelsMixin, forms.Form):
    """Set-up: one code from the new app, which proves it was set up right."""

    code = code_field(
        _("Code from the app"),
        _("Type the 6-digit code the app shows for ENoK Learn."),
    )

    def __init__(self, *args, device, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)
        self.fields["code"].error_messages["required"] = _("Please type the code from your app.")

    def clean_code(self):
        code = two_factor.clean_code(self.cleaned_data["code"])
        if not (code.isdigit() and self.device.verify_token(code)):
            raise forms.ValidationError(
                _(
                    "That code is not right. Check that the time on your phone is correct, "
                    "then type the newest code. Two-factor sign-in is not on yet."
                ),
                code="wrong_code",
            )
        return code


class TurnOffForm(PlainLabelsMixin, forms.Form):
    """Turning two-factor sign-in off: a current code, or the password. Wrong answers are throttled."""

    code = forms.CharField(
        label=_("A current code"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
        help_text=_("From your authenticator app, or a recovery code."),
    )
    password = forms.CharField(
        label=_("Or your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, request, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code", "")
        password = cleaned.get("password", "")
        address = throttle.client_address(self.request)
        if throttle.is_locked_out(self.user.username, address):
            raise forms.ValidationError(ThrottledLoginMixin.throttled_message, code="throttled")
        if not code and not password:
            raise forms.ValidationError(
                _("Please type a current code or your password. Two-factor sign-in is still on."), code="required"
            )
        if self.errors:  # a field is refused already: check no code, so no recovery code is used up for nothing
            return cleaned
        if (code and two_factor.verify_code(self.user, code)) or (password and self.user.check_password(password)):
            return cleaned
        throttle.record_failure(self.user.username, address)
        raise forms.ValidationError(
            _("That code or password is not right. Two-factor sign-in is still on."), code="wrong"
        )
